"""Opt-outs become mail preferences per user and kind: an existing opt-out is the preference "no e-mail"."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alerts', '0002_notification_report_due'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='mailoptout', name='mail_opt_out_unique'),
        migrations.RenameModel(old_name='MailOptOut', new_name='MailPreference'),
        # the rows there are opt-outs: they get "none"; new rows default to "immediate"
        migrations.AddField(
            model_name='mailpreference',
            name='frequency',
            field=models.CharField(default='none', max_length=16),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='mailpreference',
            name='frequency',
            field=models.CharField(choices=[('immediate', 'At once'), ('daily', 'In a daily digest'), ('weekly', 'In a weekly digest'), ('none', 'No e-mail')], default='immediate', max_length=16),
        ),
        migrations.AddConstraint(
            model_name='mailpreference',
            constraint=models.UniqueConstraint(fields=('user', 'kind'), name='mail_preference_unique'),
        ),
        migrations.AddField(
            model_name='notification',
            name='unmailed',
            field=models.CharField(blank=True, choices=[('no_address', 'No e-mail address'), ('opted_out', 'E-mails of this kind turned off'), ('inactive', 'Account inactive')], max_length=16),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['created_at'], name='alerts_noti_created_0ebca0_idx'),
        ),
        migrations.CreateModel(
            name='MailOptOut',
            fields=[],
            options={'proxy': True, 'indexes': [], 'constraints': []},
            bases=('alerts.mailpreference',),
        ),
    ]
