"""The framework pages in the site language: browser, target page, summary badge."""

import pytest
from django.conf import settings

from liaison.frameworks.models import Framework, Target

pytestmark = pytest.mark.django_db


def in_french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


def test_browser_shows_the_active_language_when_the_data_has_it(client):
    page = in_french(client).get("/frameworks/SDG/")
    assert page.status_code == 200
    target = Target.objects.get(framework__code="SDG", code="15.5")
    assert target.text["fr"][:60].encode() in page.content
    assert target.text["en"][:60].encode() not in page.content


def test_browser_falls_back_to_english_with_a_marker(client):
    page = in_french(client).get("/frameworks/GBF/")
    target = Target.objects.get(framework__code="GBF", code="3")
    assert target.text["en"][:60].encode() in page.content
    assert b'class="chip fallback"' in page.content and b">EN</abbr>" in page.content
    from django.test import Client

    english = Client().get("/frameworks/GBF/")
    assert b'class="chip fallback"' not in english.content


def test_summary_pages_carry_the_summary_badge(client):
    # The shipped SPMS is the official text since issue 17: no badge; a framework of summaries still has one.
    spms8 = Target.objects.get(framework__code="CMS-SPMS-2015-2023", code="8")
    assert b"summary, not the official text" not in client.get("/frameworks/CMS-SPMS-2015-2023/").content
    assert b"summary, not the official text" not in client.get(f"/targets/{spms8.pk}/").content
    Framework.objects.filter(code="CMS-SPMS-2015-2023").update(is_summary=True)
    assert b"summary, not the official text" in client.get("/frameworks/CMS-SPMS-2015-2023/").content
    assert b"summary, not the official text" in client.get("/frameworks/").content
    assert b"summary, not the official text" in client.get(f"/targets/{spms8.pk}/").content
    assert b"summary, not the official text" not in client.get("/frameworks/GBF/").content


def test_target_page_lists_what_is_linked_across_frameworks(client):
    aichi12 = Target.objects.get(framework__code="AICHI", code="12")
    page = client.get(f"/targets/{aichi12.pk}/")
    assert page.status_code == 200
    groups = page.context["groups"]
    assert ("CMS-SPMS-2015-2023", "8") in {(r["source_target"].framework.code, r["source_target"].code)
                                           for r in groups["targets"]}
    assert groups["indicators"]
    spms8 = Target.objects.get(framework__code="CMS-SPMS-2015-2023", code="8")
    outgoing = client.get(f"/targets/{spms8.pk}/").context["groups"]["targets"]
    # Aichi 12 (the plan's correspondence) and GBF 4 (the IPBES mapping, issue 17).
    assert sorted((r["direction"], r["source_target"].framework.code, r["source_target"].code) for r in outgoing) == [
        ("out", "AICHI", "12"), ("out", "GBF", "4")]


def test_framework_list_and_export_links(client):
    page = client.get("/frameworks/")
    assert page.status_code == 200 and len(page.context["frameworks"]) >= 6
    detail = client.get("/frameworks/AICHI/")
    assert b"/frameworks/AICHI/export/?format=csv" in detail.content
    csv = client.get("/frameworks/AICHI/export/?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and csv.content.startswith(b"level,code,parent")
    assert client.get("/frameworks/AICHI/export/?format=xls").status_code == 404
    assert client.get("/frameworks/NOPE/").status_code == 404
