"""Events of partner contributions, read from the partnerships app's audit trail.

The author of a contribution follows it (reason `author`) from its first audited change. Its submission is told
to the convention's staff (who follow the convention's dashboards, alerts.staff) and to its followers; its
review (returned with comments, accepted, rejected) to its followers, the author among them. The reviewer, who
made the change, is not told.
"""

from __future__ import annotations

from liaison.alerts.models import Follow, Notification
from liaison.alerts.objects import TYPES
from liaison.alerts.services import follows_ensure, notify
from liaison.alerts.wording import wording_stored
from liaison.partnerships.models import Contribution

REVIEWED = {Contribution.RETURNED: "contribution_returned", Contribution.ACCEPTED: "contribution_accepted",
            Contribution.REJECTED: "contribution_rejected"}


def contribution_event_notify(*, contribution_id: int, action: str, actor=None) -> int:
    """Make the author follow their contribution; tell of its submission or its review; return how many."""
    contribution = (Contribution.objects.select_related("organization", "convention")
                    .filter(pk=contribution_id).first())
    if contribution is None:
        return 0
    if contribution.created_by_id:
        follows_ensure(obj=contribution, user_ids=[contribution.created_by_id], reason=Follow.AUTHOR)
    names = {"contribution": contribution.title, "convention": contribution.convention.acronym,
             "organization": contribution.organization.name}
    if action == "submit" and contribution.status == Contribution.SUBMITTED:
        params, kind = {"m": "contribution_submitted", **names}, Notification.CONTRIBUTION_SUBMITTED
    elif action == "review" and contribution.status in REVIEWED:
        params, kind = {"m": REVIEWED[contribution.status], **names}, Notification.CONTRIBUTION_REVIEWED
    else:
        return 0
    return len(notify(kind, contribution, TYPES["contribution"].url(contribution), wording_stored(params),
                      actor=actor, params=params))
