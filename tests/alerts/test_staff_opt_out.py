"""Staff turn off (and on again) being told of their convention's dashboards through their role, per convention and
kind: the fan-out leaves them out, a digest does not mail what was written before; what they follow is still told."""

import pytest
from django.utils import timezone

from liaison.accounts.models import Role
from liaison.alerts.digests import digests_send
from liaison.alerts.models import MailPreference, Notification, StaffOptOut
from tests.alerts.reports import reopen

pytestmark = pytest.mark.django_db

URL = "/api/notifications/preferences"
UGA_FP, CBD_STAFF, CMS_STAFF = (Role.FOCAL_POINT, "CBD", "UGA"), (Role.SECRETARIAT, "CBD"), (Role.SECRETARIAT, "CMS")




def reopened(user) -> int:
    return Notification.objects.filter(user=user, kind="report_reopened").count()


def test_the_api_turns_a_staff_kind_off_and_on(person, as_user):
    staff = person(CBD_STAFF)
    c = as_user(staff)
    shown = c.get(URL).json()["staff"]
    assert list(shown) == ["CBD"] and set(shown["CBD"].values()) == {True}
    assert set(shown["CBD"]) == {"report_submitted", "report_reopened", "contribution_submitted", "activity_late",
                                 "mandate_deadline"}
    off = c.put(URL, {"staff": {"CBD": {"report_reopened": False}}}, content_type="application/json")
    assert off.status_code == 200 and off.json()["staff"]["CBD"]["report_reopened"] is False
    assert off.json()["staff"]["CBD"]["report_submitted"] is True
    assert c.get(URL).json()["staff"]["CBD"]["report_reopened"] is False
    on = c.put(URL, {"staff": {"CBD": {"report_reopened": True}}}, content_type="application/json")
    assert on.json()["staff"]["CBD"]["report_reopened"] is True and not StaffOptOut.objects.filter(user=staff).exists()
    # someone who is no convention's staff has nothing to turn off
    assert as_user(person(UGA_FP)).get(URL).json()["staff"] == {}


def test_bad_staff_preferences_answer_422_and_store_nothing(person, as_user):
    staff = person(CBD_STAFF)
    c = as_user(staff)
    for payload in ({"staff": {"CMS": {"report_reopened": False}}},  # not their convention
                    {"staff": {"CBD": {"report_delegated": False}}},  # not a dashboard's kind
                    {"staff": {"CBD": {"report_reopened": False}, "NOPE": {}}},
                    {"staff": {"CBD": {"report_reopened": "maybe"}}}, {"staff": ["CBD"]},
                    {"staff": {"CBD": {"report_reopened": False}}, "preferences": {"report_due": "hourly"}}):
        response = c.put(URL, payload, content_type="application/json")
        assert response.status_code in (400, 422), payload
    assert not StaffOptOut.objects.filter(user=staff).exists()
    assert not MailPreference.objects.filter(user=staff).exists()


def test_an_opted_out_officer_is_not_told_unless_they_follow_it(person, as_user):
    fp, deciding, off, told, follows = person(UGA_FP), person(CBD_STAFF), person(CBD_STAFF), person(CBD_STAFF), \
        person(CBD_STAFF)
    for user in (off, follows):
        assert as_user(user).put(URL, {"staff": {"CBD": {"report_reopened": False}}},
                                 content_type="application/json").status_code == 200
    assert as_user(follows).post("/api/follows", {"type": "country_reports", "key": "UGA"},
                                 content_type="application/json").status_code == 201
    c = as_user(fp)
    report = c.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                    content_type="application/json").json()["id"]
    reopen(c, as_user(deciding), report)
    assert reopened(off) == 0
    assert reopened(told) == 1 and reopened(follows) == 1  # the role; the follow of Uganda's reports
    # the page turns it on again: every box of the convention ticked
    page = as_user(off).get("/notifications/preferences/").content.decode()
    assert 'name="staff-CBD-report_reopened"' in page and 'name="staff-CBD-report_reopened" value="1" checked' not in page
    boxes = {"staff-CBD": "1", **{f"staff-CBD-{k}": "1" for k in ("report_submitted", "report_reopened",
                                                                   "contribution_submitted", "activity_late",
                                                                   "mandate_deadline")}}
    assert as_user(off).post("/notifications/preferences/", boxes).status_code == 200
    assert not StaffOptOut.objects.filter(user=off).exists()
    reopen(c, as_user(deciding), report)
    assert reopened(off) == 1
    # unticking one box on the page turns that kind off, and leaves the others on
    del boxes["staff-CBD-mandate_deadline"]
    assert as_user(off).post("/notifications/preferences/", boxes).status_code == 200
    assert list(StaffOptOut.objects.filter(user=off).values_list("kind", flat=True)) == ["mandate_deadline"]
    # who is no staff sees no such section
    assert 'name="staff-' not in as_user(fp).get("/notifications/preferences/").content.decode()


def test_a_digest_does_not_mail_what_an_officer_turned_off_since(person, as_user, mailbox):
    fp, deciding, staff = person(UGA_FP), person(CBD_STAFF), person(CBD_STAFF)
    c, s = as_user(fp), as_user(staff)
    assert s.put(URL, {"preferences": {"report_reopened": "daily"}}, content_type="application/json").status_code == 200
    report = c.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                    content_type="application/json").json()["id"]
    reopen(c, as_user(deciding), report)
    [n] = Notification.objects.filter(user=staff, kind="report_reopened")
    assert n.staff_of.acronym == "CBD" and n.emailed_at is None
    assert s.put(URL, {"staff": {"CBD": {"report_reopened": False}}}, content_type="application/json").status_code == 200
    counts = digests_send(frequency="daily", now=timezone.now())
    assert counts["mails"] == 0 and not mailbox.to(staff.email)
    n.refresh_from_db()
    assert n.unmailed == "opted_out" and n.emailed_at is None  # still on the notifications page
    assert as_user(staff).get("/api/notifications").json()["count"] == 1
