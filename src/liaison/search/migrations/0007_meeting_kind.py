"""Meetings as a kind of search document (issue 13). Only the choices change: no SQL on either engine (checked
with sqlmigrate), so SQLite keeps the table and its FTS5 triggers."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0006_filter_indexes_pg'),
    ]

    operations = [
        migrations.AlterField(
            model_name='searchdocument',
            name='kind',
            field=models.CharField(choices=[('decision', 'Decisions'), ('meeting', 'Meetings'), ('paragraph', 'Decision paragraphs'), ('mandate', 'Mandates'), ('target', 'Targets'), ('indicator', 'Indicators'), ('convention', 'Conventions'), ('country', 'Countries'), ('organization', 'Organizations'), ('partnership', 'Partnerships'), ('activity', 'Work-plan activities'), ('question', 'Questionnaire questions'), ('report', 'National reports'), ('answer', 'Answers in national reports'), ('contribution', 'Partner contributions')], max_length=16),
        ),
    ]
