"""Mandates: who an operative paragraph asks to do what, by when, and to whom they report."""

from __future__ import annotations

import re

from .actors import actor_label_get, actors_find
from .model import Mandate

_ADVERBS = r"(?:(?:also|further|furthermore|strongly|again|once\s+again|kindly|urgently|respectfully|earnestly|hereby)\s+)*"
# Explicit case classes and a first-letter lookahead instead of re.IGNORECASE: twice as fast on long paragraphs.
_VERB = re.compile(
    r"(?=[RrUuIiEeCcDdAaTtMm])\b(?P<verb>[Rr]equests?|[Uu]rges?|[Ii]nvites?|[Ee]ncourages?|[Cc]alls?\s+(?:up)?on"
    r"|[Ii]nstructs?|[Dd]irects?|[Aa]sks?|[Aa]ppeals?\s+to|[Ee]ntrusts?|[Cc]harges?|[Tt]asks?|[Mm]andates?"
    r"|[Rr]ecommends?|[Dd]ecides?)\b"
)
# A mandate verb opens the paragraph or a coordinated clause; elsewhere "a request of Parties" is a noun.
_VERB_POSITION = re.compile(r"(?:(?:^|[;,:]\s*|\band\s+|\bor\s+|\bbut\s+)" + _ADVERBS + r"|^\s*to\s+)$", re.I)
_INFINITIVE = re.compile(
    r"\bto\s+(?!(?:the|a|an|their|its|this|that|these|those|all|each|any|which|whom|date|be\s+considered|its)\b)"
    r"(?=[a-z])"
)
_THAT_CLAUSE = re.compile(r"^\s*that\s+(?P<who>.{3,160}?)\s+(?:shall|should|will|must|is\s+to|are\s+to)\s+(?P<what>.*)$", re.S)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MEETING_OF = (
    r"(?:\s+of\s+the\s+(?:Conference\s+of\s+(?:the\s+)?Parties|Standing\s+Committee|Scientific\s+Council|Plenary|COP"
    r"|Meeting\s+of\s+(?:the\s+)?Parties|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}))?"
)
_DEADLINE = re.compile(
    r"\b(?:(?:by|before|no\s+later\s+than|not\s+later\s+than|prior\s+to|in\s+time\s+for|until)\s+(?:the\s+end\s+of\s+)?"
    r"(?:(?:COP|CoP|MOP|SBSTTA|StC|ScC)\s?-?\d+|(?:its|the)\s+(?:next|\d+(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?(?:st|nd|rd|th))"
    r"\s+(?:regular\s+|ordinary\s+)?(?:meeting|session)" + _MEETING_OF
    + r"|(?:\d{1,2}\s+)?(?:" + _MONTHS + r"\s+)?(?:19|20)\d{2})"
    r"|at\s+(?:its|the)\s+(?:next|\d+(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?(?:st|nd|rd|th))\s+(?:regular\s+|ordinary\s+)?"
    r"(?:meeting|session)" + _MEETING_OF + r")"
)
_REPORT = re.compile(
    r"\b(?:report(?:s|ing)?|submit(?:s|ting)?|present(?:s|ing)?|transmit(?:s|ting)?)\b(?:\s+back)?"
    r"(?:\s+(?:regularly|periodically|annually|thereon|its\s+findings|the\s+results|a\s+report|reports|progress|them|it))?"
    r"(?:\s+on\s+[^;]{0,120}?)?\s+to\s+"
    r"|\bfor\s+(?:its\s+)?(?:consideration|examination)\s+(?:by|at)\s+",
    re.I,
)
_BODY = re.compile(
    r"(?:the\s+next\s+meeting\s+of\s+the\s+|(?:each|every)\s+meeting\s+of\s+the\s+|future\s+meetings\s+of\s+the\s+"
    r"|(?:the\s+)?\d+(?:st|nd|rd|th)\s+meeting\s+of\s+the\s+|the\s+|each\s+|its\s+)?"
    r"(?P<body>Conference\s+of\s+(?:the\s+)?Parties|(?:COP|CoP|MOP)(?:\s?\d{1,2})?|Meeting\s+of\s+(?:the\s+)?Parties|Standing\s+Committee"
    r"|Scientific\s+Council|Plenary|SBSTTA|SBI|Subsidiary\s+Body\s+on\s+(?:Scientific,\s+Technical\s+and\s+Technological\s+Advice|Implementation)"
    r"|Animals\s+Committee|Plants\s+Committee|Bureau|Secretariat|General\s+Assembly|Executive\s+Director"
    r"|Scientific\s+and\s+Technical\s+Review\s+Panel|Multidisciplinary\s+Expert\s+Panel"
    r"|World\s+Heritage\s+(?:Committee|Centre)|Committee(?=\s+at\s+its))\b"
)
# Words without which no deadline pattern can match: a cheap test before the long expression.
_DEADLINE_WORDS = ("by ", "before ", "later than", "prior to", "in time for", "until ", "at its ", "at the ")
_BODY_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+(?:to\s+)?|as\s+well\s+as\s+)")


_TO_LIST = re.compile(r"\bto\s*:\s*$")
_PASSIVE = re.compile(
    r"\b(?:is|are)\s+(?:(?:also|further|hereby|strongly|kindly|again)\s+)*"
    r"(?P<verb>requested|urged|invited|encouraged|called\s+upon|instructed|directed|asked|mandated|tasked)\s+to\s+(?=[a-z])"
)
_ADDRESSEE_ASIDE = re.compile(
    r",\s*(?:in\s+(?:close\s+)?(?:cooperation|collaboration|consultation|partnership|coordination|liaison)\s+with"
    r"|with\s+the\s+(?:support|assistance|help)\s+of|subject\s+to|through|via|as\s+appropriate|where\s+appropriate"
    r"|inter\s+alia|within|including\s+through|in\s+accordance\s+with)\b[^,]*,"
)
_ADDRESSEE_RELATIVE = re.compile(r"\s+(?:that|which|who|whose|where)\s+")
_PASSIVE_VERBS = {"requested": "requests", "urged": "urges", "invited": "invites", "encouraged": "encourages",
                  "called": "calls", "instructed": "instructs", "directed": "directs", "asked": "asks",
                  "mandated": "mandates", "tasked": "tasks"}


def mandates_extract(text: str, subparagraphs: list[str] | None = None) -> tuple[list[Mandate], list[str]]:
    """Return the mandates in an operative paragraph (or subparagraph) and warnings about unclear addressees."""
    warnings: list[str] = []
    verbs = [m for m in _VERB.finditer(text) if _VERB_POSITION.search(text[max(0, m.start() - 40): m.start()])]
    mandates: list[Mandate] = []
    pending: list[tuple[str, str]] = []  # addressees waiting for the action of the next verb
    for position, match in enumerate(verbs):
        end = verbs[position + 1].start() if position + 1 < len(verbs) else len(text)
        segment = text[match.end(): end]
        verb = _verb_normalize(match.group("verb"))
        that = _THAT_CLAUSE.match(segment) if verb in ("decides", "requests", "recommends", "urges") else None
        subjunctive = _subjunctive(segment) if that is None and verb in ("recommends", "urges", "requests") else None
        if that:
            addressee, action = that.group("who"), that.group("what")
        elif subjunctive:
            addressee, action = subjunctive
        elif verb == "decides":
            continue  # "Decides to establish...": a decision, not a task given to someone
        else:
            infinitive = _INFINITIVE.search(segment)
            listed = _TO_LIST.search(segment) if infinitive is None and subparagraphs else None
            if listed:
                # "Invites IUCN ... to:" followed by (a), (b)...: the subparagraphs are the action.
                mandates.extend(_mandates_build(verb, segment[: listed.start()], " ".join(subparagraphs), warnings))
                continue
            if infinitive is None or infinitive.start() > 250 or ";" in segment[: infinitive.start()]:
                if segment.strip().rstrip(",").strip() and len(segment) < 200 and segment.rstrip().endswith(("and", ",")):
                    pending.append((verb, segment))
                continue
            addressee, action = segment[: infinitive.start()], segment[infinitive.end():]
        action = _action_trim(action)
        for pending_verb, pending_addressee in pending:
            mandates.extend(_mandates_build(pending_verb, pending_addressee, action, warnings))
        pending = []
        mandates.extend(_mandates_build(verb, addressee, action, warnings))
    if "ed to " in text:
        mandates.extend(_passive_mandates(text, warnings))
    if not mandates:
        if text.lstrip()[:24].split(" ", 1)[0] in _ROMANCE_FIRST:
            mandates.extend(_romance_mandates(text, subparagraphs, warnings))
        head = text[:200]
        if not mandates and (" shall" in head or " should" in head or "to:" in head):
            mandates.extend(_modal_mandates(text, subparagraphs, warnings))
    for mandate in mandates:
        if mandate["report_to"] is None:
            for other in mandates:
                if other["report_to"] and other["actor"] == mandate["actor"]:
                    mandate["report_to"] = list(other["report_to"])
                    break
    return mandates, warnings


# CMS Decisions since COP12: "14.102 The Secretariat shall: a) ...", "Parties are encouraged to: a) ...".
_MODAL = re.compile(
    r"^\s*(?P<who>[^;:]{3,160}?)\s+(?P<modal>shall|should|(?:is|are)\s+(?:(?:also|further|hereby|strongly)\s+)?"
    r"(?:encouraged|invited|requested|urged|instructed|called\s+upon|asked)\s+to)(?:\s*:|\s+(?=[a-z]))\s*(?P<what>.*)$",
    re.S,
)


def _modal_mandates(text: str, subparagraphs: list[str] | None, warnings: list[str]) -> list[Mandate]:
    match = _MODAL.match(text)
    if not match or not actors_find(match.group("who")):
        return []
    modal = match.group("modal").split()
    verb = modal[0] if len(modal) == 1 else _PASSIVE_VERBS.get(modal[-2], modal[-2]) + (" upon" if modal[-2] == "upon" else "")
    if modal[-2:] == ["upon", "to"]:
        verb = "calls upon"
    action = match.group("what").strip()
    if not action and subparagraphs:
        action = " ".join(subparagraphs)
    if not action:
        return []
    return _mandates_build(verb, match.group("who"), _action_trim(action), warnings)


# French and Spanish: "Prie le Secrétariat de ...", "Invite les Parties à ...", "Pide a la Secretaría que ...".
_ROMANCE_FIRST = frozenset(
    "Prie Demande Invite Encourage Exhorte Engage Charge Recommande Appelle Lance Pide Solicita Insta Invita Alienta "
    "Exhorta Encarga Encomienda Recomienda Hace".split()
)
_ROMANCE_VERB = re.compile(
    r"(?:^|;\s*|,\s*(?:et|y)\s+|\bet\s+|\by\s+)(?P<verb>Prie|prie|Demande|demande|Invite|invite|Encourage|encourage|Exhorte"
    r"|exhorte|Engage|engage|Charge|charge|Recommande|recommande|Appelle|appelle|Lance un appel|lance un appel|Pide|pide"
    r"|Solicita|solicita|Insta|insta|Invita|invita|Alienta|alienta|Exhorta|exhorta|Encarga|encarga|Encomienda|encomienda"
    r"|Recomienda|recomienda|Hace un llamamiento|hace un llamamiento)"
    r"(?:\s+(?:également|en outre|aussi|instamment|vivement|de nouveau|encore|también|además|asimismo|encarecidamente"
    r"|nuevamente|igualmente))*\s+"
)
_ROMANCE_VERBS = {
    "prie": "requests", "demande": "requests", "pide": "requests", "solicita": "requests", "invite": "invites",
    "invita": "invites", "encourage": "encourages", "alienta": "encourages", "exhorte": "urges", "insta": "urges",
    "exhorta": "urges", "engage": "urges", "charge": "instructs", "encarga": "instructs", "encomienda": "entrusts",
    "recommande": "recommends", "recomienda": "recommends", "appelle": "calls upon", "lance": "calls upon",
    "hace": "calls upon",
}
_ROMANCE_LINK = re.compile(
    r"\s*,?\s*(?:(?:de\s+la\s+(?:Convention|Convención|CMS|CITES))\s*,?\s*)?"
    r"(?:de\s+|d['’]|à\s+|a\s+(?=[a-záéíóúñ])|que\s+|qu['’]|pour\s+|para\s+)"
)


def _romance_mandates(text: str, subparagraphs: list[str] | None, warnings: list[str]) -> list[Mandate]:
    found: list[Mandate] = []
    matches = list(_ROMANCE_VERB.finditer(text))
    for position, match in enumerate(matches):
        end = matches[position + 1].start() if position + 1 < len(matches) else len(text)
        segment = text[match.end(): end]
        verb = _ROMANCE_VERBS[match.group("verb").split()[0].lower()]
        head = segment[:250]
        for actor in actors_find(head):
            link = _ROMANCE_LINK.match(head, actor.end)
            if link:
                action = _action_trim(segment[link.end():])
                if not action and subparagraphs:
                    action = " ".join(subparagraphs)
                found.extend(_mandates_build(verb, segment[: actor.end], action, warnings))
                break
    return found


def _passive_mandates(text: str, warnings: list[str]) -> list[Mandate]:
    """Mandates in the passive voice: "Parties are urged to...", "the Secretariat is requested to..."."""
    found: list[Mandate] = []
    for match in _PASSIVE.finditer(text):
        before = text[max(0, match.start() - 150): match.start()]
        cut = max(before.rfind(";"), before.rfind(":"), before.rfind(". "), before.rfind(" that "))
        addressee = before[cut + 1:] if cut >= 0 else before
        addressee = re.sub(r"^\s*that\s+", "", addressee)
        end = text.find(";", match.end())
        action = _action_trim(text[match.end(): end if end >= 0 else len(text)])
        verb = _PASSIVE_VERBS[match.group("verb").split()[0]] + (" upon" if match.group("verb").startswith("called") else "")
        found.extend(_mandates_build(verb, addressee, action, warnings))
    return found


def _subjunctive(segment: str) -> tuple[str, str] | None:
    """CITES style "RECOMMENDS that Parties adopt ...": the addressee opens the that-clause, a bare verb follows."""
    if not segment.startswith(" that "):
        return None
    rest = segment[6:]
    actors = actors_find(rest[:160])
    if not actors or actors[0].start > 4:
        return None
    last = actors[0]
    for actor in actors[1:]:
        if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*(?:the\s+)?", rest[last.end: actor.start]):
            last = actor
    tail = re.match(r"(?:\s+concerned)?\s+(?:(?:also|further|immediately|urgently|continue\s+to)\s+)*(?=[a-z])", rest[last.end:])
    if not tail:
        return None
    return rest[: last.end], rest[last.end + tail.end():]


def _verb_normalize(verb: str) -> str:
    words = verb.lower().split()
    head = words[0] if words[0].endswith("s") else words[0] + ("es" if words[0].endswith(("sh", "ch", "ss")) else "s")
    return " ".join([head] + words[1:])


def _action_trim(action: str) -> str:
    action = " ".join(action.split())
    # Drop the trailing "; and", ", or", ";" that joins this paragraph to the next (no regex: it would scan it all).
    while True:
        trimmed = action.rstrip(" ,;:")
        for conjunction in (" and", " or"):
            if trimmed.endswith(conjunction):
                trimmed = trimmed[: -len(conjunction)]
        if trimmed == action:
            return action
        action = trimmed


def _mandates_build(verb: str, addressee: str, action: str, warnings: list[str]) -> list[Mandate]:
    addressee = " ".join(addressee.split()).strip(" ,;")
    # "Parties, in cooperation with relevant organizations," and "Parties that are also Parties to CITES":
    # the organizations and CITES are not asked to act.
    addressee = _ADDRESSEE_ASIDE.sub(",", addressee + ",").rstrip(",")
    addressee = _ADDRESSEE_RELATIVE.split(addressee, maxsplit=1)[0]
    addressee = re.sub(r"\s+(?:and|or)$", "", addressee.strip(" ,;"))
    actors = actors_find(addressee)
    deadline = deadline_find(action)
    report_to = report_to_find(action)
    if not actors:
        label = re.sub(r"^(?:the|all|its)\s+", "", addressee)
        if not label or len(label) > 100:
            return []
        warnings.append(f"unknown actor: {label!r}")
        return [
            Mandate(actor=label, actor_code=None, actor_kind=None, verb=verb, action=action, deadline=deadline,
                    report_to=report_to, addressee=addressee)
        ]
    return [
        Mandate(actor=actor.label, actor_code=actor.code, actor_kind=actor.kind, verb=verb, action=action,
                deadline=deadline, report_to=report_to, addressee=addressee)
        for actor in actors
    ]


_SECRETARIAT_OWNER = re.compile(
    r"\b(CMS|CBD|CITES|Ramsar|AEWA|IPBES|IWC|UNESCO|WHC|ITPGRFA|IPPC|UNCCD|UNFCCC)\s+Secretariat\b(?!s)"
)


def mandates_own_secretariat(mandates: list[Mandate], convention: str | None) -> None:
    """Re-label "the CITES Secretariat" addressed by a CMS text as another convention's secretariat, in place."""
    if not convention:
        return
    for mandate in mandates:
        if mandate["actor_code"] != "secretariat":
            continue
        owner = _SECRETARIAT_OWNER.search(mandate["addressee"])
        if owner and owner.group(1).lower() != convention.lower():
            mandate["actor_code"] = "other-secretariats"
            mandate["actor"] = actor_label_get("other-secretariats") or "Secretariats of other conventions"


_MOIS = r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
_MESES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)"
_ROMANCE_MEETING = (
    r"(?:(?:sa|la|su)\s+)?(?:prochaine|próxima|\d{1,2}(?:e|ème|ª|a|º)|[a-záéíóú]+(?:ième|ava|ésima|ena))\s+(?:session|réunion|reunión|sesión)"
    r"(?:\s+(?:ordinaire|ordinaria))?(?:\s+(?:de\s+la|du|de\s+las?|del)\s+(?:Conférence\s+des\s+Parties|Conferencia\s+de\s+las\s+Partes"
    r"|Comité\s+permanent|Comité\s+Permanente|Conseil\s+scientifique|Consejo\s+Científico))?"
)
_ROMANCE_DEADLINE = re.compile(
    r"\b(?:(?:d['’]ici\s+(?:à\s+|au\s+|la\s+)?|avant\s+(?:la\s+|le\s+|sa\s+)?|au\s+plus\s+tard\s+(?:le\s+|à\s+|en\s+|lors\s+de\s+)?"
    r"|antes\s+de\s+(?:la\s+|el\s+|su\s+)?|a\s+más\s+tardar\s+(?:el\s+|en\s+)?|hasta\s+(?:el\s+)?)"
    r"(?:(?:COP|CdP|CoP|MOP|StC|ScC)\s?-?\d+|" + _ROMANCE_MEETING
    + r"|(?:(?:le\s+|el\s+)?\d{1,2}(?:er)?\s+(?:de\s+)?)?(?:(?:" + _MOIS + "|" + _MESES + r")\s+(?:de\s+)?)?(?:19|20)\d{2})"
    r"|(?:à|en|lors\s+de)\s+" + _ROMANCE_MEETING + r")",
    re.I,
)
_ROMANCE_DEADLINE_HINT = re.compile(r"d['’]ici|avant |au plus tard|à sa |lors de|antes de|más tardar|en su |hasta ")


def deadline_find(action: str) -> str | None:
    """Return the first deadline stated in an action ("by COP14", "before the next meeting of ..."), or None."""
    if any(word in action for word in _DEADLINE_WORDS):
        match = _DEADLINE.search(action)
        if match:
            return " ".join(match.group(0).split())
    if (not action.isascii() or "avant " in action or "ici " in action or "antes " in action or "hasta " in action) and (
        _ROMANCE_DEADLINE_HINT.search(action)
    ):
        match = _ROMANCE_DEADLINE.search(action)
        if match:
            return " ".join(match.group(0).split())
    return None


_ROMANCE_REPORT_HINT = re.compile(r"rapport|rendre compte|rende compte|inform|soumettre|présenter|presentar|presente|someter|transm")
_ROMANCE_REPORT = re.compile(
    r"\b(?:faire\s+rapport|fasse\s+rapport|rendre\s+compte|rende\s+compte|informer|soumettre|présenter|transmettre"
    r"|informar|informe|presentar|presente|rendir\s+(?:un\s+)?informe|someter|transmitir)\b[^;]{0,100}?"
    r"\s(?:à\s+(?:la\s+|l['’])?|au\s+|aux\s+|a\s+(?:la\s+|los\s+|las\s+)?|al\s+)(?=[A-ZÉ])",
    re.I,
)


def _romance_report_to(action: str) -> list[str] | None:
    bodies: list[str] = []
    for anchor in _ROMANCE_REPORT.finditer(action):
        found = actors_find(action[anchor.end(): anchor.end() + 80])
        if found and found[0].start == 0 and found[0].kind in ("body", "secretariat", "convention") and found[0].label not in bodies:
            bodies.append(found[0].label)
    return bodies or None


def report_to_find(action: str) -> list[str] | None:
    """Return the bodies an action reports to, normalized ("Conference of the Parties"), or None."""
    bodies: list[str] = []
    lower = action.lower()
    if not any(word in lower for word in ("report", "submit", "present", "transmit", "consideration", "examination")):
        if not lower.isascii() and _ROMANCE_REPORT_HINT.search(lower):  # French and Spanish carry accents
            return _romance_report_to(action)
        return None
    for anchor in _REPORT.finditer(action):
        position = anchor.end()
        while True:
            body = _BODY.match(action, position)
            if not body:
                break
            found = actors_find(body.group("body").rstrip("0123456789 "))  # "COP15" is the COP
            label = found[0].label if found else " ".join(body.group("body").split())
            if label not in bodies:
                bodies.append(label)
            position = body.end()
            join = _BODY_JOIN.match(action, position)
            if not join or not _BODY.match(action, join.end()):
                break
            position = join.end()
    return bodies or None
