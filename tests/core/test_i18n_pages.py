"""Pages in the six UN languages (issue 17): the document's language and direction, the switcher, and words that
used to stay English in French and Spanish pages (model choices such as statuses, reporting-cycle names)."""

from __future__ import annotations

import re

import pytest

from liaison.accounts.models import Role

pytestmark = pytest.mark.django_db

FOCAL_POINT = (Role.FOCAL_POINT, "CBD", "KEN")


@pytest.mark.parametrize(("lang", "html_lang", "direction", "word"), [
    ("ar", "ar", "rtl", "الاتفاقيات"),
    ("zh-hans", "zh-hans", "ltr", "公约"),
    ("ru", "ru", "ltr", "Конвенции"),
    ("fr", "fr", "ltr", "Conventions"),
    ("en", "en", "ltr", "Conventions"),
])
def test_the_home_page_in_each_language_declares_its_direction(client, lang, html_lang, direction, word):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=lang)
    assert page.status_code == 200
    body = page.content.decode()
    assert f'<html lang="{html_lang}" dir="{direction}">' in body
    assert word in body


def test_the_switcher_names_each_language_in_its_own_script(client):
    body = client.get("/").content.decode()
    options = re.findall(r'<option value="([a-z-]+)" lang="[a-z-]+"(?: selected)?>([^<]+)</option>', body)
    assert dict(options) == {"en": "English", "fr": "Français", "es": "Español", "ar": "العربيّة",
                             "zh-hans": "简体中文", "ru": "Русский"}


@pytest.mark.parametrize(("lang", "words", "english"), [
    ("fr", ["En négociation", "Actif"], ["Under negotiation<", ">Active<"]),
    ("es", ["En negociación"], ["Under negotiation<"]),
    ("ar", ["قيد التفاوض", "نشط"], ["Under negotiation<", ">Active<"]),
])
def test_partnership_statuses_are_translated(client, lang, words, english):
    body = client.get("/partnerships/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    for word in words:
        assert word in body
    for word in english:
        assert word not in body


def test_report_statuses_and_cycle_names_are_translated(client_for):
    body = client_for(FOCAL_POINT).get("/reporting/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "7e rapport national" in body
    assert "7th national report" not in body


@pytest.mark.parametrize(("lang", "key"), [("ar", "ar"), ("zh-hans", "zh-Hans"), ("ru", "ru"), ("es", "es")])
def test_sdg_targets_show_in_the_readers_language(client, lang, key):
    from liaison.frameworks.models import Target

    target = Target.objects.get(framework__code="SDG", code="1.1")
    body = client.get("/frameworks/SDG/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    # The SDG files spell Chinese zh-Hans where the reader's language is zh-hans: both name the same texts.
    assert target.text[key][:40] in body
    assert target.text["en"][:40] not in body


@pytest.mark.parametrize("lang", ["ar", "zh-hans", "ru"])
def test_gbf_questions_show_in_the_readers_language(client, lang):
    from liaison.reporting.models import Question

    question = Question.objects.get(questionnaire__code="cbd-nr7-gbf", key="GoalB.b_1")
    body = client.get(f"/reporting/questionnaires/{question.questionnaire.code}/",
                      HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert question.titles[lang[:2]][:40] in body
    assert question.title[:40] not in body
