"""Mandate verbs and addressees are shown in the reader's language (issue 17): the engine's English vocabulary is
marked for gettext in decisions/wording.py and translated in every catalogue."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from liaison.decisions.wording import ADDRESSEES, VERBS, addressee_local, verb_local
from liaison.engine.decisions.actors import VOCABULARY_PATH


def test_every_addressee_of_the_vocabulary_is_marked_for_translation():
    labels = {entry["label"] for entry in json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))["actors"]}
    # An actor added to actors.json without a line in wording.py would stay English on every page.
    assert labels - ADDRESSEES == set()


@pytest.mark.django_db
def test_every_verb_the_parser_gave_the_bundled_decisions_is_known():
    from liaison.decisions.models import Mandate

    verbs = set(Mandate.objects.values_list("verb", flat=True))
    assert {"requests", "urges", "invites"} <= verbs
    assert verbs - set(VERBS) == set()


@pytest.mark.parametrize(("lang", "verb", "addressee"), [
    ("fr", "prie", "Conférence des Parties"),
    ("es", "pide", "Conferencia de las Partes"),
    ("ar", "يطلب إلى", "مؤتمر الأطراف"),
    ("zh-hans", "请", "缔约方大会"),
    ("ru", "просит", "Конференция Сторон"),
    ("en", "requests", "Conference of the Parties"),
])
def test_verb_and_addressee_in_each_language(lang, verb, addressee):
    with translation.override(lang):
        assert verb_local("requests") == verb
        assert addressee_local("Conference of the Parties") == addressee
        # What a person typed, or a verb the parser does not give, is shown as it is.
        assert addressee_local("Ministry of Tourism") == "Ministry of Tourism"
        assert verb_local("welcomes") == "welcomes"


@pytest.mark.django_db
def test_the_mandate_tracker_names_addressees_and_verbs_in_french(client):
    page = client.get("/mandates/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    body = page.content.decode()
    assert "prie : " in body or "prie: " in body
    assert ">Secrétariat</a>" in body  # the side column of addressees
    assert "requests: " not in body


def test_every_cbd_decision_tracking_status_is_marked_for_translation():
    from django.conf import settings

    from liaison.decisions.wording import TRACKING_STATUSES

    path = settings.DATA_DIR / "cbd_decision_tracking_dtt" / "statuses.json"
    titles = {status["title"] for status in json.loads(path.read_text(encoding="utf-8"))}
    assert titles and titles - set(TRACKING_STATUSES) == set()
