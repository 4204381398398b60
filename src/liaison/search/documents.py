"""What the index holds of each kind of thing: the search documents built from the other apps' rows.

Each builder yields unsaved SearchDocument rows. Visibility is not decided here: each document names the
object whose visibility it follows (`owner_type`, `owner_id`), and the reader's filter is applied when
searching (selectors.document_visibility), so publishing or hiding a plan needs no re-indexing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.db.models import Prefetch, Q
from django.urls import reverse

from liaison.catalogue.models import Convention, Country, Membership, Organization
from liaison.decisions.models import Decision, DecisionRevision, Mandate, Paragraph
from liaison.engine.search import LANGUAGES, text_stems
from liaison.frameworks.models import Framework, Indicator, Target
from liaison.partnerships.models import Partnership
from liaison.search.models import SearchDocument as Doc

TITLE_MAX = 500


def document(*, kind: str, object_id: int, title: str, body: str, url: str, language: str = "en",
             languages: Iterable[str] = ("en",), fallback: bool = True, owner: tuple[str, int | None] = ("", None),
             convention: str = "", year: int | None = None, status: str = "", addressee: str = "",
             framework: str = "") -> Doc:
    """Return one unsaved document; French and Spanish texts get their Snowball stems."""
    stems = text_stems(f"{title} {body}", language) if language in ("fr", "es") else ""
    return Doc(kind=kind, object_id=object_id, title=title[:TITLE_MAX], body=body, url=url[:300],
               language=language, languages="," + ",".join(languages) + ",", fallback=fallback,
               owner_type=owner[0], owner_id=owner[1], convention=convention or "", year=year,
               status=status, stems=stems, addressee=addressee[:200], framework=framework[:64])


def symbol_spelled(number: str) -> str:
    """Return a decision number with its punctuation as spaces ("11.10" -> "11 10"), as both engines split it."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in number).split())


# --- decisions: the decision, its paragraphs (every revision, labelled) and its mandates --------------------

def decisions_documents(decisions: Iterable[Decision], *, paragraphs: bool = True, others: bool = True
                        ) -> Iterator[Doc]:
    """Yield the documents of `decisions` (loaded with their convention): the decisions, their paragraphs and
    their mandates, or only the paragraphs (`others=False`) or only the rest (`paragraphs=False`)."""
    decisions = list(decisions)
    ids = [d.pk for d in decisions]
    latest: dict[int, int] = {}
    for revision in DecisionRevision.objects.filter(decision_id__in=ids).order_by("decision_id", "created_at", "id"
                                                                                 ).values("id", "decision_id"):
        latest[revision["decision_id"]] = revision["id"]
    by_id = {d.pk: d for d in decisions}
    heads = {d.pk: DecisionHead(d) for d in decisions}  # what every document of a decision repeats, made once
    if others:
        for decision in decisions:
            yield decision_document(decision)
    if paragraphs:
        yield from paragraphs_documents(by_id, latest, heads)
    if others:
        mandate_url = url_of("decisions:mandate_detail")
        rows = (Mandate.objects.filter(decision_id__in=ids).order_by("decision", "paragraph__order", "order")
                .values("id", "decision_id", "status", "verb", "action", "actor__label").iterator(chunk_size=2000))
        for row in rows:
            yield mandate_document(by_id[row["decision_id"]], row, head=heads[row["decision_id"]], url=mandate_url)


def url_of(name: str) -> Callable[[int], str]:
    """Return a function giving the URL `name` of an object id: one `reverse` for the many documents of a refresh."""
    marker = 2_147_483_647
    prefix, suffix = reverse(name, args=[marker]).rsplit(str(marker), 1)
    return lambda pk: f"{prefix}{pk}{suffix}"


class DecisionHead:
    """A decision's label, link and status as its paragraphs' and mandates' documents repeat them."""

    def __init__(self, decision: Decision) -> None:
        self.acronym = decision.convention.acronym
        self.name = f"{self.acronym} {decision.get_kind_display()} {decision.number}"
        self.url = decision_url(decision)
        self.status = decision_status(decision)


def paragraphs_documents(by_id: dict[int, Decision], latest: dict[int, int],
                         heads: dict[int, DecisionHead] | None = None) -> Iterator[Doc]:
    """Yield the paragraphs of the decisions `by_id`, labelled current when of their `latest` revision."""
    heads = heads if heads is not None else {pk: DecisionHead(d) for pk, d in by_id.items()}
    rows = (Paragraph.objects.filter(revision__decision_id__in=list(by_id))
            .values("id", "kind", "number", "order", "text", "subparagraphs", "revision_id",
                    "revision__decision_id", "revision__label").iterator(chunk_size=2000))
    for row in rows:
        decision = by_id[row["revision__decision_id"]]
        current = latest.get(decision.pk) == row["revision_id"]
        yield paragraph_document(decision, row, current=current, head=heads[decision.pk])


def decision_status(decision: Decision) -> str:
    return {Decision.REPEALED: Doc.REPEALED, Decision.SUPERSEDED: Doc.SUPERSEDED}.get(decision.status, Doc.IN_EFFECT)


def decision_url(decision: Decision) -> str:
    return reverse("decisions:decision_detail", args=[decision.pk])


def decision_document(decision: Decision) -> Doc:
    name = f"{decision.convention.acronym} {decision.get_kind_display()} {decision.number}"
    symbols = {decision.number, symbol_spelled(decision.number)}
    body = " ".join([*sorted(symbols), decision.title, decision.meeting, decision.convention.name])
    return document(kind=Doc.DECISION, object_id=decision.pk, title=f"{name}: {decision.title}".rstrip(": "),
                    body=body, url=decision_url(decision), owner=("decision", decision.pk),
                    convention=decision.convention.acronym, year=decision.year, status=decision_status(decision))


def subparagraphs_text(subparagraphs) -> str:
    parts = []
    for sub in subparagraphs or []:
        if isinstance(sub, dict):
            parts.append(str(sub.get("text") or ""))
            parts.append(subparagraphs_text(sub.get("subparagraphs")))
        elif isinstance(sub, str):
            parts.append(sub)
    return " ".join(p for p in parts if p)


def paragraph_document(decision: Decision, row: dict, *, current: bool, head: DecisionHead | None = None) -> Doc:
    """Return a paragraph's document: in effect only in the current revision of a decision in effect."""
    head = head or DecisionHead(decision)
    anchor = f"{row['kind']}-{row['number'] or row['order']}"
    label = f"{head.name} ¶{row['number']}"
    if row["kind"] != Paragraph.OPERATIVE:
        label = f"{head.name} ({row['kind']} {row['number']})"
    status = head.status if current else Doc.SUPERSEDED
    if not current and row["revision__label"]:
        label += f" [{row['revision__label']}]"
    body = " ".join(p for p in (row["text"], subparagraphs_text(row["subparagraphs"])) if p)
    return document(kind=Doc.PARAGRAPH, object_id=row["id"], title=label, body=body,
                    url=f"{head.url}#{anchor}", owner=("decision", decision.pk),
                    convention=head.acronym, year=decision.year, status=status)


def mandate_document(decision: Decision, row: dict, *, head: DecisionHead, url: Callable[[int], str]) -> Doc:
    """Return a mandate's document from its row (id, status, verb, action, actor__label)."""
    status = Doc.SUPERSEDED if row["status"] == Mandate.SUPERSEDED else head.status
    title = f"{head.acronym} {decision.number}: {row['actor__label']} {row['verb']}".strip()
    return document(kind=Doc.MANDATE, object_id=row["id"], title=title, body=row["action"], url=url(row["id"]),
                    owner=("decision", decision.pk), convention=head.acronym, year=decision.year, status=status,
                    addressee=row["actor__label"])


# --- frameworks: targets and indicators, one document per language of their text ---------------------------

def texts_by_language(*texts: dict) -> dict[str, list[str]]:
    """Return {language: [texts]} of the multilingual dicts given, Liaison's languages only."""
    found: dict[str, list[str]] = {}
    for texts_dict in texts:
        for lang, text in (texts_dict or {}).items():
            if lang in LANGUAGES and text:
                found.setdefault(lang, []).append(str(text))
    return found


def multilingual_documents(*, kind: str, object_id: int, code: str, texts: dict[str, list[str]], url: str,
                           framework: Framework) -> Iterator[Doc]:
    if not texts:
        return
    languages = sorted(texts)
    fallback_language = "en" if "en" in texts else languages[0]
    convention = framework.convention.acronym if framework.convention_id else ""
    for lang, parts in texts.items():
        yield document(kind=kind, object_id=object_id, title=f"{framework.code} {code}: {parts[0]}",
                       body=" ".join([framework.name, *parts[1:]]), url=url, language=lang, languages=languages,
                       fallback=lang == fallback_language, owner=("framework", framework.pk), convention=convention,
                       framework=framework.code)


def frameworks_documents(frameworks: Iterable[Framework]) -> Iterator[Doc]:
    """Yield the documents of the current targets and indicators of `frameworks`."""
    ids = [f.pk for f in frameworks]
    targets = (Target.objects.filter(framework_id__in=ids, retired_at__isnull=True)
               .select_related("framework__convention").iterator(chunk_size=2000))
    for target in targets:
        texts = texts_by_language(target.title, target.text)
        yield from multilingual_documents(kind=Doc.TARGET, object_id=target.pk, code=target.code, texts=texts,
                                          url=reverse("frameworks:target_detail", args=[target.pk]),
                                          framework=target.framework)
    indicators = (Indicator.objects.filter(framework_id__in=ids, retired_at__isnull=True)
                  .select_related("framework__convention", "target").iterator(chunk_size=2000))
    for indicator in indicators:
        url = (reverse("frameworks:target_detail", args=[indicator.target_id]) if indicator.target_id
               else reverse("frameworks:framework_detail", args=[indicator.framework.code]))
        yield from multilingual_documents(kind=Doc.INDICATOR, object_id=indicator.pk, code=indicator.code,
                                          texts=texts_by_language(indicator.text), url=url,
                                          framework=indicator.framework)


# --- the catalogue: conventions, countries (with what they are party to), organizations ---------------------

def conventions_documents(conventions: Iterable[Convention]) -> Iterator[Doc]:
    for convention in conventions:
        body = " ".join(p for p in (convention.name, convention.get_kind_display(), convention.secretariat) if p)
        yield document(kind=Doc.CONVENTION, object_id=convention.pk, title=f"{convention.acronym}: {convention.name}",
                       body=body, url=reverse("catalogue:convention_detail", args=[convention.acronym]),
                       convention=convention.acronym, year=convention.year)


def party(membership: Membership) -> bool:
    return bool(membership.ratification or membership.entry_into_force)


def countries_documents(countries: Iterable[Country]) -> Iterator[Doc]:
    """Yield one document per country naming the conventions it is party to (shown in the snippet)."""
    countries = list(countries)
    memberships = Membership.objects.filter(country__in=countries).select_related("convention").order_by(
        "convention__acronym")
    parties: dict[int, list[str]] = {}
    for membership in memberships:
        if party(membership):
            parties.setdefault(membership.country_id, []).append(membership.convention.acronym)
    for country in countries:
        acronyms = parties.get(country.pk, [])
        body = " ".join(p for p in (country.official_name, country.iso3,
                                    ("Party to " + ", ".join(acronyms)) if acronyms else "") if p)
        yield document(kind=Doc.COUNTRY, object_id=country.pk, title=country.name, body=body,
                       url=reverse("catalogue:country_detail", args=[country.iso3]))


def organizations_documents(organizations: Iterable[Organization]) -> Iterator[Doc]:
    for org in organizations:
        names = [org.acronym, *[str(n) for n in (org.former_names or [])], org.get_kind_display()]
        if org.country_id:
            names.append(org.country.name)
        title = f"{org.name} ({org.acronym})" if org.acronym else org.name
        yield document(kind=Doc.ORGANIZATION, object_id=org.pk, title=title, body=" ".join(n for n in names if n),
                       url=org.website or reverse("partnerships:partnership_list") + f"?organization={org.pk}",
                       convention=org.convention.acronym if org.convention_id else "")


def partnerships_documents(partnerships: Iterable[Partnership]) -> Iterator[Doc]:
    """Yield the documents of partnerships; an unpublished one is found only by those who may see it."""
    for p in partnerships:
        names = [o.name for o in p.organizations.all()]
        body = " ".join([p.summary, p.get_instrument_display(), p.get_status_display(), *names])
        yield document(kind=Doc.PARTNERSHIP, object_id=p.pk, title=p.title, body=body,
                       url=reverse("partnerships:partnership_detail", args=[p.pk]), owner=("partnership", p.pk),
                       convention=p.convention.acronym, year=(p.signed_on or p.started_on).year
                       if (p.signed_on or p.started_on) else None)


def partnerships_loaded(query: Q | None = None):
    qs = Partnership.objects.select_related("convention").prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.only("id", "name")))
    return qs.filter(query) if query is not None else qs
