"""A meeting's label as decisions and calendars write it, read into (kind, number, symbol, city).

"COP12", "CoP 18", "COP-MOP 9", "MOP7", "StC53", "ScC-SC5", "SBSTTA-22", "44 COM", "18 GA", "31st session of the
World Heritage Committee (Christchurch)", "Second session of the plenary meeting (Panama City)". The symbol is the
short form each convention uses ("COP12", "31 COM"), unique within a convention; a label this module cannot
read gives None, and the decision keeps its label without a meeting record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "plenary": the plenary of a platform such as IPBES is its governing body, but not a conference of parties to a
# treaty (IPBES has members, not parties), so it is not a "cop".
KINDS = ("cop", "mop", "standing-committee", "scientific-council", "plenary", "other")
ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)}
NUMBER = r"(?:(?P<n>\d{1,3})(?:st|nd|rd|th)?|(?P<w>" + "|".join(ORDINALS) + r"))"
# Short symbols: the body's code, then the number.
SHORT = re.compile(
    r"^(?P<body>COP[-/ ]?MOP|CoP|COP|MOP|StC|SC|ScC|SBSTTA|SBI)[\s-]?(?P<n>\d{1,3})$", re.I)
SHORT_KIND = {"cop": "cop", "mop": "mop", "copmop": "mop", "stc": "standing-committee", "sc": "standing-committee",
              "scc": "scientific-council", "sbstta": "scientific-council", "sbi": "other"}
SHORT_CODE = {"cop": "COP", "mop": "MOP", "copmop": "COP-MOP", "stc": "StC", "sc": "StC", "scc": "ScC",
              "sbstta": "SBSTTA-", "sbi": "SBI-"}
# UNESCO's way: "44 COM" (the World Heritage Committee), "18 GA" (the General Assembly of States Parties).
WHC = re.compile(r"^(?P<n>\d{1,3})\s*(?P<body>COM|GA)$", re.I)
# Written out: "<nth> session|meeting of the <body> (<city>)".
LONG = re.compile(NUMBER + r"\s+(?:ordinary\s+)?(?:session|meeting)\s+of\s+the\s+(?P<of>[^()]+?)\s*"
                  r"(?:\((?P<city>[^()]{1,80})\))?$", re.I)
LONG_BODIES = (  # (start of the body's name, kind, symbol format)
    ("conference of the parties serving as the meeting of the parties", "mop", "COP-MOP{n}"),
    ("conference of the parties", "cop", "COP{n}"),
    ("conference of the contracting parties", "cop", "COP{n}"),
    ("meeting of the parties", "mop", "MOP{n}"),
    ("standing committee", "standing-committee", "StC{n}"),
    ("scientific council", "scientific-council", "ScC{n}"),
    ("world heritage committee", "other", "{n} COM"),
    ("general assembly", "cop", "{n} GA"),
    ("plenary", "plenary", "Plenary-{n}"),
)


@dataclass(frozen=True)
class MeetingLabel:
    kind: str
    number: int
    symbol: str
    city: str = ""


def meeting_label_read(label: str) -> MeetingLabel | None:
    """Return the kind, number, symbol and city a meeting's label names; None when it names no meeting."""
    text = " ".join((label or "").split())
    if not text or len(text) > 200:
        return None
    if m := SHORT.match(text):
        key = re.sub(r"[-/ ]", "", m.group("body")).lower()
        return MeetingLabel(SHORT_KIND[key], int(m.group("n")), f"{SHORT_CODE[key]}{int(m.group('n'))}")
    if m := WHC.match(text):
        body = m.group("body").upper()
        return MeetingLabel("other" if body == "COM" else "cop", int(m.group("n")), f"{int(m.group('n'))} {body}")
    if m := LONG.match(text):
        number = int(m.group("n")) if m.group("n") else ORDINALS[m.group("w").lower()]
        of = m.group("of").lower()
        for start, kind, symbol in LONG_BODIES:
            if of.startswith(start):
                return MeetingLabel(kind, number, symbol.format(n=number), (m.group("city") or "").strip())
    return None
