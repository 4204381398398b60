"""The signed-in home says what changed since the person's last visit (read or not), from a visit time written at
most every few minutes."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from liaison.accounts.models import Role
from liaison.alerts.models import Notification, Visit
from liaison.alerts.services import notify
from liaison.decisions.models import Decision

pytestmark = pytest.mark.django_db


def tell(user, title: str) -> Notification:
    decision = Decision.objects.select_related("convention").filter(convention__acronym="CMS").first()
    [n] = notify(Notification.MANDATE_CHANGED, decision, f"/decisions/{decision.pk}/", title, recipients=[user.pk])
    return n


def news_of(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('id="home-notifications"'):html.index("</section>", html.index('id="home-notifications"'))]


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_home_lists_what_changed_since_the_last_visit(person):
    user = person((Role.FOCAL_POINT, "CMS", "UGA"))
    first = news_of(signed_in(user))
    assert "New for you" in first and "Since your last visit" not in first  # a first visit: the unread ones
    visit = Visit.objects.get(user=user)
    assert visit.since is None
    # that visit ended two hours ago; one notification came before its end, two after (one already read)
    ended = timezone.now() - dt.timedelta(hours=2)
    Visit.objects.filter(user=user).update(seen_at=ended)
    before = tell(user, "Told before the visit ended")
    Notification.objects.filter(pk=before.pk).update(created_at=ended - dt.timedelta(hours=1))
    tell(user, "Told after, still unread")
    read = tell(user, "Told after, read in a mail")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    news = news_of(signed_in(user))  # a new session: a new visit
    assert "Since your last visit" in news and "2 changes since" in news
    assert "Told after, still unread" in news and "Told after, read in a mail" in news
    assert "Told before the visit ended" not in news
    assert "2 unread notifications in all" in news  # the older one is still unread
    assert Visit.objects.get(user=user).since == ended


def test_the_visit_is_written_at_most_every_few_minutes(person):
    user = person()
    c = signed_in(user)
    c.get("/")
    seen = Visit.objects.get(user=user).seen_at
    c.get("/notifications/")
    c.get("/")
    assert Visit.objects.get(user=user).seen_at == seen  # the same session, minutes apart: no write
    # a visit continues while the gaps are short: `since` stays, `seen_at` moves on
    Visit.objects.filter(user=user).update(seen_at=seen - dt.timedelta(minutes=10), since=seen - dt.timedelta(days=1))
    signed_in(user).get("/")
    visit = Visit.objects.get(user=user)
    assert visit.since == seen - dt.timedelta(days=1) and visit.seen_at > seen


def test_anonymous_visitors_and_api_tokens_record_no_visit(client, person):
    from liaison.accounts.models import ApiToken
    from liaison.accounts.tokens import api_token_create

    client.get("/")
    user = person()
    _token, secret = api_token_create(user=user, name="national system", scope=ApiToken.READ)
    assert client.get("/api/notifications", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert not Visit.objects.exists()
