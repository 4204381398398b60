"""The CBD Decision Tracking vocabulary: eight statuses, two paragraph types, "elapsed" from passed deadlines."""

import datetime as dt

import pytest

from liaison.decisions.models import Decision, Mandate, Paragraph
from liaison.decisions.tracking import (
    deadline_end,
    decision_tracking_status,
    mandate_tracking_status,
    paragraph_type,
    status_titles,
    vocabulary,
)

TODAY = dt.date(2026, 12, 2)


def test_the_vocabulary_holds_the_eight_statuses_two_types_and_the_addressees():
    assert list(status_titles()) == ["active", "implemented", "elapsed", "superseded", "retired", "inactive",
                                     "require-funding", "stagnant"]
    assert [t["code"] for t in vocabulary("types")] == ["operational", "informational"]
    assert len(vocabulary("actors")) == 41


@pytest.mark.parametrize("text,end", [
    ("by 31 December 2020", dt.date(2020, 12, 31)),
    ("by June 2023", dt.date(2023, 6, 30)),
    ("before December 2030", dt.date(2030, 12, 31)),
    ("by 2020", dt.date(2020, 12, 31)),
    ("by COP15", None),
    ("", None),
])
def test_a_deadline_ends_on_the_last_day_it_names(text, end):
    assert deadline_end(text) == end


@pytest.mark.parametrize("status,deadline,expected", [
    (Mandate.OPEN, "by June 2023", "elapsed"),
    (Mandate.IN_PROGRESS, "by 2020", "elapsed"),
    (Mandate.OPEN, "by 2030", "active"),
    (Mandate.OPEN, "by COP15", "active"),
    (Mandate.DONE, "by 2020", "implemented"),
    (Mandate.SUPERSEDED, "by 2020", "superseded"),
    (Mandate.NEEDS_FUNDING, "", "require-funding"),
])
def test_a_mandate_reads_as_a_dtt_status_and_elapses_when_its_deadline_passed(status, deadline, expected):
    assert mandate_tracking_status(Mandate(status=status, deadline=deadline), today=TODAY) == expected


def test_a_decision_reads_as_a_dtt_status():
    done, late, open_ = (Mandate(status=Mandate.DONE), Mandate(status=Mandate.OPEN, deadline="by 2020"),
                         Mandate(status=Mandate.OPEN))
    in_effect = Decision(status=Decision.IN_EFFECT)
    assert decision_tracking_status(Decision(status=Decision.REPEALED), [open_], today=TODAY) == "retired"
    assert decision_tracking_status(Decision(status=Decision.SUPERSEDED), [], today=TODAY) == "superseded"
    assert decision_tracking_status(in_effect, [], today=TODAY) == "inactive"
    assert decision_tracking_status(in_effect, [done, done], today=TODAY) == "implemented"
    assert decision_tracking_status(in_effect, [done, late], today=TODAY) == "elapsed"
    assert decision_tracking_status(in_effect, [done, late, open_], today=TODAY) == "active"
    assert paragraph_type(Paragraph(kind=Paragraph.OPERATIVE), has_mandates=True) == "operational"
    assert paragraph_type(Paragraph(kind=Paragraph.OPERATIVE), has_mandates=False) == "informational"
    assert paragraph_type(Paragraph(kind=Paragraph.PREAMBLE), has_mandates=True) == "informational"


@pytest.mark.django_db
def test_the_decision_and_mandate_pages_show_the_dtt_status(client):
    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    page = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert 'id="tracking-status"' in page
    mandate = Mandate.objects.filter(decision=decision).exclude(status=Mandate.SUPERSEDED).first()
    expected = status_titles()[mandate_tracking_status(mandate)]
    assert expected in client.get(f"/mandates/{mandate.pk}/").content.decode()


@pytest.mark.django_db
def test_the_api_gives_the_dtt_status_of_decisions_and_mandates(client):
    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    assert client.get(f"/api/decisions/{decision.pk}").json()["tracking_status"] in status_titles()
    items = client.get(f"/api/mandates?decision={decision.pk}&limit=500").json()["items"]
    assert items and all(m["tracking_status"] in status_titles() for m in items)
    repealed = Decision.objects.filter(repealed_by=decision).first()
    assert client.get(f"/api/decisions/{repealed.pk}").json()["tracking_status"] == "retired"
