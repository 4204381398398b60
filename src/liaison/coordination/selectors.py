"""Reads of the coordination room: the country's focal points, what it owes each convention, its groups."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention, Country, Membership
from liaison.contacts.permissions import contacts_can_add
from liaison.contacts.selectors import contacts_of
from liaison.coordination.links import note_links_of, notes_linking
from liaison.coordination.models import WorkingGroup, WorkingGroupMember, WorkingGroupNote
from liaison.coordination.owed import meetings_coming, national_plans_of, partner_activities_in
from liaison.coordination.permissions import (
    country_get,
    groups_can_manage,
    room_check_read,
    working_group_visible_to,
)
from liaison.core.urlpaths import url_for_id
from liaison.decisions.meetings import meeting_deadline_end
from liaison.decisions.models import Decision, Mandate
from liaison.decisions.permissions import mandate_visible_to
from liaison.decisions.tracking import deadline_end
from liaison.reporting.cycles import LABELS as CYCLE_LABELS
from liaison.reporting.cycles import cycle_closed, cycle_state, today_default
from liaison.reporting.models import Answer, Question, Questionnaire, Report
from liaison.reporting.permissions import report_progress_visible_to, report_visible_to

MANDATES_SHOWN = 5  # the nearest deadlines listed per convention (the count covers them all)
NOTES_SHOWN = 20  # the latest entries of a group's log shown in the room
PARTY_ACTOR_KIND = "party"  # the actors' vocabulary (engine/vocabularies/actors.json): Parties, States Parties...
# addressed to one Party named by the decision (World Heritage: the State Party of the site), not to every Party
ONE_PARTY_ACTORS = ("state-party",)


def person_name(user) -> str:
    return user.get_full_name() or user.username


def name_of(first: str, last: str, username: str) -> str:
    """Return a person's name from the values of a row, as `person_name` does from a user."""
    return f"{first} {last}".strip() or username


ROLE_LABELS = dict(Role.KINDS)


def role_rows(*, country: Country) -> list[tuple]:
    """Return (user id, first name, last name, username, e-mail, kind, convention acronym) of the focal point and
    contributor roles of `country`'s active people, by name then convention: the one read of the room's people."""
    return list(Role.objects.filter(kind__in=(Role.FOCAL_POINT, Role.CONTRIBUTOR), country=country,
                                    user__is_active=True)
                .order_by("user__last_name", "user__username", "convention__acronym")
                .values_list("user_id", "user__first_name", "user__last_name", "user__username", "user__email",
                             "kind", "convention__acronym"))


def focal_points_of(*, country: Country, roles: list[tuple] | None = None) -> list[dict]:
    """Return the country's national focal points, one row per person with the conventions they are focal point
    for (`every_convention` when a role was given for no convention); `roles` as `role_rows` returns them."""
    people: dict[int, dict] = {}
    for user_id, first, last, username, email, kind, acronym in (role_rows(country=country) if roles is None
                                                                   else roles):
        if kind != Role.FOCAL_POINT:
            continue
        row = people.setdefault(user_id, {"user_id": user_id, "name": name_of(first, last, username),
                                          "role": str(ROLE_LABELS.get(kind, kind)), "conventions": [],
                                          "every_convention": False, "email": email})
        if acronym is None:
            row["every_convention"] = True
        else:
            row["conventions"].append(acronym)
    return list(people.values())


def conventions_party(*, country: Country) -> list[Convention]:
    """Return the conventions `country` is party to (ratified or in force), by acronym."""
    ids = (Membership.objects.filter(country=country)
           .filter(Q(entry_into_force__isnull=False) | Q(ratification__isnull=False)).values("convention_id"))
    return list(Convention.objects.filter(pk__in=ids).order_by("acronym"))


def report_rows(*, user, country: Country, conventions: list[Convention], today: dt.date) -> dict[int, dict]:
    """Return {convention id: {"open": rows, "history": rows}}: the reports of the cycles not closed, and those of
    closed cycles not submitted. Progress and links only where `user` may see them."""
    # two queries: the questionnaires with their count of questions, the country's reports with whether `user`
    # reads each (whole or in part), sees its progress, and its count of answers
    questions = (Question.objects.filter(questionnaire=OuterRef("pk"), retired_at__isnull=True)
                 .exclude(kind=Question.HEADER).order_by().values("questionnaire").annotate(n=Count("pk")).values("n"))
    questionnaires = list(Questionnaire.objects.filter(convention__in=conventions)
                          .annotate(questions_count=Subquery(questions)).order_by("convention__acronym", "cycle_order"))
    answers = (Answer.objects.filter(report=OuterRef("pk"), value__isnull=False, block=0,
                                     question__retired_at__isnull=True)
               .order_by().values("report").annotate(n=Count("pk")).values("n"))
    # no order (a report's default order joins its country and convention): they are looked up by questionnaire
    reports = {r.questionnaire_id: r for r in Report.objects.filter(country=country, questionnaire__in=questionnaires)
               .order_by().annotate(readable=Exists(report_visible_to(user).filter(pk=OuterRef("pk"))),
                         progress_shown=Exists(report_progress_visible_to(user).filter(pk=OuterRef("pk"))),
                         answered=Subquery(answers))}
    report_url = url_for_id("reporting:report")
    out: dict[int, dict] = defaultdict(lambda: {"open": [], "history": []})
    for q in questionnaires:
        report = reports.get(q.pk)
        state = cycle_state(questionnaire=q, report=report, today=today)
        closed = cycle_closed(questionnaire=q, today=today)
        if closed and state != "closed_not_submitted":
            continue  # a closed cycle's submitted report asks for nothing
        progress = None
        if report is not None and report.progress_shown:
            total = q.questions_count or 0
            progress = round(100 * min(report.answered or 0, total) / (total or 1))
        row = {"questionnaire": q.code, "questionnaire_id": q.pk, "notes": [], "title": q.title, "cycle": q.cycle, "state": state,
               "state_label": str(CYCLE_LABELS[state]), "deadline": q.deadline, "closes": q.closes,
               "started": report is not None, "progress": progress, "is_demo": bool(report and report.is_demo),
               "url": report_url(report.pk) if report and report.readable else None}
        out[q.convention_id]["history" if closed else "open"].append(row)
    return out


def mandate_rows(*, user, conventions: list[Convention], today: dt.date) -> dict[int, dict]:
    """Return {convention id: {"count": n, "nearest": rows}}: mandates of decisions in effect addressed to Parties
    whose deadline (a date, or a meeting of known dates) is today or later; the nearest MANDATES_SHOWN listed."""
    # Every mandate's deadline is read (to count those ahead), but only the nearest are shown: the first query
    # reads plain values (a deadline's words are read once however many mandates share them; a meeting named
    # needs the decision, loaded for those only), the second the rows shown.
    mandates = (mandate_visible_to(user)
                .filter(decision__convention__in=conventions, decision__status=Decision.IN_EFFECT,
                        actor__kind=PARTY_ACTOR_KIND).exclude(actor__code__in=ONE_PARTY_ACTORS)
                .exclude(deadline="").exclude(status=Mandate.SUPERSEDED).order_by()
                .values_list("pk", "deadline", "report_to", "decision_id", "decision__convention_id"))
    rows = list(mandates)
    dated = {text: deadline_end(text) for text in {r[1] for r in rows}}
    by_meeting = {r[3] for r in rows if dated[r[1]] is None}
    decisions = Decision.objects.select_related("convention").in_bulk(sorted(by_meeting)) if by_meeting else {}
    ends: dict[tuple, dt.date | None] = {}
    ahead: dict[int, list] = defaultdict(list)
    for pk, text, report_to, decision_id, convention_id in rows:
        end = dated[text]
        if end is None:
            key = (text, report_to, decision_id)
            if key not in ends:
                ends[key] = meeting_deadline_end(text, decision=decisions.get(decision_id), report_to=report_to)
            end = ends[key]
        if end is not None and end >= today:
            ahead[convention_id].append((end, pk))
    nearest = {}
    for convention_id, found in ahead.items():
        found.sort()
        nearest[convention_id] = found[:MANDATES_SHOWN]
    fields = ("pk", "decision__convention__acronym", "decision__kind", "decision__number", "paragraph__number",
              "actor__label", "verb", "action", "deadline", "status")
    shown = {row[0]: row for row in Mandate.objects.filter(
        pk__in=[pk for found in nearest.values() for _end, pk in found]).order_by().values_list(*fields)}
    kinds = dict(Decision.KINDS)
    mandate_url = url_for_id("decisions:mandate_detail")
    return {convention_id: {"count": len(ahead[convention_id]), "nearest": [
        {"id": pk, "decision": f"{acronym} {kinds.get(kind, kind)} {number}", "paragraph": paragraph, "actor": actor,
         "verb": verb, "action": action[:300], "deadline": deadline, "deadline_end": end, "status": status,
         "url": mandate_url(pk), "notes": []}
        for end, pk in found
        for _pk, acronym, kind, number, paragraph, actor, verb, action, deadline, status in [shown[pk]]]}
        for convention_id, found in nearest.items()}


def groups_of(*, user, country: Country) -> list[dict]:
    """Return the country's working groups with their members, and their latest notes where `user` reads them."""
    # whether `user` reads a group's notes comes with the group (its visibility filter as a subquery)
    groups = list(WorkingGroup.objects.filter(country=country)
                  .annotate(readable=Exists(working_group_visible_to(user).filter(pk=OuterRef("pk"))))
                  .values_list("pk", "name", "description", "readable"))
    readable = {pk for pk, _name, _description, can in groups if can}
    members: dict[int, list[dict]] = defaultdict(list)
    for group_id, user_id, first, last, username, role in (
            WorkingGroupMember.objects.filter(group__country=country)
            .order_by("group_id", "user__last_name", "user__username").values_list(
                "group_id", "user_id", "user__first_name", "user__last_name", "user__username", "role")):
        members[group_id].append({"user_id": user_id, "name": name_of(first, last, username), "role": role})
    notes: dict[int, list] = defaultdict(list)
    for pk, group_id, date, text, first, last, username in (
            # the latest NOTES_SHOWN of each group, however long its log (a row number per group, newest first)
            WorkingGroupNote.objects.filter(group_id__in=readable)
            .annotate(rank=Window(RowNumber(), partition_by=F("group_id"), order_by=[F("date").desc(), F("pk").desc()]))
            .filter(rank__lte=NOTES_SHOWN).order_by("group_id", "-date", "-pk").values_list(
                "pk", "group_id", "date", "text", "author__first_name", "author__last_name", "author__username")):
        notes[group_id].append({"id": pk, "date": date, "text": text,
                                "author": name_of(first, last, username) if username else ""})
    links = note_links_of(user=user, note_ids=[n["id"] for shown in notes.values() for n in shown])
    for shown in notes.values():
        for n in shown:
            n.update(links[n["id"]])
    return [{"id": pk, "name": name, "description": description, "members": members[pk],
             "notes_readable": pk in readable, "is_member": any(m["user_id"] == user.pk for m in members[pk]),
             "notes": notes[pk]} for pk, name, description, _can in groups]


def notes_attach(*, user, country: Country, mandates: dict, reports: dict, plans: list[dict]) -> None:
    """Give each mandate, report and plan target of the room the notes `user` reads that link to it (to one of a
    report's sections): `mandate_rows`, `report_rows` and `national_plans_of` rows, changed in place."""
    mandate_rows_shown = [m for owed in mandates.values() for m in owed["nearest"]]
    report_rows_shown = [r for owed in reports.values() for r in owed["open"] + owed["history"]]
    target_rows_shown = [t for p in plans for t in p["targets"]]
    linking = notes_linking(user=user, country=country, mandates=[m["id"] for m in mandate_rows_shown],
                            questionnaires=[r["questionnaire_id"] for r in report_rows_shown],
                            targets=[t["id"] for t in target_rows_shown])
    for m in mandate_rows_shown:
        m["notes"] = linking["mandates"].get(m["id"], [])
    for r in report_rows_shown:
        r["notes"] = linking["questionnaires"].get(r["questionnaire_id"], [])
    for t in target_rows_shown:
        t["notes"] = linking["targets"].get(t["id"], [])


def room_get(*, user, iso3: str, today: dt.date | None = None) -> dict:
    """Return the coordination room of the country `iso3` as `user` may see it (`roles`: its people's role rows, for
    `people_to_add`); NotSignedIn/NotAllowed outside it."""
    today = today_default(today)
    country = country_get(iso3=iso3)
    room_check_read(user=user, country=country)
    conventions = conventions_party(country=country)
    reports = report_rows(user=user, country=country, conventions=conventions, today=today)
    mandates = mandate_rows(user=user, conventions=conventions, today=today)
    roles = role_rows(country=country)
    groups = groups_of(user=user, country=country)
    plans = national_plans_of(user=user, country=country)
    if any(g["notes"] for g in groups):  # a note the reader reads may link to what the country owes
        notes_attach(user=user, country=country, mandates=mandates, reports=reports, plans=plans)
    return {"country": country, "today": today, "party_to": conventions,
            "manages_groups": groups_can_manage(user=user, country=country),
            "roles": roles, "focal_points": focal_points_of(country=country, roles=roles),
            "conventions": [{"acronym": c.acronym, "name": c.name,
                             "reports": reports[c.pk]["open"] if c.pk in reports else [],
                             "history": reports[c.pk]["history"] if c.pk in reports else [],
                             "mandates_count": mandates.get(c.pk, {}).get("count", 0),
                             "mandates": mandates.get(c.pk, {}).get("nearest", [])} for c in conventions],
            "working_groups": groups,
            # focal-point contacts (liaison.contacts) and the rest of what the country owes and has done
            "contacts": contacts_of(user=user, country=country),
            "contacts_can_add": contacts_can_add(user=user, country=country),
            "plans": plans,
            "partner_activities": partner_activities_in(user=user, country=country),
            "meetings": meetings_coming(user=user, conventions=conventions, today=today)}


def people_to_add(*, user, country: Country, room: dict | None = None) -> dict[int, list[dict]]:
    """Return, per working group of `country`, the people holding a role for it who are not members yet (the
    choices of the form adding a member; for those who manage the groups only). `room`, the room `room_get`
    returned for `user`, spares reading its people and groups again."""
    if not groups_can_manage(user=user, country=country):
        return {}
    people: dict[int, dict] = {}
    for user_id, first, last, username, _email, kind, acronym in (
            room["roles"] if room is not None else role_rows(country=country)):
        entry = people.setdefault(user_id, {"user_id": user_id, "name": name_of(first, last, username), "roles": []})
        entry["roles"].append(f"{ROLE_LABELS.get(kind, kind)} {acronym or ''}".strip())
    members: dict[int, set[int]] = defaultdict(set)
    if room is not None:
        groups = [g["id"] for g in room["working_groups"]]
        for g in room["working_groups"]:
            members[g["id"]] = {m["user_id"] for m in g["members"]}
    else:
        groups = list(WorkingGroup.objects.filter(country=country).values_list("pk", flat=True))
        for group_id, user_id in WorkingGroupMember.objects.filter(
                group__country=country).values_list("group_id", "user_id"):
            members[group_id].add(user_id)
    return {g: [p for uid, p in people.items() if uid not in members[g]] for g in groups}
