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


# --- stagnant: an active mandate whose record has not changed for LIAISON_STAGNANT_MONTHS months -------------

def aware(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize("status,changed,expected", [
    (Mandate.OPEN, dt.date(2025, 11, 1), "stagnant"),       # 13 months without a change
    (Mandate.IN_PROGRESS, dt.date(2025, 12, 1), "stagnant"),
    (Mandate.OPEN, dt.date(2025, 12, 3), "active"),         # changed within the last 12 months
    (Mandate.DONE, dt.date(2020, 1, 1), "implemented"),     # only an active mandate stagnates
    (Mandate.NEEDS_FUNDING, dt.date(2020, 1, 1), "require-funding"),
])
def test_an_active_mandate_unchanged_for_the_set_months_is_stagnant(status, changed, expected):
    mandate = Mandate(status=status, updated_at=aware(changed))
    assert mandate_tracking_status(mandate, today=TODAY) == expected


def test_stagnant_follows_the_setting_and_an_elapsed_deadline_comes_first(settings):
    old = Mandate(status=Mandate.OPEN, updated_at=aware(dt.date(2026, 5, 1)))
    assert mandate_tracking_status(old, today=TODAY) == "active"
    settings.LIAISON_STAGNANT_MONTHS = 6
    assert mandate_tracking_status(old, today=TODAY) == "stagnant"
    late = Mandate(status=Mandate.OPEN, deadline="by 2020", updated_at=aware(dt.date(2019, 1, 1)))
    assert mandate_tracking_status(late, today=TODAY) == "elapsed"


def test_a_decision_whose_open_mandates_all_stagnate_is_stagnant():
    stale = Mandate(status=Mandate.OPEN, updated_at=aware(dt.date(2024, 1, 1)))
    fresh = Mandate(status=Mandate.OPEN, updated_at=aware(dt.date(2026, 11, 1)))
    done, late = Mandate(status=Mandate.DONE), Mandate(status=Mandate.OPEN, deadline="by 2020")
    in_effect = Decision(status=Decision.IN_EFFECT)
    assert decision_tracking_status(in_effect, [done, stale], today=TODAY) == "stagnant"
    assert decision_tracking_status(in_effect, [stale, fresh], today=TODAY) == "active"
    assert decision_tracking_status(in_effect, [stale, late], today=TODAY) == "elapsed"


@pytest.mark.django_db
def test_a_stored_mandate_stagnates_when_nothing_changed_and_evidence_wakes_it(user_factory):
    from django.utils import timezone

    from liaison.decisions.services import mandate_evidence_add

    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    mandate = Mandate.objects.filter(decision=decision, status=Mandate.OPEN).first()
    Mandate.objects.filter(pk=mandate.pk).update(updated_at=timezone.now() - dt.timedelta(days=400))
    mandate.refresh_from_db()
    assert mandate_tracking_status(mandate) == "stagnant"
    secretariat = user_factory(("secretariat", "CMS", None, None))
    mandate_evidence_add(user=secretariat, mandate=mandate, note="Progress reported to the Standing Committee.")
    mandate.refresh_from_db()
    assert mandate_tracking_status(mandate) == "active"


# --- deadlines named by a meeting: resolved against the meetings Liaison knows the dates of -----------------

def decided(convention: str, meeting: str = "") -> Decision:
    from liaison.catalogue.models import Convention

    return Decision(convention=Convention(acronym=convention), meeting=meeting, status=Decision.IN_EFFECT)


@pytest.mark.parametrize("convention,meeting,deadline,report_to,end", [
    ("CBD", "COP13", "by COP14", "", dt.date(2018, 11, 29)),
    ("CITES", "CoP17", "before CoP18", "", dt.date(2019, 8, 28)),
    ("Ramsar", "COP12", "before the 13th meeting of the Conference of the Parties", "", dt.date(2018, 10, 29)),
    ("Ramsar", "COP12", "by the thirteenth meeting of the Conference of the Parties", "", dt.date(2018, 10, 29)),
    ("CBD", "COP13", "at its next meeting", "", dt.date(2018, 11, 29)),
    ("CBD", "COP12", "at its 14th meeting", "Conference of the Parties", dt.date(2018, 11, 29)),
    ("CBD", "COP13", "before SBSTTA-22", "", dt.date(2018, 7, 7)),
    ("Cartagena", "COP-MOP 8", "by COP-MOP 9", "", dt.date(2018, 11, 29)),
    ("AEWA", "MOP6", "at its next meeting", "", dt.date(2018, 12, 8)),
])
def test_a_deadline_naming_a_meeting_ends_on_its_last_day(convention, meeting, deadline, report_to, end):
    from liaison.decisions.meetings import meeting_deadline_end

    assert meeting_deadline_end(deadline, decision=decided(convention, meeting), report_to=report_to) == end


@pytest.mark.parametrize("convention,meeting,deadline,report_to", [
    ("CBD", "COP14", "by COP15", ""),                       # planned for 2020 in the timeline, held later: unknown
    ("CMS", "COP12", "by COP13", ""),                       # after the timeline's snapshot (February 2020)
    ("CITES", "CoP18", "before the 20th meeting of the Standing Committee", ""),  # no Standing Committee dates
    ("CITES", "CoP17", "at its next meeting", "Standing Committee"),  # "its" is the Standing Committee's
    ("WHC", "31st session of the World Heritage Committee", "at its 32nd session", ""),
    ("CBD", "", "at its next meeting", ""),                 # the adopting meeting is not known
])
def test_a_meeting_liaison_has_no_dates_for_never_resolves(convention, meeting, deadline, report_to):
    from liaison.decisions.meetings import meeting_deadline_end

    assert meeting_deadline_end(deadline, decision=decided(convention, meeting), report_to=report_to) is None


def test_a_mandate_due_at_a_meeting_that_is_over_has_elapsed():
    decision = decided("CBD", "COP13")
    due = Mandate(status=Mandate.OPEN, deadline="by COP14", decision=decision)
    assert mandate_tracking_status(due, today=TODAY) == "elapsed"
    assert mandate_tracking_status(Mandate(status=Mandate.OPEN, deadline="by COP15", decision=decision),
                                   today=TODAY) == "active"
    assert mandate_tracking_status(due, today=dt.date(2018, 11, 1)) == "active"
