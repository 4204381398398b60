# Notes linked to mandates, report sections and targets, as actions are (issue 19).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coordination', '0002_meetings_actions_positions'),
        ('decisions', '0006_batch_corrections'),
        ('frameworks', '0002_targets_retired_not_deleted'),
        ('reporting', '0003_questionnaire_cycle_dates'),
    ]

    operations = [
        migrations.AddField(
            model_name='workinggroupnote',
            name='mandates',
            field=models.ManyToManyField(blank=True, related_name='+', to='decisions.mandate'),
        ),
        migrations.AddField(
            model_name='workinggroupnote',
            name='sections',
            field=models.ManyToManyField(blank=True, related_name='+', to='reporting.section'),
        ),
        migrations.AddField(
            model_name='workinggroupnote',
            name='targets',
            field=models.ManyToManyField(blank=True, related_name='+', to='frameworks.target'),
        ),
    ]
