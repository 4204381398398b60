"""The signed-in home page: what waits for the person, read through each area's own visibility filters.

Each section is a fixed number of queries, whatever the person's roles and however many rows there are.
"""

from __future__ import annotations

import datetime as dt
import re

from liaison.accounts.access import access_for
from liaison.alerts.selectors import notifications_for
from liaison.alerts.wording import notification_title
from liaison.decisions.models import Mandate
from liaison.decisions.permissions import mandate_visible_to
from liaison.frameworks.models import Link
from liaison.frameworks.permissions import link_reviewable_by
from liaison.partnerships.contributions.permissions import contributions_visible_to
from liaison.partnerships.models import Contribution
from liaison.reporting.cycles import SUBMITTED
from liaison.reporting.selectors import question_links_for_review, staff_conventions, workspace_for

SHOWN = 8
OWNED_READ = 200  # owned mandates read to sort by deadline (an officer owns tens, not hundreds)
YEAR = re.compile(r"\b(19|20)\d\d\b")


def deadline_key(mandate: Mandate) -> tuple[int, int, str]:
    """Sort key of a mandate's deadline, written as free text ("by COP15", "by 31 December 2026"): a stated year
    first (earliest first), then a deadline with no year, then none."""
    match = YEAR.search(mandate.deadline or "")
    if match:
        return (0, int(match.group(0)), mandate.deadline)
    return (1 if mandate.deadline else 2, 0, mandate.deadline)


def mandates_owned(*, user) -> tuple[list[Mandate], int]:
    """Return the open mandates `user` owns with the nearest deadlines first (SHOWN of them), and how many."""
    rows = list(mandate_visible_to(user).filter(owner_id=user.pk)
                .exclude(status__in=[Mandate.DONE, Mandate.SUPERSEDED])
                .select_related("decision__convention", "paragraph").order_by("pk")[:OWNED_READ])
    rows.sort(key=deadline_key)
    return rows[:SHOWN], len(rows)


def contributions_to_review(*, user) -> tuple[list[Contribution], int]:
    """Return the submitted contributions `user` reviews (as staff or reviewer), oldest first, and how many."""
    access = access_for(user)
    if not (access.everything or access.is_secretariat() or access.is_reviewer()):
        return [], 0
    rows = contributions_visible_to(user).filter(status=Contribution.SUBMITTED)
    if not access.everything:
        conventions = sorted({c for c in access.secretariat | access.reviews if c is not None})
        if None not in access.reviews:
            rows = rows.filter(convention_id__in=conventions)
    rows = rows.select_related("organization", "convention").order_by("submitted_at", "pk")
    return list(rows[:SHOWN]), rows.count()


def links_to_review(*, user) -> dict:
    """Return how many suggested links `user` may review: target links, and (staff) question links."""
    access = access_for(user)
    staff = access.everything or access.is_secretariat()
    targets = link_reviewable_by(user).filter(review_state=Link.SUGGESTED).count() if (
        staff or access.is_reviewer()) else 0
    questions = 0
    if staff:
        questions = question_links_for_review(user=user, status="suggested",
                                              conventions=staff_conventions(user=user)).count()
    return {"targets": targets, "questions": questions}


def home_for(*, user, today: dt.date | None = None, since: dt.datetime | None = None) -> dict:
    """Return what waits for a signed-in person: mandates they own, their countries' reports of cycles not closed
    and not submitted (nearest deadline first) and sections delegated to them, contributions and links to
    review, what changed since their last visit ended (`since`: their notifications written after it, read or
    not) and how many notifications they have not read."""
    mandates, n_mandates = mandates_owned(user=user)
    workspace = workspace_for(user=user, today=today)
    to_fill = sorted((r for r in workspace["rows"] if r["cycle_state"] != SUBMITTED),
                     key=lambda r: (r["questionnaire"].deadline or dt.date.max, r["country"].name))
    contributions, n_contributions = contributions_to_review(user=user)
    unread = notifications_for(user=user, unread=True)
    # since the last visit: everything written after it, read or not (read in a mail, say); a first visit: unread
    news = notifications_for(user=user).filter(created_at__gt=since) if since else unread
    notifications = list(news[:SHOWN])
    for n in notifications:
        n.display = notification_title(n)
    access = access_for(user)
    return {
        "mandates": mandates, "n_mandates": n_mandates,
        "reports": to_fill[:SHOWN], "n_reports": len(to_fill),
        "delegated": workspace["delegated"][:SHOWN], "n_delegated": len(workspace["delegated"]),
        "contributions": contributions, "n_contributions": n_contributions,
        "links": links_to_review(user=user),
        "notifications": notifications, "n_unread": unread.count(), "since": since,
        "n_since": (len(notifications) if len(notifications) < SHOWN else news.count()) if since else None,
        "staff": access.everything or access.is_secretariat() or access.is_reviewer(),
        "focal_point": bool(access.focal_points),
    }
