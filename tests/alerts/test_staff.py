"""A convention's secretariat staff are told of its dashboards' events through their role, resolved at fan-out:
no Follow row, staff of another convention not told, a role taken away ends it."""

import pytest

from liaison.accounts.models import Role
from liaison.alerts.models import Follow, Notification
from liaison.alerts.staff import staff_pairs
from liaison.reporting.models import Report
from tests.alerts.reports import reopen

pytestmark = pytest.mark.django_db

UGA_FP, CBD_STAFF, CMS_STAFF = (Role.FOCAL_POINT, "CBD", "UGA"), (Role.SECRETARIAT, "CBD"), (Role.SECRETARIAT, "CMS")




def test_a_report_reopened_is_told_to_its_conventions_staff_only(person, as_user):
    fp, deciding, colleague, cms = person(UGA_FP), person(CBD_STAFF), person(CBD_STAFF), person(CMS_STAFF)
    c = as_user(fp)
    report = c.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                    content_type="application/json").json()["id"]
    reopen(c, as_user(deciding), report)
    assert list(Notification.objects.filter(user=colleague).values_list("kind", "object_id")) == \
        [("report_reopened", report)]
    assert not Notification.objects.filter(user=deciding).exists()  # who approved needs no telling
    assert not Notification.objects.filter(user=cms).exists()  # another convention's staff
    assert not Follow.objects.filter(user__in=[deciding, colleague, cms]).exists()  # no row: through the role
    # the role taken away, the next event is not told
    Role.objects.filter(user=colleague).delete()
    reopen(c, as_user(deciding), report)
    assert Notification.objects.filter(user=colleague).count() == 1


def test_only_the_dashboards_kinds_go_to_staff(person):
    staff = person(CBD_STAFF)
    report = Report.objects.filter(questionnaire__convention__acronym="CBD").first()
    assert staff_pairs(kind=Notification.REPORT_SUBMITTED, object_type="report", object_ids=[report.pk]) >= \
        {(staff.pk, report.pk)}
    # a delegation inside a country's team is not a dashboard's event
    assert staff_pairs(kind=Notification.REPORT_DELEGATED, object_type="report", object_ids=[report.pk]) == set()
