"""The progress report to the Standing Committee (Resolution 11.10, paragraph 21): what it contains.

`report_build` gathers, for one convention and period, the partnerships started and ended, work-plan
progress against timetables, contributions received, the mandates addressed to the Secretariat and the
partners' reporting status. Every figure is counted by the database, so 10,000 activities cost a few queries.
Rendering (HTML, DOCX, PDF) is in committee/render.py.

What it includes is decided here, once: the report goes out of the secretariat to the Standing Committee, so
it holds only published partnerships and work plans and accepted contributions, read through the selectors
that start from the visibility filters (`INCLUDES` says so on the page and in the document). The reporting
status of partners counts the dates reports were received, never their content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention
from liaison.decisions.models import Mandate
from liaison.decisions.permissions import mandate_visible_to
from liaison.partnerships.committee.permissions import report_check_build
from liaison.partnerships.contributions.selectors import contributions_accepted, partner_reporting_status
from liaison.partnerships.models import Activity
from liaison.partnerships.registry.selectors import (
    OPEN_STATES,
    activities_published,
    partnerships_published,
    workplans_progress,
    workplans_published,
)

SECRETARIAT_ACTORS = ("secretariat", "executive-secretary")  # actor codes of liaison.decisions
LANGUAGES = ("en", "fr", "es")
LIST_LIMIT = 200  # rows listed per section; the counts always cover everything

# Headings of the report, translated through the catalogues, or the glossary files while they are rebuilt.
HEADINGS = {
    "title": "Progress report to the Standing Committee",
    "subtitle": "Synergies and partnerships",
    "period": "Period",
    "intro": "This report responds to the request that the Secretariat report to the Standing Committee on "
             "progress in cooperation, synergies and partnerships, including the results of joint activities.",
    "prepared": "Prepared on",
    "summary": "Summary",
    "started": "Partnerships started in the period",
    "ended": "Partnerships ended in the period",
    "workplans": "Work-plan progress against timetables",
    "late": "Activities late against their timetable",
    "contributions": "Contributions received from partners",
    "mandates": "Mandates addressed to the Secretariat",
    "reporting": "Reporting status of partners",
    "partnership": "Partnership",
    "partnerships_n": "Partnerships",
    "instrument": "Instrument",
    "parties": "Parties",
    "status": "Status",
    "date": "Date",
    "workplan": "Work plan",
    "activities": "Activities",
    "done": "Done",
    "in_progress": "In progress",
    "late_n": "Late",
    "unstarted": "Not started",
    "not_due": "Not yet due",
    "undated": "Dates unknown",
    "cancelled": "Cancelled",
    "activity": "Activity",
    "owner": "Owner",
    "end": "End",
    "organization": "Organization",
    "title_col": "Title",
    "submitted": "Submitted",
    "decision": "Decision",
    "paragraph": "Paragraph",
    "action": "Action",
    "deadline": "Deadline",
    "last_report": "Last report",
    "none": "None in this period.",
    "more": "Further rows are not listed; the counts above cover all of them.",
    "chart_activities": "Activities by state at the end of the period",
    "chart_mandates": "Mandates addressed to the Secretariat by status",
    "unknown": "unknown",
    "includes": "This report includes only published partnerships and work plans and contributions the "
                "Secretariat has accepted; drafts, unpublished records and reports under review are left out. "
                "The reporting status counts the dates partners submitted reports.",
}


@lru_cache(maxsize=4)
def glossary(lang: str) -> dict:
    """Return this app's glossary for `lang` (English msgid: translation)."""
    path = Path(settings.PACKAGE_DIR) / "locale" / "glossary" / f"partnerships.{lang}.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return {}


def headings(lang: str) -> dict[str, str]:
    """Return the report's headings in `lang` (en, fr, es)."""
    if lang not in LANGUAGES:
        raise ValueError(_("Unknown language %(lang)s; use en, fr or es.") % {"lang": repr(lang)})
    return {key: translate(text, lang) for key, text in HEADINGS.items()}


@dataclass
class Report:
    convention: Convention
    start: dt.date
    end: dt.date
    lang: str
    prepared: dt.date
    t: dict
    started: list = field(default_factory=list)
    ended: list = field(default_factory=list)
    status_counts: dict = field(default_factory=dict)
    workplans: list = field(default_factory=list)
    workplans_total: int = 0
    activity_states: list = field(default_factory=list)
    late: list = field(default_factory=list)
    late_total: int = 0
    contributions: list = field(default_factory=list)
    contribution_counts: dict = field(default_factory=dict)
    mandates: list = field(default_factory=list)
    mandate_states: list = field(default_factory=list)
    reporting: list = field(default_factory=list)
    reporting_counts: dict = field(default_factory=dict)


def activity_states(activities, *, on: dt.date, t: dict) -> list[dict]:
    """Return exclusive counts of activities by state at `on` (done, late, not started, in progress...)."""
    open_ = Q(status__in=OPEN_STATES)
    late = open_ & Q(end__lt=on)
    unstarted = Q(status=Activity.PLANNED, start__lte=on) & ~late
    progress = Q(status__in=(Activity.IN_PROGRESS, Activity.DELAYED)) & ~late
    not_due = Q(status=Activity.PLANNED, start__gt=on) & ~late
    undated = open_ & Q(start__isnull=True) & ~late
    counts = activities.aggregate(
        done=Count("id", filter=Q(status=Activity.DONE)), late_n=Count("id", filter=late),
        unstarted=Count("id", filter=unstarted), in_progress=Count("id", filter=progress),
        not_due=Count("id", filter=not_due), undated=Count("id", filter=undated),
        cancelled=Count("id", filter=Q(status=Activity.CANCELLED)))
    colours = {"done": "#1f7a3a", "in_progress": "#12507a", "late_n": "#a3261f", "unstarted": "#a15c00",
               "not_due": "#8fa9b8", "undated": "#c4ccd1", "cancelled": "#6d6d6d"}
    return [{"key": k, "label": t[k], "n": counts[k], "colour": colours[k]} for k in colours]


def report_build(*, user, convention: Convention, start: dt.date, end: dt.date, lang: str = "en",
                 today: dt.date | None = None) -> Report:
    """Return everything the Standing Committee report says for `convention` over [start, end].

    `user` must be allowed to build it (the convention's secretariat, an administrator, the system actor).
    """
    report_check_build(user=user, convention=convention)
    if end < start:
        raise ValueError(_("The period ends (%(end)s) before it starts (%(start)s).") % {"end": end, "start": start})
    today = today or dt.date.today()
    on = min(end, today)
    report = Report(convention=convention, start=start, end=end, lang=lang, prepared=today, t=headings(lang))
    partnerships = partnerships_published(user=user, convention=convention).select_related("convention")
    period = Q(started_on__range=(start, end)) | Q(started_on__isnull=True, signed_on__range=(start, end))
    with_parties = partnerships.prefetch_related("organizations")
    report.started = list(with_parties.filter(period).order_by("started_on", "signed_on", "title")[:LIST_LIMIT])
    report.ended = list(with_parties.filter(ended_on__range=(start, end)).order_by("ended_on", "title")[:LIST_LIMIT])
    report.status_counts = dict(partnerships.values_list("status").annotate(n=Count("id")).values_list("status", "n"))

    workplans = workplans_published(user=user, convention=convention).select_related("partnership")
    progress = workplans_progress(workplans=workplans, on=on).filter(n_total__gt=0).order_by("-n_late", "title")
    report.workplans_total = workplans.count()
    report.workplans = list(progress[:LIST_LIMIT])
    activities = activities_published(user=user, convention=convention)
    report.activity_states = activity_states(activities, on=on, t=report.t)
    late = activities.filter(status__in=OPEN_STATES, end__lt=on)
    report.late_total = late.count()
    report.late = list(late.select_related("owner", "workplan").order_by("end", "id")[:LIST_LIMIT])

    received = contributions_accepted(user=user, convention=convention, start=start, end=end)
    report.contribution_counts = dict(received.values_list("status").annotate(n=Count("id"))
                                      .values_list("status", "n"))
    report.contributions = list(received.select_related("organization").order_by("submitted_at")[:LIST_LIMIT])

    mandates = mandate_visible_to(user).filter(decision__convention=convention, actor__code__in=SECRETARIAT_ACTORS
                                               ).exclude(status=Mandate.SUPERSEDED)
    labels = dict(Mandate.STATUSES)
    counts = dict(mandates.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    colours = {"open": "#8fa9b8", "in_progress": "#12507a", "done": "#1f7a3a", "needs_funding": "#a15c00"}
    report.mandate_states = [{"key": k, "label": translate(labels[k], lang), "n": counts.get(k, 0), "colour": c}
                             for k, c in colours.items()]
    report.mandates = list(mandates.select_related("decision", "paragraph", "actor").annotate(
        n_activities=Count("activities", distinct=True), n_contributions=Count("contributions", distinct=True)
    ).order_by("decision__number", "paragraph__order", "order")[:LIST_LIMIT])
    for m in report.mandates:
        m.status_label = translate(labels[m.status], lang)

    report.reporting = partner_reporting_status(user=user, today=on, convention=convention)
    for row in report.reporting:
        row["label"] = translate(row["label"], lang)
        report.reporting_counts[row["state"]] = report.reporting_counts.get(row["state"], 0) + 1
    return report


def translate(text: str, lang: str) -> str:
    """Return `text` in `lang`: this app's glossary first (its words are the report's, e.g. 'Open' as a status,
    where another app's catalogue entry may mean the verb), then the compiled catalogues."""
    if lang == "en":
        return text
    mine = glossary(lang).get(text)
    if mine:
        return mine
    with translation.override(lang):
        return gettext(text)
