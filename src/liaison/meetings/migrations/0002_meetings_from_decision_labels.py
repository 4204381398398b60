"""Make the meetings the existing decisions' labels name ("COP12"), per convention, and link each decision to
its meeting. A label no rule of meetings.symbols reads stays as it is (the loader counts those)."""

import datetime as dt

from django.db import migrations
from django.utils.text import slugify

SOURCE = "the meeting labels of the decisions (migration meetings 0002)"


def labels_resolve(apps, schema_editor):
    from liaison.meetings.symbols import meeting_label_read  # plain text rules, no model

    Decision = apps.get_model("decisions", "Decision")
    Meeting = apps.get_model("meetings", "Meeting")
    made: dict[tuple[int, str], int] = {}
    unresolved = 0
    for decision in Decision.objects.filter(adopting_meeting__isnull=True).exclude(meeting=""):
        read = meeting_label_read(decision.meeting)
        if read is None:
            unresolved += 1
            continue
        key = (decision.convention_id, read.symbol)
        if key not in made:
            meeting = Meeting.objects.filter(convention_id=key[0], symbol=read.symbol).first()
            if meeting is None:
                acronym = decision.convention.acronym
                base = slugify(f"{acronym} {read.symbol}")[:100] or "meeting"
                slug, n = base, 1
                while Meeting.objects.filter(slug=slug).exists():
                    n += 1
                    slug = f"{base}-{n}"
                year = decision.year if decision.year and 1900 <= decision.year <= 2100 else None
                meeting = Meeting.objects.create(
                    slug=slug, convention_id=key[0], kind=read.kind, number=read.number, symbol=read.symbol,
                    title=decision.meeting[:300] if len(decision.meeting) > len(read.symbol)
                    else f"{acronym} {read.symbol}",
                    start=dt.date(year, 1, 1) if year else None, end=dt.date(year, 12, 31) if year else None,
                    precision="year", city=read.city[:120], published=True, source=SOURCE)
            made[key] = meeting.pk
        Decision.objects.filter(pk=decision.pk).update(adopting_meeting_id=made[key])
    if unresolved:
        print(f"\n  meetings 0002: {unresolved} decision meeting labels no rule reads (kept as labels)")
    return unresolved


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("decisions", "0008_decision_adopting_meeting"),
    ]

    operations = [migrations.RunPython(labels_resolve, migrations.RunPython.noop)]
