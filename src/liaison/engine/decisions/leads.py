"""Leads: the participles that open preamble clauses and the verbs that open operative paragraphs."""

from __future__ import annotations

import re

# Adjectives and participles that open preamble clauses without ending in -ing.
PREAMBLE_WORDS = frozenset(
    """Aware Conscious Convinced Mindful Concerned Cognizant Alarmed Determined Guided Desirous Confident
    Encouraged Pleased Satisfied Grateful Disturbed Worried Having Bearing Taking Deeply Gravely Seriously
    Noting Recalling Welcoming Recognizing Recognising Acknowledging Appreciating Expressing Highlighting
    Reaffirming Emphasizing Emphasising Considering Desiring Stressing Underlining Reiterating Affirming
    Observing Referring Believing Commending Acting Wishing Realizing Realising Reviewing Keen Committed
    Alert Heartened Troubled Bearing Underscoring Regretting Anticipating
    Consciente Conscient Conscients Préoccupée Préoccupé Préoccupés Convaincue Convaincu Convaincus Désireuse
    Désireux Déterminée Résolue Soucieuse Sachant Ayant Prenant Tenant Gardant Preocupada Preocupado Convencida
    Convencido Decidida Deseosa Habiendo""".split()
)
# French and Spanish participles ("Rappelant", "Recordando") open clauses only before a word of those languages.
_ROMANCE_PARTICIPLE = re.compile(
    r"^[A-ZÉ][a-zéèêàçíó]{2,}(?:ant|ando|iendo)\s+(?:(?:avec|con)\s+[a-zéèêíóá]+\s+)?"
    r"(?:(?:également|en outre|aussi|también|además|asimismo)\s+)?"
    r"(?:le|la|les|l['’]|que|qu['’]|du|des|de|d['’]|à|au|aux|en|un|une|el|los|las|lo|del|al|a|con|nota|note|compte|cuenta"
    r"|également|en outre|también|además|asimismo|avec|plus|par|sur|por)\b"
)
# Words ending in -ing that are not participles opening a clause.
_ING_STOP = frozenset("Beijing Spring During Nothing Something Everything Morning Evening King Sing Wing Thing Ring Bring".split())
PREAMBLE_ADVERBS = frozenset("Further Also Deeply Strongly Seriously Gravely Fully Greatly Particularly Acutely Keenly".split())
_PREAMBLE_TAILS = (
    r"(?:with (?:great |deep |grave |serious )?(?:appreciation|concern|satisfaction|gratitude|regret|interest|alarm))",
    r"(?:its (?:deep |sincere )?(?:gratitude|appreciation|concern|thanks|support|regret))",
    r"(?:in mind)",
    r"(?:note(?: with (?:appreciation|concern|satisfaction))?(?: of)?)",
    r"(?:into (?:account|consideration))",
    r"(?:also|further|in particular|moreover)",
    r"(?:(?:note|nota|compte|en cuenta|examiné|examinado|à l['’]esprit|presente)"
    r"(?: (?:avec|con) (?:satisfaction|satisfacción|préoccupation|preocupación|inquiétude|gratitude|gratitud|reconocimiento|intérêt|interés))?"
    r"(?: (?:également|en outre|también|además|asimismo))?)",
    r"(?:(?:avec|con) (?:satisfaction|satisfacción|préoccupation|preocupación|inquiétude|gratitude|gratitud|reconocimiento))",
    r"(?:également|en outre|aussi|también|además|asimismo)",
)
_PREAMBLE_TAIL = re.compile(r"\s+(" + "|".join(_PREAMBLE_TAILS) + r")\b")

OPERATIVE_VERBS = frozenset(
    """request urge invite encourage call instruct direct decide adopt approve agree welcome note take recognize
    recognise stress repeal emphasize emphasise reaffirm endorse acknowledge express confirm appeal reiterate
    recommend affirm authorize authorise establish extend appoint thank congratulate commend underline highlight
    consider accept amend delete replace determine resolve support entrust task ask advise applaud regret deplore
    condemn declare designate elect renew revise retire mandate charge launch underscore remind draw invite
    agree recall reaffirm approve decline defer suspend terminate transmit submit instruct call encourage
    further""".split()
) - {"further"}
OPERATIVE_ADVERBS = frozenset("Also Further Furthermore Again Strongly Kindly Warmly Respectfully Earnestly Firmly Urgently Hereby Finally Moreover Therefore Once".split())
_OPERATIVE_TAIL = re.compile(
    r"\s+((?:upon|on)(?= )|note(?: with (?:appreciation|concern|satisfaction))?(?: of)?|with (?:appreciation|concern|satisfaction|regret|gratitude)|its (?:appreciation|gratitude|thanks|concern|support|regret)|to(?= )|attention to)\b"
)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*")
# French and Spanish operative leads ("Prie le Secrétariat", "Pide a la Secretaría"); the adverb follows the verb.
_ROMANCE_VERBS = (
    "Prie|Demande|Invite|Encourage|Exhorte|Engage|Décide|Adopte|Approuve|Accueille|Prend note|Se félicite|Salue|Charge"
    "|Recommande|Réaffirme|Souligne|Reconnaît|Remercie|Convient|Abroge|Appelle|Lance un appel|Confirme|Note|Autorise"
    "|Félicite|Exprime|Donne pour instruction|Mandate|Rappelle|Prend acte|Pide|Solicita|Insta|Invita|Alienta|Exhorta"
    "|Decide|Adopta|Aprueba|Acoge con (?:beneplácito|satisfacción)|Acoge|Toma nota|Encarga|Encomienda|Recomienda|Reafirma"
    "|Subraya|Reconoce|Agradece|Acuerda|Deroga|Hace un llamamiento|Confirma|Observa|Autoriza|Felicita|Expresa|Instruye"
    "|Señala|Destaca|Celebra|Recuerda|Encarece"
)
_ROMANCE_OPERATIVE = re.compile(
    r"(?:(?:Asimismo|Además|También|Igualmente|De nuevo|En outre|Également)\s+)?(?:" + _ROMANCE_VERBS + r")"
    r"(?:\s+(?:également|en outre|aussi|instamment|vivement|de nouveau|encore|también|además|asimismo|encarecidamente"
    r"|nuevamente|igualmente|con (?:satisfacción|preocupación|beneplácito|reconocimiento)|avec (?:satisfaction|préoccupation)))*"
    r"(?![\w'’-])"
)
# First words of those leads: a cheap test before the long expression, which most English lines would fail.
_ROMANCE_FIRST_WORDS = frozenset(
    {word.split()[0] for word in re.sub(r"\(\?:[^)]*\)", "x", _ROMANCE_VERBS).split("|")}
    | {"Asimismo", "Además", "También", "Igualmente", "De", "En", "Également"}
)


def preamble_lead_find(text: str) -> str | None:
    """Return the preamble lead ("Recalling", "Noting with appreciation") that opens text, or None."""
    words = _WORD.findall(text[:80])
    if not words or not text[:1].isupper():
        return None
    first = words[0]
    if not text.startswith(first):
        return None
    index = 0
    if first in PREAMBLE_ADVERBS and len(words) > 1 and _is_participle(words[1], capital=False):
        index = 1
    core = words[index]
    if index == 0 and not _is_participle(core, capital=True):
        if core.endswith(("ant", "ando", "iendo")) and _ROMANCE_PARTICIPLE.match(text):
            return _romance_tail(text, core)
        return None
    if core.endswith("ing") is False and core in _ROMANCE_TWO_WORDS:
        return _romance_tail(text, core)
    if index == 0 and core in PREAMBLE_ADVERBS and core not in PREAMBLE_WORDS:
        return None
    end = text.find(core, len(words[0]) if index else 0) + len(core)
    if core in ("Having",) and len(words) > index + 1:
        end = text.find(words[index + 1], end) + len(words[index + 1])
    tail = _PREAMBLE_TAIL.match(text, end)
    if tail:
        end = tail.end()
    return text[:end]


_ROMANCE_TWO_WORDS = frozenset("Ayant Prenant Tenant Gardant Habiendo Tomando Teniendo".split())


def _romance_tail(text: str, core: str) -> str:
    end = len(core)
    tail = _PREAMBLE_TAIL.match(text, end)
    if tail:
        end = tail.end()
    return text[:end]


def _is_participle(word: str, *, capital: bool) -> bool:
    if capital and not word[:1].isupper():
        return False
    normalized = word[:1].upper() + word[1:]
    if normalized in PREAMBLE_WORDS:
        return True
    return word.endswith("ing") and len(word) >= 6 and normalized not in _ING_STOP and word[1:].islower()


def operative_lead_find(text: str) -> str | None:
    """Return the operative lead ("Requests", "Also urges", "Calls upon") that opens text, or None."""
    words = _WORD.findall(text[:60])
    if not words or not text.startswith(words[0]) or not words[0][:1].isupper():
        return None
    if words[0] in _ROMANCE_FIRST_WORDS and not verb_is_operative(words[0]):
        romance = _ROMANCE_OPERATIVE.match(text)
        return romance.group(0) if romance else None
    index = 0
    if words[0] in OPERATIVE_ADVERBS and len(words) > 1:
        index = 1
        if words[0] == "Once" and len(words) > 2 and words[1] == "again":
            index = 2
    if index >= len(words) or not verb_is_operative(words[index]):
        return None
    if index and not words[index][:1].islower():
        return None
    core = words[index]
    end = 0
    for word in words[: index + 1]:
        end = text.find(word, end) + len(word)
    tail = _OPERATIVE_TAIL.match(text, end)
    if tail and (core.lower().startswith(("call", "take", "note", "express", "appeal", "draw")) or tail.group(1).startswith("with")):
        end = tail.end()
        if text[tail.start():end].strip() == "to" and not core.lower().startswith("appeal"):
            end = tail.start()
    return text[:end]


def verb_is_operative(word: str) -> bool:
    """Return whether a word is an operative verb in the third person ("Requests") or base form ("Decide")."""
    lower = word.lower()
    if lower in OPERATIVE_VERBS:
        return True
    for suffix in ("es", "s"):
        if lower.endswith(suffix) and lower[: -len(suffix)] in OPERATIVE_VERBS:
            return True
    return False


def verb_normalize(lead: str | None) -> str | None:
    """Return the bare verb of a lead in the third person: "Further requests" gives "requests"."""
    if not lead:
        return None
    words = lead.split()
    while len(words) > 1 and words[0] in OPERATIVE_ADVERBS | PREAMBLE_ADVERBS | {"again"}:
        words = words[1:]
    verb = words[0].lower()
    if verb_is_operative(verb) and not verb.endswith("s"):
        verb = verb + ("es" if verb.endswith(("sh", "ch", "ss")) else "s")
    rest = " ".join(words[1:])
    if verb == "takes" and rest.startswith("note"):
        return "takes note"
    if verb in ("calls", "appeals") and rest:
        return f"{verb} {rest.split()[0]}"
    return verb


_CAPS_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ]{2,}(?:-[A-ZÀ-ÖØ-Þ]+)?\b")


def lead_uncap(text: str) -> str:
    """Return text with a lead in capitals ("FURTHER REQUESTS", CITES and Ramsar style) in sentence case."""
    if not text[:2].isupper() or not any(c.islower() for c in text[:80]):
        return text  # a line all in capitals is a title ("IMPROVING WAYS..."), not a lead
    position = 0
    words = 0
    while words < 4:
        match = _CAPS_WORD.match(text, position)
        if not match:
            break
        word = match.group(0)
        replacement = word.lower() if words else word[0] + word[1:].lower()
        text = text[: match.start()] + replacement + text[match.end():]
        position = match.end()
        words += 1
        while position < len(text) and text[position] == " ":
            position += 1
    return text
