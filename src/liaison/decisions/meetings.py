"""Meetings Liaison knows the dates of, so that a deadline named by a meeting ("by COP14") can pass.

Data: data/unepwcmc_post2020/post2020_process_timeline_2019-09-19.csv (UNEP-WCMC's timeline of the post-2020
process, a snapshot of 19 September 2019; see its PROVENANCE.md). Only meetings held by that date are used (their
end date is before it and the date is not marked "to be decided"): a later row was a plan (CBD COP15, planned for
October 2020, was held in 2021-2022), so trusting it would make mandates elapse on a wrong day. What it holds:
CBD COP14 and SBSTTA-21/22, Cartagena COP-MOP 9, Nagoya COP-MOP 3, Ramsar COP13, CITES CoP18, AEWA MOP7, UNCCD
COP14, UNFCCC COP24. No Standing Committee, Scientific Council or World Heritage Committee session is in it, nor
any meeting of another convention: deadlines naming those stay unresolved (never elapsed).

A deadline names a meeting as "COP14", "CoP 18", "COP-MOP 9", "MOP7", "SBSTTA-22", "the 14th (fourteenth)
meeting of the Conference of the Parties", "at its 14th meeting" (the body that adopted the decision, unless the
mandate reports to another body) or "at its next meeting" (the meeting after the one that adopted the decision,
read from the decision's meeting, e.g. "COP13" or "13th meeting").
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import cache

from django.conf import settings

TIMELINE = "unepwcmc_post2020/post2020_process_timeline_2019-09-19.csv"
SNAPSHOT = dt.date(2019, 9, 19)
GOVERNING = "COP"  # the Conference (or Meeting) of the Parties of a convention or protocol
CONVENTION_NAMES = {"cbd": "CBD", "cites": "CITES", "cms": "CMS", "ramsar": "Ramsar", "unccd": "UNCCD",
                    "unfccc": "UNFCCC", "cartagena protocol on biosafety": "Cartagena",
                    "nagoya protocol on access and benefit-sharing": "Nagoya",
                    "agreement on the conservation of african-eurasian migratory waterbirds": "AEWA"}
ROW = re.compile(r"^(?P<conv>.+?)\s+(?P<body>COP-?MOP|COP|CoP|MOP|SBSTTA)[\s-]*(?P<n>\d{1,2})$", re.I)
ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)}
NUMBER = r"(?P<n>\d{1,2})(?:st|nd|rd|th)?|(?P<w>" + "|".join(ORDINALS) + r")"
SHORT = re.compile(r"\b(?P<body>COP[-/]?MOP|COP|CoP|MOP|SBSTTA)[\s-]?(?P<n>\d{1,2})\b")
BODIES = {"conference of the parties": GOVERNING, "meeting of the parties": GOVERNING,
          "subsidiary body on scientific, technical and technological advice": "SBSTTA"}
LONG = re.compile(r"\b(?:" + NUMBER + r")\s+(?:meeting|session)\s+of\s+the\s+(?P<of>[A-Za-z ,]+)", re.I)
ITS = re.compile(r"\bits\s+(?:" + NUMBER + r")\s+(?:meeting|session)\b", re.I)
NEXT = re.compile(r"\b(?:its\s+)?next\s+(?:ordinary\s+)?(?:meeting|session)(?:\s+of\s+the\s+(?P<of>[A-Za-z ,]+))?",
                  re.I)
NTH_MEETING = re.compile(r"\b(?:" + NUMBER + r")\s+(?:meeting|session)", re.I)


def body_code(body: str) -> str:
    """Return the body of a meeting as the table keys it: "COP" for a governing body, "SBSTTA"."""
    return "SBSTTA" if body.upper() == "SBSTTA" else GOVERNING


@cache
def meetings_known() -> dict[tuple[str, str, int], dt.date]:
    """Return {(convention acronym, body, number): last day} of the meetings held by the timeline's snapshot."""
    path = settings.DATA_DIR / TIMELINE
    if not path.is_file():
        return {}
    known: dict[tuple[str, str, int], dt.date] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            m = ROW.match((row.get("Title") or "").strip())
            conv = CONVENTION_NAMES.get(m.group("conv").lower()) if m else None
            if m is None or conv is None or (row.get("Date to be decided") or "").strip():
                continue
            try:
                day, month, year = (int(x) for x in (row.get("End date") or "").strip().split("/"))
                end = dt.date(year, month, day)
            except ValueError:
                continue
            if end < SNAPSHOT:
                known[(conv, body_code(m.group("body")), int(m.group("n")))] = end
    return known


def number_of(match: re.Match) -> int:
    return int(match.group("n")) if match.group("n") else ORDINALS[match.group("w").lower()]


def body_named(text: str | None) -> str | None:
    """Return the body a phrase names ("Conference of the Parties" -> "COP"), None for one the table lacks."""
    text = (text or "").strip().lower()
    for name, code in BODIES.items():
        if text.startswith(name):
            return code
    return None


def reporting_body(report_to: str) -> str | None:
    """Return the body a mandate reports to when it is not the governing body ("" for none or the governing one)."""
    text = (report_to or "").strip()
    if not text or body_named(re.sub(r"^(?:the|its)\s+", "", text, flags=re.I)) == GOVERNING or SHORT.search(text):
        return ""
    return None  # another body (the Standing Committee, the Scientific Council...): its dates are not known


def decision_meeting_number(decision) -> int | None:
    """Return the number of the governing body's meeting that adopted the decision ("COP13", "13th meeting")."""
    text = decision.meeting or ""
    if (m := SHORT.search(text)) and body_code(m.group("body")) == GOVERNING:
        return int(m.group("n"))
    m = NTH_MEETING.search(text)
    return number_of(m) if m else None


def meeting_named(deadline: str, *, decision, report_to: str = "") -> tuple[str, int] | None:
    """Return the (body, number) of the meeting a deadline names, None when it names none Liaison can place."""
    if m := SHORT.search(deadline):
        return body_code(m.group("body")), int(m.group("n"))
    if m := LONG.search(deadline):
        body = body_named(m.group("of"))
        return (body, number_of(m)) if body else None
    if m := ITS.search(deadline):
        return (GOVERNING, number_of(m)) if reporting_body(report_to) == "" else None
    if m := NEXT.search(deadline):
        body = body_named(m.group("of")) if m.group("of") else (GOVERNING if reporting_body(report_to) == "" else None)
        adopted = decision_meeting_number(decision)
        return (body, adopted + 1) if body == GOVERNING and adopted else None
    return None


def meeting_deadline_end(deadline: str, *, decision, report_to: str = "") -> dt.date | None:
    """Return the last day of the meeting a deadline names, when Liaison knows its dates; None otherwise."""
    named = meeting_named(deadline or "", decision=decision, report_to=report_to)
    if named is None or decision is None:
        return None
    return meetings_known().get((decision.convention.acronym, *named))
