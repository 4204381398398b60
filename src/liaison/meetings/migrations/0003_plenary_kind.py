"""A plenary ("Plenary-2" of IPBES) is its own kind of meeting, not a Conference of the Parties: the kind added, and
the meetings stored as "cop" from a plenary's label moved to it."""

from django.db import migrations, models


def plenaries_move(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Meeting.objects.filter(kind="cop", symbol__startswith="Plenary-").update(kind="plenary")


def plenaries_back(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Meeting.objects.filter(kind="plenary").update(kind="cop")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_meetings_from_decision_labels")]
    operations = [
        migrations.AlterField(
            model_name="meeting", name="kind",
            field=models.CharField(choices=[("cop", "Conference of the Parties"), ("mop", "Meeting of the Parties"),
                                            ("standing-committee", "Standing Committee"),
                                            ("scientific-council", "Scientific Council"), ("plenary", "Plenary"),
                                            ("other", "Other meeting")], default="other", max_length=20)),
        migrations.RunPython(plenaries_move, plenaries_back),
    ]
