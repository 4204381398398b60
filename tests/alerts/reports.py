"""A report reopened through the API, as the focal point asks and the secretariat approves (shared by the alerts
tests of report events)."""

from liaison.reporting.models import Report


def reopen(fp_client, staff_client, report: int) -> None:
    """Mark `report` submitted, then reopen it: the focal point's request, the staff's approval."""
    Report.objects.filter(pk=report).update(status=Report.SUBMITTED)
    asked = fp_client.post(f"/api/reporting/reports/{report}/reopen", {"reason": "A figure was wrong."},
                           content_type="application/json")
    assert asked.status_code == 201, asked.content
    decided = staff_client.post(f"/api/reporting/reopen-requests/{asked.json()['id']}", {"approve": True},
                                content_type="application/json")
    assert decided.status_code == 200, decided.content
