"""Treaty machinery: the wording of final clauses, of a treaty's organs and of standard formulae. One list.

The treaty reader (treaty.py) leaves final clauses out of the corpus with FINAL_HEADING and FINAL_TEXT; the
overlap corpus (liaison.overlap.selectors.prose_is) leaves out procedural paragraphs with PROCEDURAL; the pages'
reading filter (liaison.overlap.formula) calls a paragraph machinery with text_is_machinery. All read these
patterns, so a clause caught (or missed) is caught (or missed) the same everywhere. Plain regular expressions.
"""

from __future__ import annotations

import re

# Final clauses (the UN Handbook of Final Clauses' list, and the amendment of the treaty itself):
# how a State joins, leaves or changes the treaty, not what the Parties do on an issue.
FINAL_HEADING = re.compile(
    r"\b(signature|ratification|acceptance|approval|accession|entry into force|reservations?|withdrawals?|"
    r"denunciation|termination|depositary|authentic texts?|final (?:provisions|clauses)|right to vote|"
    r"amendments? (?:of|to) the (?:convention|agreement|treaty)|amendment of the convention or protocols|"
    r"interim arrangements|member organizations of fao)\b",
    re.IGNORECASE,
)
# The same clauses recognised by their wording, for the treaties whose articles carry no heading.
FINAL_TEXT = re.compile(
    r"\b((?:shall be|shall remain) open for signature|shall be (?:subject to|open to) (?:ratification|accession)|shall be ratified|"
    r"shall enter into force|shall continue in force|may (?:denounce|withdraw from) this|"
    r"this (?:convention|agreement) may be (?:amended|revised)|no reservations|equally authentic|is drawn up in|depositary shall|depository shall|"
    r"registered with the secretariat of the united nations|functions of depositary|in witness whereof|"
    r"(?:not be )?subject to (?:general )?reservations|may at any time denounce)\b",
    re.IGNORECASE,
)

# Final clauses and institutional articles every treaty shares; they say nothing about the work on an issue.
PROCEDURAL = re.compile(
    r"\b(depositary|ratification|accession|acceptance or approval|denunciat|entry into force|enter into force|"
    r"authentic|amendments? to|arbitration|conciliation|settlement of disputes|rules of procedure|reservations?|"
    r"withdraw|signature|financial rules|voting|vote|quorum|credentials|observers?|languages?|disputes?|tribunal|"
    r"arbitra\w*|vacanc\w*|amend\w*|unamended|bound by|witness whereof|duly authori[sz]ed)\b",
    re.IGNORECASE,
)

# The organs and machinery of a treaty, when they are what a paragraph is about (its subject).
ORGAN = re.compile(
    r"\b((conference|meeting)\s+of\s+the\s+(contracting\s+)?parties|governing\s+body|secretar(iat|y)|committee|"
    r"subsidiary\s+bod\w*|bureau|(ordinary|extraordinary|special)\s+(session|meeting)s?|meetings?|sessions?|"
    r"mechanism|budget|costs|annex(es)?|provisions\s+of\s+th(is|e\s+present)|objectives?\s+of\s+th(is|e\s+present))\b",
    re.IGNORECASE,
)
# A paragraph's subject: what comes before its first modal or copula, after any numbering ("4.", "b)", "12.4.").
SUBJECT = re.compile(r"^\W*(?:[\dA-Za-z]{1,4}[.)]\s*)*(?:[\d.]+\s*)?([^,;:]{0,80}?)\b(shall|may|should|will|is|are)\b",
                     re.IGNORECASE)
# Standard wording wherever it stands: final and institutional clauses, definitions, recitals, reports, the Rio
# conventions' financing formula, and the raw links to the Dutch treaty database some texts still carry.
FORMULA = re.compile(
    r"\bintegral\s+part\b|\b(rights\s+and|rights\s+or)\s+obligations\b|\bobligations\s+(deriving|under\s+any)\b"
    r"|[“\"][^”\"]{1,60}[”\"]\s+means\b|\bwithin\s+the\s+meaning\s+of\b|^\W*\*?preamble"
    r"|\b(recogni[sz]ing|conscious|recalling|considering|aware)\b[^.;]{0,200}[,;]\s*"
    r"(recogni[sz]ing|conscious|recalling|considering|aware|noting)\b"
    r"|\breports?\s+(on|to)\b|\bprepare\b[^.;]{0,60}\breports?\b|\bscale\s+of\s+assessment|\bunited\s+nations\s+scale"
    r"|\bsovereign|\bfocal\s+point|\bcompetent\s+(national\s+)?authorit|\bverdrag/|\bwritten\s+request\b"
    r"|\bat\s+intervals\b|\bfinancial\s+resources\b[^.]{0,120}\b(depend|bilateral|channels)\b|\bwill\s+depend\b"
    r"|\bsubsidiary\s+bod|\bother\s+functions\b|\btransmitting\s+the\s+information\b"
    r"|^\W*(?:[\dA-Za-z]{1,4}[.)]\s*)*there\s+shall\s+be\s+(a|an)\b|\bgoverning\s+bod|\bcoordinating\s+mechanism\b"
    r"|\bfinancial\s+support\b"
    # what a governing body does for the treaty itself (CITES Article XI(3)(a): "make such provision as may be
    # necessary to enable the Secretariat to carry out its duties and adopt financial provisions")
    r"|\benable\s+the\s+secretariat\b|\bcarry\s+out\s+its\s+(duties|functions)\b|\bfinancial\s+(provisions|rules)\b"
    r"|\b(adopt|consider)\s+(and\s+adopt\s+)?amendments\b|\btime\s+and\s+venue\b|\brules\s+of\s+procedure\b"
    r"|\b(represented|admitted)\s+(at|to)\s+(its\s+|the\s+)?meetings\b|\bas\s+observers?\b",
    re.IGNORECASE,
)


def text_is_machinery(text: str) -> bool:
    """Return True when a paragraph is treaty machinery or standard wording rather than work on an issue."""
    text = " ".join((text or "").split())
    match = SUBJECT.match(text)
    subject = match.group(1) if match else text[:80]
    return bool(ORGAN.search(subject) or FORMULA.search(text))
