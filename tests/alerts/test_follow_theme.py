"""Following a cross-cutting theme of the overlap report by its slug: a new decision under it and the overlaps a run
adds to it are told to its followers (real overlap runs over the corpus); a draft decision is told to nobody."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.functions import Length
from django.utils.text import slugify

from liaison.accounts.models import Role
from liaison.alerts.digests import digests_send
from liaison.alerts.models import Follow, FollowedTheme, Notification
from liaison.decisions.models import Decision, Mandate
from liaison.engine.overlap.themes import themes_tag
from liaison.overlap.models import OverlapRun, Theme

pytestmark = pytest.mark.django_db

CMS_STAFF, UGA_FP = (Role.SECRETARIAT, "CMS"), (Role.FOCAL_POINT, "CMS", "UGA")
ENACTING = "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"


def run_overlap(client, django_capture_on_commit_callbacks) -> OverlapRun:
    with django_capture_on_commit_callbacks(execute=True):  # the run is queued when its row commits
        response = client.post("/api/overlap/runs", {"threshold": 0.9}, content_type="application/json")
    assert response.status_code == 202
    assert client.get(f"/api/overlap/runs/{response.json()['id']}").json()["state"] == "done"
    return OverlapRun.objects.get(pk=response.json()["id"])


def follow_theme(client, slug):
    return client.post("/api/follows", {"type": "theme", "key": slug}, content_type="application/json")


def batch(client, number: str, paragraph: str) -> int:
    text = (f"RESOLUTION {number}\nMIGRATORY SPECIES AND THEIR HABITATS\n" + ENACTING + f"1. {paragraph}\n"
            "2. Requests the Secretariat to report to the Standing Committee on migratory species;\n")
    response = client.post("/api/batches", {"files": [SimpleUploadedFile(f"{number}.txt", text.encode())],
                                            "convention": "CMS"})
    assert response.status_code in (200, 201, 202), response.content
    return response.json()["id"]


def a_theme_paragraph(run: OverlapRun) -> tuple[Theme, str]:
    """Return a theme of the run (not the catch-all "other") and the text of a decision's operative paragraph that
    the theme vocabulary tags with it: a new decision copying it overlaps it under that theme."""
    themes = {t.slug: t for t in Theme.objects.filter(run=run).exclude(slug="other")}
    mandates = list(Mandate.objects.filter(decision__has_text=True).annotate(n=Length("paragraph__text"))
                    .filter(n__gt=200, n__lt=900).select_related("paragraph").order_by("pk")[:3000])
    for mandate, tags in zip(mandates, themes_tag([m.paragraph.text for m in mandates]), strict=True):
        for theme_id in sorted(tags):
            if slugify(theme_id) in themes:
                return themes[slugify(theme_id)], mandate.paragraph.text
    raise AssertionError("no mandate paragraph under a theme of the run")


def test_following_a_theme_is_by_its_slug_and_refused_for_what_is_not_in_the_report(
        person, as_user, client, django_capture_on_commit_callbacks):
    staff = as_user(person(CMS_STAFF))
    run = run_overlap(staff, django_capture_on_commit_callbacks)
    theme = Theme.objects.filter(run=run).order_by("slug").first()
    user = as_user(person(UGA_FP))
    created = follow_theme(user, theme.slug)
    assert created.status_code == 201 and created.json()["key"] == theme.slug
    assert follow_theme(user, theme.slug).status_code == 200
    assert FollowedTheme.objects.get(slug=theme.slug).label == theme.label
    before = Follow.objects.count()
    assert follow_theme(user, "no-such-theme").status_code == 404
    assert follow_theme(client, theme.slug).status_code == 401
    assert user.post("/api/follows", {"type": "theme"}, content_type="application/json").status_code == 422
    assert user.post("/api/follows", {"type": "theme", "id": 2**62}, content_type="application/json").status_code == 404
    assert Follow.objects.count() == before
    # the theme's page: the button, and unfollowing through it
    page = user.get(f"/overlap/themes/{theme.slug}/").content.decode()
    follow = Follow.objects.get(object_type="theme")
    assert f'action="/notifications/follows/{follow.pk}/delete/"' in page
    assert user.post(f"/notifications/follows/{follow.pk}/delete/").status_code == 302
    assert 'action="/notifications/follows/"' in user.get(f"/overlap/themes/{theme.slug}/").content.decode()
    assert user.post("/notifications/follows/", {"type": "theme", "key": theme.slug}).status_code == 302
    assert Follow.objects.filter(object_type="theme").count() == 1


def test_a_new_decision_under_a_followed_theme_and_its_overlaps_are_told(
        person, as_user, django_capture_on_commit_callbacks, mailbox, settings):
    follower, late, outsider, staff_user = person(UGA_FP), person(UGA_FP), person(UGA_FP), person(CMS_STAFF)
    s = as_user(staff_user)
    first = run_overlap(s, django_capture_on_commit_callbacks)
    theme, text = a_theme_paragraph(first)
    assert follow_theme(as_user(follower), theme.slug).status_code == 201
    assert as_user(follower).put("/api/notifications/preferences", {"preferences": {
        "theme_decision": "daily", "theme_overlap": "daily"}}, content_type="application/json").status_code == 200
    # one resolution published, copying a paragraph of the theme; one left in draft, copying it too
    published = batch(s, "14.98", text.strip())
    assert s.post(f"/api/batches/{published}/publish").status_code == 200
    batch(s, "14.97", text.strip())
    new = Decision.objects.get(convention__acronym="CMS", number="14.98")
    assert not Decision.objects.filter(convention__acronym="CMS", number="14.97").exists()
    assert follow_theme(as_user(late), theme.slug).status_code == 201  # after the publication
    second = run_overlap(s, django_capture_on_commit_callbacks)
    assert Theme.objects.filter(run=second, slug=theme.slug).exists()
    [told] = Notification.objects.filter(user=follower, kind="theme_decision")
    assert told.object_type == "decision" and told.object_id == new.pk and told.url == f"/decisions/{new.pk}/"
    assert told.title.startswith("CMS Resolution 14.98 (¶ 1") and theme.label in told.title
    # who followed after the decision came is not told of it; of the run's new overlaps, both are
    assert not Notification.objects.filter(user=late, kind="theme_decision").exists()
    for user in (follower, late):
        [overlaps] = Notification.objects.filter(user=user, kind="theme_overlap")
        assert overlaps.object_type == "theme" and overlaps.url == f"/overlap/themes/{theme.slug}/"
        assert overlaps.params["n"] >= 1 and "CMS Resolution 14.98" in (overlaps.params["a"], overlaps.params["b"])
    # nobody is told of the draft, nor is anyone who follows nothing
    assert not Notification.objects.filter(title__contains="14.97").exists()
    assert not Notification.objects.filter(user__in=[outsider, staff_user]).exists()
    # the notification centre and the API show them
    api = as_user(follower).get("/api/notifications").json()
    assert {i["kind"] for i in api["items"]} == {"theme_decision", "theme_overlap"}
    # the daily digest, in the recipient's language (the site's default here: French)
    settings.LANGUAGE_CODE = "fr"
    assert digests_send(frequency="daily")["notifications"] >= 2
    [mail] = mailbox.to(follower.email)
    body = mail.get_body(("plain",)).get_content()
    assert "CMS Resolution 14.98 (¶ 1" in body and "relève du thème" in body and "Nouveaux chevauchements" in body
    assert f"/decisions/{new.pk}/" in body and f"/overlap/themes/{theme.slug}/" in body
    # a third run adds nothing: nobody is told again
    run_overlap(s, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind__in=["theme_decision", "theme_overlap"]).count() == 3
