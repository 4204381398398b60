"""The signed-in home page is the person's own: what waits for them, in a fixed number of queries; anonymous
visitors still get the public home page."""

import datetime as dt

import pytest
from django.utils import timezone

from liaison.accounts.models import Role
from liaison.alerts.models import Notification
from liaison.alerts.services import notify
from liaison.catalogue.models import Convention, Organization
from liaison.decisions.models import Decision, Mandate
from liaison.partnerships.models import Contribution
from liaison.reporting.models import Questionnaire

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20  # 16 for a focal point who is also staff, with rows in every section
# the first page of a session also notes the visit (alerts.visits: read, savepoint, write, release), then at most
# once every 5 minutes
VISIT_QUERIES = 4


def page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitors_get_the_public_home(client):
    html = page(client)
    assert "What people come to do" in html and 'id="home-notifications"' not in html


def test_a_focal_point_sees_mandates_reports_sections_and_news(person, as_user, django_assert_max_num_queries):
    # the CBD's seventh report, due in two months whatever day the test runs; Uganda has not started it
    today = timezone.localdate()
    Questionnaire.objects.filter(code="cbd-nr7-gbf").update(deadline=today + dt.timedelta(days=60),
                                                            closes=today + dt.timedelta(days=400))
    fp = person((Role.FOCAL_POINT, "CBD", "UGA"), (Role.SECRETARIAT, "CMS"))
    contributor = person((Role.CONTRIBUTOR, "CBD", "UGA"))
    mandates = list(Mandate.objects.filter(decision__convention__acronym="CMS").order_by("pk")[:3])
    for mandate, deadline in zip(mandates, ["by COP15", "by 31 December 2027", "before the end of 2026"], strict=True):
        mandate.owner, mandate.deadline = fp, deadline
        mandate.save(update_fields=["owner", "deadline"])
    c = as_user(fp)
    report = c.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                    content_type="application/json").json()["id"]
    section = c.get(f"/api/reporting/reports/{report}").json()["sections"][0]["key"]
    assert c.post(f"/api/reporting/reports/{report}/delegations", {"section": section,
                  "username": contributor.username}, content_type="application/json").status_code == 201
    decision = Decision.objects.select_related("convention").get(convention__acronym="CMS", number="11.10")
    for i in range(3):
        notify(Notification.DECISION_REFERENCED, decision, f"/decisions/{decision.pk}/", f"News number {i}",
               recipients=[fp.pk])
    Notification.objects.filter(user=fp, title="News number 0").update(read_at=timezone.now())
    with django_assert_max_num_queries(MAX_QUERIES + VISIT_QUERIES):
        html = page(c)
    owned = html[html.index('id="home-mandates"'):]
    # nearest deadlines first: a stated year, earliest first; then a deadline without a year
    assert owned.index("end of 2026") < owned.index("December 2027") < owned.index("by COP15")
    assert f"/decisions/mandates/{mandates[0].pk}/" in owned or f"/mandates/{mandates[0].pk}/" in owned
    assert f"/reporting/reports/{report}/" in html[html.index('id="home-reports"'):]
    news = html[html.index('id="home-notifications"'):html.index('id="home-mandates"')]
    assert "News number 1" in news and "News number 2" in news and "News number 0" not in news
    assert "2 unread notifications" in news
    # the contributor is told of the section delegated to them, and sees it among their work
    other = page(as_user(contributor))
    assert "Sections delegated to you" in other and f"/reporting/reports/{report}/" in other
    assert 'id="home-mandates"' not in other and 'id="home-review"' not in other


def test_staff_see_contributions_and_links_to_review(person, as_user, django_assert_max_num_queries):
    staff, outsider = person((Role.SECRETARIAT, "CMS")), person((Role.SECRETARIAT, "Ramsar"))
    cms = Convention.objects.get(acronym="CMS")
    organization = Organization.objects.get(name="Wild Migration")
    Contribution.objects.create(organization=organization, convention=cms, title="Flyway census 2026",
                                period_start="2026-01-01", period_end="2026-06-30", summary="Counted birds.",
                                status=Contribution.SUBMITTED, submitted_at=timezone.now())
    Contribution.objects.create(organization=organization, convention=cms, title="A draft nobody reviews",
                                period_start="2026-01-01", period_end="2026-06-30", summary="Not yet.")
    c = as_user(staff)
    with django_assert_max_num_queries(MAX_QUERIES + VISIT_QUERIES):
        html = page(c)
    review = html[html.index('id="home-review"'):]
    assert "Flyway census 2026" in review and "A draft nobody reviews" not in review
    assert "1 contribution submitted" in review and "suggested target link" in review
    # another convention's staff are not shown CMS's queue
    assert "Flyway census 2026" not in page(as_user(outsider))


def test_the_home_page_queries_do_not_grow_with_rows(person, as_user, django_assert_max_num_queries):
    staff = person((Role.SECRETARIAT, "CMS"), (Role.FOCAL_POINT, "CBD", "UGA"))
    Mandate.objects.filter(decision__convention__acronym="CMS").update(owner=staff)
    decision = Decision.objects.select_related("convention").get(convention__acronym="CMS", number="11.10")
    for i in range(30):
        notify(Notification.DECISION_REFERENCED, decision, "/x/", f"News {i}", recipients=[staff.pk])
    c = as_user(staff)
    with django_assert_max_num_queries(MAX_QUERIES + VISIT_QUERIES):
        page(c)
