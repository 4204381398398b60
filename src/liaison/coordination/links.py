"""What a working group's action or note serves: mandates addressed to Parties, sections of national reports and
targets of plans.

A link is written only to what its writer may read (`mandate_visible_to` among the mandates addressed to
Parties, sections of `questionnaire_visible_to`, `target_visible_to`): anything else is refused with 422 and
nothing stored. A link is shown only to who may read its object, through the same filters: a note's reader who
may not read a linked target (an unpublished plan's) does not see that link.
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.coordination.models import WorkingGroupNote
from liaison.coordination.permissions import working_group_visible_to
from liaison.core.errors import Invalid
from liaison.decisions.models import Mandate
from liaison.decisions.permissions import mandate_visible_to
from liaison.frameworks.models import Target
from liaison.frameworks.permissions import target_visible_to
from liaison.reporting.models import Section
from liaison.reporting.permissions import questionnaire_visible_to

PARTY_ACTOR_KIND = "party"  # the actors' vocabulary (engine/vocabularies/actors.json): Parties, States Parties...
LINK_FIELDS = ("mandates", "sections", "targets")
EXCERPT_CHARS = 160  # of a note's text, where a mandate, a report or a target lists the notes linked to it


def links_found(*, user, mandates: list[int], sections: list[int], targets: list[int]) -> dict[str, list]:
    """Return the mandates, sections and targets named, among those `user` may read; Invalid when one is not."""
    found = {
        "mandates": list(mandate_visible_to(user).filter(pk__in=mandates, actor__kind=PARTY_ACTOR_KIND)),
        "sections": list(Section.objects.filter(pk__in=sections, questionnaire__in=questionnaire_visible_to(user))),
        "targets": list(target_visible_to(user).filter(pk__in=targets)),
    }
    asked = {"mandates": mandates, "sections": sections, "targets": targets}
    messages = {"mandates": _("not a mandate addressed to Parties that you may read: %(ids)s"),
                "sections": _("not a section of a national report: %(ids)s"),
                "targets": _("not a target you may read: %(ids)s")}
    errors = []
    for field, objects in found.items():
        missing = sorted(set(asked[field]) - {o.pk for o in objects})
        if missing:
            errors.append({"field": field, "message": messages[field] % {"ids": ", ".join(map(str, missing[:10]))}})
    if errors:
        raise Invalid(_("Some linked objects are not known or not addressed to Parties."), errors=errors)
    return found


def mandate_label(m: Mandate) -> str:
    number = f", ¶{m.paragraph.number}" if m.paragraph.number else ""
    return f"{m.decision}{number}: {m.verb} {m.action[:160]}"


def section_label(s: Section) -> str:
    return f"{s.questionnaire.convention.acronym} {s.questionnaire.cycle or s.questionnaire.title}: " \
           f"{s.number + ' ' if s.number else ''}{s.title}"


def target_label(t: Target) -> str:
    from liaison.engine.frameworks import texts_pick

    title = texts_pick(t.title or {}, "en") or texts_pick(t.text or {}, "en")
    return f"{t.framework.code} {t.code}: {title[:160]}"


def mandate_link(m: Mandate) -> dict:
    return {"id": m.pk, "convention": m.decision.convention.acronym, "label": mandate_label(m),
            "url": reverse("decisions:mandate_detail", args=[m.pk])}


def section_link(s: Section) -> dict:
    return {"id": s.pk, "convention": s.questionnaire.convention.acronym, "label": section_label(s)}


def target_link(t: Target) -> dict:
    return {"id": t.pk, "framework": t.framework.code, "label": target_label(t),
            "url": reverse("frameworks:target_detail", args=[t.pk])}


def note_links_of(*, user, note_ids: list[int]) -> dict[int, dict[str, list[dict]]]:
    """Return {note id: {"mandates", "sections", "targets": link rows}} of the notes given, each link among what
    `user` may read (three queries, none when no note is given)."""
    out: dict[int, dict[str, list[dict]]] = defaultdict(lambda: {f: [] for f in LINK_FIELDS})
    if not note_ids:
        return out
    # one query per kind: the note's links to what `user` may read, each with its object (and what its label needs)
    kinds = (("mandates", "mandate", mandate_visible_to(user), ("mandate__decision__convention", "mandate__paragraph"),
              mandate_link),
             ("sections", "section", Section.objects.filter(questionnaire__in=questionnaire_visible_to(user)),
              ("section__questionnaire__convention",), section_link),
             ("targets", "target", target_visible_to(user), ("target__framework",), target_link))
    for field, column, readable, related, row in kinds:
        through = getattr(WorkingGroupNote, field).through.objects
        for link in (through.filter(workinggroupnote_id__in=note_ids, **{f"{column}__in": readable})
                     .select_related(*related).order_by("pk")):
            out[link.workinggroupnote_id][field].append(row(getattr(link, column)))
    return out


def notes_linking(*, user, country, mandates: list[int], questionnaires: list[int], targets: list[int]
                  ) -> dict[str, dict[int, list[dict]]]:
    """Return {"mandates": {mandate id: notes}, "questionnaires": {questionnaire id: notes}, "targets": {target id:
    notes}}: the notes of `country`'s groups `user` reads (`working_group_visible_to`) that link to the mandates,
    to a section of the questionnaires, or to the targets given; newest first, each with its group and an
    excerpt."""
    readable = {"workinggroupnote__group__in": working_group_visible_to(user),
                "workinggroupnote__group__country": country}
    note = ("workinggroupnote_id", "workinggroupnote__date", "workinggroupnote__group_id",
            "workinggroupnote__group__name", "workinggroupnote__text")
    sections = Section.objects.filter(questionnaire__in=questionnaire_visible_to(user))
    asked = (("mandates", mandates, WorkingGroupNote.mandates.through.objects.filter(mandate_id__in=mandates),
              "mandate_id"),
             ("questionnaires", questionnaires, WorkingGroupNote.sections.through.objects.filter(
                 section__questionnaire_id__in=questionnaires, section__in=sections), "section__questionnaire_id"),
             ("targets", targets, WorkingGroupNote.targets.through.objects.filter(target_id__in=targets),
              "target_id"))
    out: dict[str, dict[int, list[dict]]] = {kind: defaultdict(list) for kind, _ids, _q, _c in asked}
    for kind, ids, rows, column in asked:
        if not ids:
            continue
        seen: set[tuple[int, int]] = set()
        for object_id, note_id, date, group_id, group_name, text in (
                rows.filter(**readable).order_by("-workinggroupnote__date", "-workinggroupnote_id")
                .values_list(column, *note)):
            if (object_id, note_id) in seen:  # a note linked to two sections of one report is listed once
                continue
            seen.add((object_id, note_id))
            out[kind][object_id].append({
                "id": note_id, "date": date, "group": group_name, "group_id": group_id,
                "excerpt": text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else ""),
                "url": reverse("coordination:group", args=[country.iso3, group_id]) + f"#note-{note_id}"})
    return out
