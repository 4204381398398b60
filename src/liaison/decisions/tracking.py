"""The vocabulary of the field: the CBD Decision Tracking Tool's eight statuses and two paragraph types.

Data: data/cbd_decision_tracking_dtt/ (MIT, see its PROVENANCE.md). Liaison keeps its own mandate statuses
(what staff set) and reads the DTT status from them, the deadline and the decision:

    mandate               DTT status
    open, in_progress  -> active; "elapsed" once its deadline has passed; "stagnant" when not elapsed and its
                          record has not changed for LIAISON_STAGNANT_MONTHS months (a setting, 12 by default)
    done               -> implemented
    superseded         -> superseded (the text was replaced; the work went on in its successor)
    needs_funding      -> require-funding

    decision              DTT status
    repealed           -> retired
    superseded         -> superseded
    in effect          -> implemented when every current mandate is implemented; when none is active (nor
                          require-funding): elapsed if one is elapsed, else stagnant if one is stagnant;
                          inactive when it holds no mandate (informational only); else active

A deadline has passed when it names a date or a month and year, or a bare year, that is over ("by June 2023",
"31 December 2020", "by 2020"), or a meeting that is over (see decisions.meetings: "by COP14", "before the 13th
meeting of the Conference of the Parties", "at its next meeting"); a meeting whose dates Liaison does not know
(the Standing Committee's, a meeting still to come) never makes a mandate elapsed.

"Stagnant" (set by people in the DTT when no progress is reported) is computed from what Liaison records: an
active mandate is stagnant when its record (status, owner, corrections, carry-over; adding evidence touches it
too) has not changed for LIAISON_STAGNANT_MONTHS months, counted from `updated_at`. A mandate ingested or carried
over recently is never stagnant: Liaison counts from when it first held it.

Paragraph types: an operative paragraph with at least one mandate is "operational", any other "informational".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from liaison.decisions.meetings import meeting_deadline_end
from liaison.decisions.models import Decision, Mandate, Paragraph

FOLDER = "cbd_decision_tracking_dtt"
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], start=1)}
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+((?:19|20|21)\d\d)\b", re.I)
MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+((?:19|20|21)\d\d)\b", re.I)
YEAR = re.compile(r"\b((?:19|20|21)\d\d)\b")
STATUS_OF_MANDATE = {Mandate.OPEN: "active", Mandate.IN_PROGRESS: "active", Mandate.DONE: "implemented",
                     Mandate.SUPERSEDED: "superseded", Mandate.NEEDS_FUNDING: "require-funding"}


@cache
def vocabulary(name: str) -> tuple[dict, ...]:
    """Return one DTT code list ("statuses", "types", "actors") as read from the bundled data."""
    path = settings.DATA_DIR / FOLDER / f"{name}.json"
    return tuple(json.loads(path.read_text(encoding="utf-8")))


def status_titles() -> dict[str, str]:
    """Return the DTT status codes with their English titles, in the DTT's order."""
    return {s["code"]: s["title"] for s in vocabulary("statuses")}


def deadline_end(deadline: str) -> dt.date | None:
    """Return the last day a deadline text allows (a date, the end of a month or of a year), None for none."""
    text = deadline or ""
    if m := DAY_MONTH_YEAR.search(text):
        try:
            return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            return None
    if m := MONTH_YEAR.search(text):
        year, month = int(m.group(2)), MONTHS[m.group(1).lower()]
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    if m := YEAR.search(text):
        return dt.date(int(m.group(1)), 12, 31)
    return None


def stagnant_months() -> int:
    """Return how many months without a change make an active mandate stagnant (setting LIAISON_STAGNANT_MONTHS)."""
    return int(getattr(settings, "LIAISON_STAGNANT_MONTHS", 12))


def months_before(day: dt.date, months: int) -> dt.date:
    """Return the day `months` months before `day` (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def mandate_deadline_end(mandate: Mandate) -> dt.date | None:
    """Return the last day a mandate's deadline allows: a date in its text, or a meeting Liaison knows the dates of
    (resolved against the convention and meeting of the mandate's decision, when the mandate has one)."""
    end = deadline_end(mandate.deadline)
    if end is not None or not mandate.deadline:
        return end
    try:
        decision = mandate.decision  # loaded with the mandate by the lists (select_related)
    except ObjectDoesNotExist:
        return None
    return meeting_deadline_end(mandate.deadline, decision=decision, report_to=mandate.report_to)


def mandate_tracking_status(mandate: Mandate, *, today: dt.date | None = None) -> str:
    """Return the DTT status of a mandate: its own status mapped; an active one is "elapsed" once its deadline (a
    date, or a meeting that is over) has passed, else "stagnant" when its record has not changed for
    `stagnant_months()` months (see the module's docstring for the rule)."""
    status = STATUS_OF_MANDATE.get(mandate.status, "active")
    if status != "active":
        return status
    today = today or dt.date.today()
    end = mandate_deadline_end(mandate)
    if end is not None and end < today:
        return "elapsed"
    changed = mandate.updated_at
    if changed is not None and changed.date() < months_before(today, stagnant_months()):
        return "stagnant"
    return status


def decision_tracking_status(decision: Decision, mandates: list[Mandate], *, today: dt.date | None = None) -> str:
    """Return the DTT status of a decision from its own status and its current mandates' DTT statuses."""
    if decision.status == Decision.REPEALED:
        return "retired"
    if decision.status == Decision.SUPERSEDED:
        return "superseded"
    statuses = [mandate_tracking_status(m, today=today) for m in mandates if m.status != Mandate.SUPERSEDED]
    if not statuses:
        return "inactive"
    if all(s == "implemented" for s in statuses):
        return "implemented"
    if "active" not in statuses and "require-funding" not in statuses:
        if "elapsed" in statuses:
            return "elapsed"
        if "stagnant" in statuses:
            return "stagnant"
    return "active"


def paragraph_type(paragraph: Paragraph, *, has_mandates: bool) -> str:
    """Return the DTT type of a paragraph: "operational" for an operative one with a mandate, else informational."""
    return "operational" if paragraph.kind == Paragraph.OPERATIVE and has_mandates else "informational"
