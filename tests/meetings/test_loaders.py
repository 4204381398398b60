"""The meetings loader: sources named, held meetings only, a second load adds nothing, labels no rule reads
are counted and kept; calendar meetings become records."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.catalogue.models import Convention
from liaison.decisions.models import Decision
from liaison.meetings.loaders import meetings_load
from liaison.meetings.models import Meeting
from liaison.meetings.symbols import meeting_label_read

pytestmark = pytest.mark.django_db


def test_a_second_load_adds_nothing_and_counts_what_it_links(settings):
    from liaison.core.loading import LoadReport

    before = sorted(Meeting.objects.values_list("slug", "start", "end"))
    report = LoadReport()
    meetings_load(data_dir=settings.DATA_DIR, report=report)
    assert sorted(Meeting.objects.values_list("slug", "start", "end")) == before
    assert "meetings" not in report.counts
    labelled = Decision.objects.exclude(meeting="")
    assert report.counts["decisions linked to their meeting"] == labelled.count()
    assert all(m.source for m in Meeting.objects.all())
    assert not Meeting.objects.filter(convention__acronym="CBD", symbol="COP15").exists()  # a plan in 2019


def test_an_unresolved_label_is_counted_and_kept(settings):
    from liaison.core.loading import LoadReport

    Decision.objects.create(convention=Convention.objects.get(acronym="CMS"), number="0.1", meeting="a retreat")
    report = LoadReport()
    meetings_load(data_dir=settings.DATA_DIR, report=report)
    assert report.counts["decision meeting labels unresolved"] == 1
    assert Decision.objects.get(number="0.1").meeting == "a retreat"


def test_a_calendar_meeting_gives_days_to_the_meeting_it_names():
    from liaison.partnerships.models import Event

    assert Meeting.objects.get(slug="cms-cop14").precision == "year"
    Event.objects.create(slug="cop14-days", title="CMS COP14", kind="meeting", start=dt.date(2024, 2, 12),
                         end=dt.date(2024, 2, 17), convention=Convention.objects.get(acronym="CMS"))
    cop14 = Meeting.objects.get(slug="cms-cop14")
    assert (cop14.start, cop14.end, cop14.precision) == (dt.date(2024, 2, 12), dt.date(2024, 2, 17), "day")
    assert Meeting.objects.filter(convention__acronym="CMS", symbol="COP14").count() == 1


@pytest.mark.parametrize("label, symbol, kind", [
    ("COP12", "COP12", "cop"), ("CoP 18", "COP18", "cop"), ("COP-MOP 9", "COP-MOP9", "mop"),
    ("StC53", "StC53", "standing-committee"), ("ScC-5", "ScC5", "scientific-council"), ("44 COM", "44 COM", "other"),
    ("31st session of the World Heritage Committee (Christchurch)", "31 COM", "other"),
    ("Second session of the plenary meeting (Panama City)", "Plenary-2", "plenary"),
    ("14th meeting of the Conference of the Parties", "COP14", "cop"),
])
def test_labels_read(label, symbol, kind):
    read = meeting_label_read(label)
    assert (read.symbol, read.kind) == (symbol, kind)


@pytest.mark.parametrize("label", ["", "a retreat", "COP", "x" * 300])
def test_labels_not_read(label):
    assert meeting_label_read(label) is None


def test_the_data_migration_resolves_labels_per_convention(capsys):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("liaison.meetings.migrations.0002_meetings_from_decision_labels")
    cms, cbd = Convention.objects.get(acronym="CMS"), Convention.objects.get(acronym="CBD")
    Decision.objects.bulk_create([  # bulk: no signal, as the decisions stored before the migration
        Decision(convention=cms, number="77.1", meeting="StC77", year=2029),
        Decision(convention=cbd, number="77/1", meeting="StC77", year=2029),
        Decision(convention=cms, number="77.2", meeting="a retreat"),
    ])
    assert migration.labels_resolve(apps, None) == 1
    assert "1 decision meeting labels no rule reads" in capsys.readouterr().out
    cms_stc = Decision.objects.get(number="77.1").adopting_meeting
    assert (cms_stc.convention, cms_stc.symbol, cms_stc.kind, cms_stc.start) == (
        cms, "StC77", "standing-committee", dt.date(2029, 1, 1))
    assert Decision.objects.get(number="77/1").adopting_meeting.convention == cbd
    assert Decision.objects.get(number="77.2").adopting_meeting is None
