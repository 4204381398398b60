"""The vocabulary of the field: the CBD Decision Tracking Tool's eight statuses and two paragraph types.

Data: data/cbd_decision_tracking_dtt/ (MIT, see its PROVENANCE.md). Liaison keeps its own mandate statuses
(what staff set) and reads the DTT status from them, the deadline and the decision:

    mandate               DTT status
    open, in_progress  -> active, or "elapsed" once its deadline has passed
    done               -> implemented
    superseded         -> superseded (the text was replaced; the work went on in its successor)
    needs_funding      -> require-funding

    decision              DTT status
    repealed           -> retired
    superseded         -> superseded
    in effect          -> implemented when every current mandate is implemented; elapsed when none is active
                          and one is elapsed; inactive when it holds no mandate (informational only); else active

A deadline has passed when it names a date or a month and year, or a bare year, that is over ("by June 2023",
"31 December 2020", "by 2020"). A meeting ("by COP15") has no date in Liaison yet, so it never makes a mandate
elapsed. "stagnant" is set by people in the DTT (no progress reported); Liaison has no signal for it and does
not compute it.

Paragraph types: an operative paragraph with at least one mandate is "operational", any other "informational".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache

from django.conf import settings

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


def mandate_tracking_status(mandate: Mandate, *, today: dt.date | None = None) -> str:
    """Return the DTT status of a mandate: its own status mapped, "elapsed" once an open deadline has passed."""
    status = STATUS_OF_MANDATE.get(mandate.status, "active")
    if status == "active":
        end = deadline_end(mandate.deadline)
        if end is not None and end < (today or dt.date.today()):
            return "elapsed"
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
    if "active" not in statuses and "require-funding" not in statuses and "elapsed" in statuses:
        return "elapsed"
    return "active"


def paragraph_type(paragraph: Paragraph, *, has_mandates: bool) -> str:
    """Return the DTT type of a paragraph: "operational" for an operative one with a mandate, else informational."""
    return "operational" if paragraph.kind == Paragraph.OPERATIVE and has_mandates else "informational"
