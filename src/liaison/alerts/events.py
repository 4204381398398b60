"""The events people are told of, read from the other areas' audit trail and signals (no edit of their services).

- a published batch whose new decisions repeal, revise or refer to a followed decision;
- a mandate's status, owner or deadline changed (its owner follows it);
- a report delegated, submitted or reopened (its country's focal points follow it; so may others follow its
  country's reports, alerts.countries), and a section delegated to a person, told to that person.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation

from liaison.accounts.models import Role
from liaison.alerts.countries import country_follows_prune
from liaison.alerts.models import Follow, Notification
from liaison.alerts.objects import TYPES
from liaison.alerts.services import follows_ensure, notify, notify_many
from liaison.alerts.wording import messages_active, wording, wording_stored
from liaison.decisions.models import Decision, Mandate, Reference
from liaison.reporting.models import Report

MANDATE_WATCHED = ("status", "owner", "deadline")
RELATION_WORDING = {"repeals": "repeals", "revises": "revises"}


def batch_published_notify(*, decision_ids: list[int], actor=None) -> int:
    """Tell the followers of the decisions the new texts repeal, revise or cite; return notifications written."""
    refs = (Reference.objects.filter(source_id__in=decision_ids, target__isnull=False)
            .exclude(target_id__in=decision_ids).values_list("source_id", "target_id", "relation").order_by("pk"))
    by_target: dict[int, tuple[int, str]] = {}
    for source_id, target_id, relation in refs:
        # the strongest relation of one target wins: repeals, then revises, then any other reference
        rank = {"repeals": 0, "revises": 1}.get(relation, 2)
        if target_id not in by_target or rank < {"repeals": 0, "revises": 1}.get(by_target[target_id][1], 2):
            by_target[target_id] = (source_id, relation)
    followed = set(Follow.objects.filter(object_type="decision", object_id__in=list(by_target))
                   .values_list("object_id", flat=True).order_by().distinct())
    if not followed:
        return 0
    # names read as plain values and written as Decision.__str__ does: thousands of followed decisions cost no
    # model instance each; the link of each new decision is built once
    kinds = {k: str(label) for k, label in Decision.KINDS}
    names = {pk: f"{acronym} {kinds.get(kind, kind)} {number}" for pk, acronym, kind, number in Decision.objects
             .filter(pk__in=followed | {by_target[t][0] for t in followed}).order_by()
             .values_list("pk", "convention__acronym", "kind", "number")}
    links = {s: TYPES["decision"].url(Decision(pk=s)) for s in {by_target[t][0] for t in followed}}
    objects = {}
    with translation.override(settings.LANGUAGE_CODE):  # Notification.title: the site's default language
        messages = messages_active()
        for target_id in followed:
            source_id, relation = by_target[target_id]
            params = {"m": RELATION_WORDING.get(relation, "refers"), "new": names[source_id],
                      "followed": names[target_id]}
            # the link goes to the new decision: that is what changed
            objects[target_id] = (wording(params, messages), links[source_id], params)
    return len(notify_many(Notification.DECISION_REFERENCED, "decision", objects, actor=actor))


def mandate_changed_notify(*, mandate_id: int, changes: dict, actor=None) -> int:
    """Tell a mandate's followers (its owner following it) that its status, owner or deadline changed."""
    fields = [f for f in MANDATE_WATCHED if f in (changes.get("after") or {})]
    if not fields:
        return 0
    mandate = (Mandate.objects.select_related("decision__convention", "paragraph").filter(pk=mandate_id).first())
    if mandate is None:
        return 0
    if mandate.owner_id:
        follows_ensure(obj=mandate, user_ids=[mandate.owner_id], reason=Follow.OWNER)
    params = {"m": "mandate", "decision": str(mandate.decision), "paragraph": mandate.paragraph.number or "-",
              "fields": fields}
    return len(notify(Notification.MANDATE_CHANGED, mandate, TYPES["mandate"].url(mandate), wording_stored(params),
                      actor=actor, params=params))


def report_focal_points(report: Report) -> list[int]:
    """Return the ids of the focal points of the report's country for its convention (or for every one)."""
    convention_id = report.questionnaire.convention_id
    return list(Role.objects.filter(Q(convention_id=convention_id) | Q(convention__isnull=True),
                                    kind=Role.FOCAL_POINT, country_id=report.country_id)
                .values_list("user_id", flat=True).distinct())


def report_event_notify(*, report_id: int, action: str, changes: dict, actor=None) -> int:
    """Tell a report's followers (its focal points following it) of a delegation, a submission, a reopening;
    and the person a section was delegated to."""
    report = Report.objects.select_related("questionnaire", "country").filter(pk=report_id).first()
    if report is None:
        return 0
    follows_ensure(obj=report, user_ids=report_focal_points(report), reason=Follow.FOCAL_POINT)
    country_follows_prune(country_id=report.country_id)
    country = [("country_reports", report.country_id)]  # its country's followers, as far as they may read it
    url, name, written, skip = TYPES["report"].url(report), str(report), 0, []
    if action == "delegate":
        delegate = get_user_model().objects.filter(username=changes.get("to", "")).first()
        section = changes.get("section", "")
        if delegate is not None:
            skip = [delegate.pk]  # told that the section is theirs, not also that it was delegated
            params = {"m": "section_delegated", "report": name, "section": section}
            written += len(notify(Notification.SECTION_DELEGATED, report, url, wording_stored(params),
                                  recipients=[delegate.pk], actor=actor, params=params))
        params = {"m": "report_delegated", "report": name, "section": section, "to": changes.get("to", "")}
        kind = Notification.REPORT_DELEGATED
    elif action == "submit":
        params, kind = {"m": "report_submitted", "report": name}, Notification.REPORT_SUBMITTED
    elif action == "reopen_approved":
        params, kind = {"m": "report_reopened", "report": name}, Notification.REPORT_REOPENED
    else:
        return written
    return written + len(notify(kind, report, url, wording_stored(params), actor=actor, params=params, via=country,
                                skip=skip))


def reminders_notify(*, due: list[dict], actor=None) -> int:
    """Tell the country's focal points of each report due (reporting's `reminders_due` rows), by notification and
    e-mail, once per questionnaire, deadline and person however often the reminders run; return how many."""
    from django.urls import reverse

    from liaison.reporting.models import Questionnaire

    written = 0
    for row in due:
        questionnaire: Questionnaire = row["questionnaire"]
        country = row["country"]
        deadline = questionnaire.deadline.isoformat() if questionnaire.deadline else ""
        focal = set(Role.objects.filter(kind=Role.FOCAL_POINT, country=country)
                    .filter(Q(convention=questionnaire.convention) | Q(convention__isnull=True))
                    .values_list("user_id", flat=True))
        told = set(Notification.objects.filter(
            kind=Notification.REPORT_DUE, user_id__in=focal, params__questionnaire_code=questionnaire.code,
            params__country_code=country.iso3, params__deadline=deadline).values_list("user_id", flat=True))
        recipients = focal - told
        if not recipients:
            continue
        params = {"m": "report_overdue" if row.get("cycle_state") == "overdue" else "report_due",
                  "questionnaire": f"{questionnaire.convention.acronym} {questionnaire.cycle}",
                  "country": country.name, "deadline": deadline,
                  "questionnaire_code": questionnaire.code, "country_code": country.iso3}
        objects = {questionnaire.convention_id: (wording_stored(params), reverse("reporting:workspace"), params)}
        written += len(notify_many(Notification.REPORT_DUE, "convention", objects, recipients=recipients,
                                   actor=actor))
    return written
