"""Reporting cycles: where a country's report stands in its questionnaire's cycle, and staff setting the dates.

A cycle runs from `opens` to `closes` (both days included) and is due by `deadline`. A report not submitted is
`overdue` only while its cycle is still open: once the cycle closed it is history, `closed_not_submitted`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.errors import Invalid
from liaison.core.services import audit_record
from liaison.reporting.models import Questionnaire, Report
from liaison.reporting.permissions import staff_check

UPCOMING, OPEN, OVERDUE, CLOSED_NOT_SUBMITTED, SUBMITTED = (
    "upcoming", "open", "overdue", "closed_not_submitted", "submitted")
STATES = (UPCOMING, OPEN, OVERDUE, CLOSED_NOT_SUBMITTED, SUBMITTED)
# the states that ask a country for work now (history is the rest)
CURRENT = (UPCOMING, OPEN, OVERDUE)
LABELS = {UPCOMING: gettext_lazy("Not open yet"), OPEN: gettext_lazy("Open"), OVERDUE: gettext_lazy("Overdue"),
          CLOSED_NOT_SUBMITTED: gettext_lazy("Not submitted"), SUBMITTED: gettext_lazy("Submitted")}
# a questionnaire's cycle read on its own (no report): where the cycle itself stands
CYCLE_LABELS = {UPCOMING: gettext_lazy("Not open yet"), OPEN: gettext_lazy("Open"),
                OVERDUE: gettext_lazy("Open, deadline passed"), CLOSED_NOT_SUBMITTED: gettext_lazy("Closed")}
DATE_FIELDS = ("opens", "deadline", "closes")
CYCLE_SET = "cycle_set"  # the audit action of a staff change of a cycle's dates


def cycle_state(*, questionnaire: Questionnaire, report: Report | None, today: dt.date) -> str:
    """Return where `report` (None: not started) stands on `today` in its questionnaire's cycle.

    upcoming before `opens`; submitted once submitted; closed_not_submitted after `closes`; overdue after the
    deadline while the cycle is open; open otherwise (the deadline day itself is still open).
    """
    if report is not None and report.status == Report.SUBMITTED:
        return SUBMITTED
    if questionnaire.opens is not None and today < questionnaire.opens:
        return UPCOMING
    if questionnaire.closes is not None and today > questionnaire.closes:
        return CLOSED_NOT_SUBMITTED
    if questionnaire.deadline is not None and today > questionnaire.deadline:
        return OVERDUE
    return OPEN


def cycle_closed(*, questionnaire: Questionnaire, today: dt.date) -> bool:
    """Return True when the questionnaire's cycle closed before `today` (its reports are history)."""
    return questionnaire.closes is not None and today > questionnaire.closes


def days_overdue(*, questionnaire: Questionnaire, state: str, today: dt.date) -> int:
    """Return how many days past the deadline an `overdue` report is; 0 in every other state."""
    if state != OVERDUE or questionnaire.deadline is None:
        return 0
    return (today - questionnaire.deadline).days


def cycle_summary(*, questionnaire: Questionnaire, report: Report | None, today: dt.date) -> dict:
    """Return what a page says of the cycle: state, its label (of the report, or of the cycle when `report` is
    None), days left to the deadline (open), days overdue (overdue) and the cycle's dates."""
    state = cycle_state(questionnaire=questionnaire, report=report, today=today)
    deadline = questionnaire.deadline
    return {"state": state, "label": (CYCLE_LABELS if report is None else LABELS)[state],
            "days_left": (deadline - today).days if deadline is not None and state == OPEN else None,
            "days_overdue": days_overdue(questionnaire=questionnaire, state=state, today=today),
            "opens": questionnaire.opens, "deadline": deadline, "closes": questionnaire.closes,
            "closed": cycle_closed(questionnaire=questionnaire, today=today)}


def year_after(day: dt.date) -> dt.date:
    """Return the same day a year later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def closes_derive(*, opens: dt.date | None, deadline: dt.date | None, next_opens: dt.date | None,
                  next_deadline: dt.date | None) -> dt.date | None:
    """Return the last day of a cycle whose source gives no closing date, from its dates and the next cycle's.

    The cycle closes the day the next cycle of the same convention opens (so its last day is the day before).
    Lacking that: one year after its deadline, and never after the day before the next cycle's deadline (the
    next cycle had opened by then). Lacking every date: None, the cycle stays open.
    """
    if next_opens is not None:
        return next_opens - dt.timedelta(days=1)
    floor = max((d for d in (opens, deadline) if d is not None), default=None)
    candidates = [year_after(deadline)] if deadline is not None else []
    if next_deadline is not None:
        candidates.append(next_deadline - dt.timedelta(days=1))
    candidates = [d for d in candidates if floor is None or d >= floor]
    return min(candidates) if candidates else None


def cycle_problems(*, opens: dt.date | None, deadline: dt.date | None, closes: dt.date | None) -> list[dict]:
    """Return the faults of a cycle's dates, one per field: closes before opens, deadline outside them."""
    problems = []
    if opens is not None and closes is not None and closes < opens:
        problems.append({"field": "closes", "message": _("the cycle closes before it opens")})
    if deadline is not None and opens is not None and deadline < opens:
        problems.append({"field": "deadline", "message": _("the deadline is before the cycle opens")})
    if deadline is not None and closes is not None and deadline > closes:
        problems.append({"field": "deadline", "message": _("the deadline is after the cycle closes")})
    return problems


def questionnaire_check_cycle_set(*, user, questionnaire: Questionnaire) -> None:
    """Raise NotAllowed unless `user` is staff of the questionnaire's convention (or an administrator)."""
    staff_check(user=user, convention=questionnaire.convention)


def questionnaire_cycle_set(*, user, questionnaire: Questionnaire, changes: dict[str, dt.date | None]
                            ) -> Questionnaire:
    """Set the given dates of the questionnaire's cycle (opens, deadline, closes; None clears) and return it.

    Staff of the convention only; 422 (Invalid) when the cycle would close before it opens or its deadline
    would fall outside it. Recorded in the audit trail, which the loader reads to keep staff's dates.
    """
    questionnaire_check_cycle_set(user=user, questionnaire=questionnaire)
    unknown = [k for k in changes if k not in DATE_FIELDS]
    if unknown:
        raise Invalid(errors=[{"field": k, "message": _("not a date of the cycle")} for k in unknown])
    dates = {k: changes.get(k, getattr(questionnaire, k)) for k in DATE_FIELDS}
    problems = cycle_problems(**dates)
    if problems:
        raise Invalid(_("The dates of the cycle do not fit together."), errors=problems)
    before = {k: getattr(questionnaire, k) for k in DATE_FIELDS}
    with transaction.atomic():
        for k, v in dates.items():
            setattr(questionnaire, k, v)
        questionnaire.save(update_fields=list(DATE_FIELDS))
        audit_record(actor=user, action=CYCLE_SET, obj=questionnaire, changes={
            k: [before[k].isoformat() if before[k] else None, v.isoformat() if v else None]
            for k, v in dates.items() if before[k] != v})
    return questionnaire


def today_default(today: dt.date | None) -> dt.date:
    """Return `today`, or the local date when None (callers pass a fixed day in tests)."""
    return today or timezone.localdate()
