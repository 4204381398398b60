"""Mandate verbs and addressees in the reader's language.

The engine reads decisions in English and names addressees with the labels of engine/vocabularies/actors.json
and verbs in the third person ("requests", "urges"). Both are shown translated through the gettext catalogues:
the labels are marked here (tests/decisions/test_wording.py checks every label of the vocabulary is), and the
verbs with the context "mandate verb" ("requests" as in "requests the Secretariat to", not the noun).
A label or verb not listed (an addressee a person typed) is shown as it is.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop, pgettext_lazy

ADDRESSEES = frozenset((
    gettext_noop("Parties"),
    gettext_noop("Governments"),
    gettext_noop("Other Governments"),
    gettext_noop("Executive Secretary"),
    gettext_noop("SBSTTA"),
    gettext_noop("SBI"),
    gettext_noop("WGRI"),
    gettext_noop("WG8J"),
    gettext_noop("WGABS"),
    gettext_noop("CP-MOP"),
    gettext_noop("NP-MOP"),
    gettext_noop("Global Environment Facility"),
    gettext_noop("Indigenous peoples and local communities"),
    gettext_noop("United Nations General Assembly"),
    gettext_noop("United Nations Environment Programme"),
    gettext_noop("Executive Director of UNEP"),
    gettext_noop("Food and Agriculture Organization of the United Nations"),
    gettext_noop("UNESCO"),
    gettext_noop("United Nations Development Programme"),
    gettext_noop("World Trade Organization"),
    gettext_noop("World Intellectual Property Organization"),
    gettext_noop("CITES"),
    gettext_noop("CMS"),
    gettext_noop("ITPGRFA"),
    gettext_noop("Ramsar Convention"),
    gettext_noop("World Heritage Convention"),
    gettext_noop("IPPC"),
    gettext_noop("IPBES"),
    gettext_noop("World Health Organization"),
    gettext_noop("IUCN"),
    gettext_noop("IPCC"),
    gettext_noop("Relevant organizations"),
    gettext_noop("Regional economic integration organizations"),
    gettext_noop("International organizations"),
    gettext_noop("Intergovernmental organizations"),
    gettext_noop("Private sector"),
    gettext_noop("Donors"),
    gettext_noop("Businesses"),
    gettext_noop("Stakeholders"),
    gettext_noop("Youth"),
    gettext_noop("Women"),
    gettext_noop("Secretariat"),
    gettext_noop("Secretariats of other conventions"),
    gettext_noop("Conference of the Parties"),
    gettext_noop("Meeting of the Parties"),
    gettext_noop("Standing Committee"),
    gettext_noop("Scientific Council"),
    gettext_noop("Animals Committee"),
    gettext_noop("Plants Committee"),
    gettext_noop("Scientific and Technical Review Panel"),
    gettext_noop("Plenary"),
    gettext_noop("Bureau"),
    gettext_noop("Multidisciplinary Expert Panel"),
    gettext_noop("Chair"),
    gettext_noop("Biodiversity Liaison Group"),
    gettext_noop("CMS Agreements"),
    gettext_noop("Partner organizations"),
    gettext_noop("Civil society organizations"),
    gettext_noop("Non-governmental organizations"),
    gettext_noop("International Whaling Commission"),
    gettext_noop("UNCCD"),
    gettext_noop("UNFCCC"),
    gettext_noop("CBD"),
    gettext_noop("AEWA"),
    gettext_noop("Bern Convention"),
    gettext_noop("UN DESA"),
    gettext_noop("Biodiversity Indicators Partnership"),
    gettext_noop("InforMEA"),
    gettext_noop("National focal points"),
    gettext_noop("Range States"),
    gettext_noop("States Parties"),
    gettext_noop("State Party concerned"),
    gettext_noop("World Heritage Centre"),
    gettext_noop("World Heritage Committee"),
    gettext_noop("Advisory Bodies"),
))

# The CBD Decision Tracking statuses (data/cbd_decision_tracking_dtt/statuses.json), shown with
# {% translate tracking %} on the decision and mandate pages.
TRACKING_STATUSES = (
    gettext_noop("Active"), gettext_noop("Implemented"), gettext_noop("Elapsed"), gettext_noop("Superseded"),
    gettext_noop("Retired"), gettext_noop("Inactive"), gettext_noop("Require Funding"), gettext_noop("Stagnant"),
)

VERBS = {
    "requests": pgettext_lazy("mandate verb", "requests"),
    "urges": pgettext_lazy("mandate verb", "urges"),
    "invites": pgettext_lazy("mandate verb", "invites"),
    "encourages": pgettext_lazy("mandate verb", "encourages"),
    "calls on": pgettext_lazy("mandate verb", "calls on"),
    "calls upon": pgettext_lazy("mandate verb", "calls upon"),
    "instructs": pgettext_lazy("mandate verb", "instructs"),
    "directs": pgettext_lazy("mandate verb", "directs"),
    "asks": pgettext_lazy("mandate verb", "asks"),
    "appeals to": pgettext_lazy("mandate verb", "appeals to"),
    "entrusts": pgettext_lazy("mandate verb", "entrusts"),
    "charges": pgettext_lazy("mandate verb", "charges"),
    "tasks": pgettext_lazy("mandate verb", "tasks"),
    "mandates": pgettext_lazy("mandate verb", "mandates"),
    "recommends": pgettext_lazy("mandate verb", "recommends"),
    "decides": pgettext_lazy("mandate verb", "decides"),
    "shall": pgettext_lazy("mandate verb", "shall"),
    "should": pgettext_lazy("mandate verb", "should"),
}


def addressee_local(label: str) -> str:
    """Return an addressee's label in the active language (as it is when the vocabulary does not hold it)."""
    return gettext(label) if label in ADDRESSEES else label


def verb_local(verb: str) -> str:
    """Return a mandate verb in the active language (as it is when it is not one the parser gives)."""
    local = VERBS.get((verb or "").lower())
    return str(local) if local is not None else verb
