"""The overlap report, themes, recomputation and the lead-MEA register, through the API and pages."""

import pytest

from liaison.accounts.models import Role
from liaison.overlap.models import LeadAssignment, OverlapRun
from liaison.overlap.selectors import overlap_corpus_get, prose_is
from liaison.overlap.services import overlap_run_execute

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
KENYA_NFP = (Role.FOCAL_POINT, "CMS", "KEN")
PARTNER = (Role.PARTNER, None, None, "Wild Migration")


def test_corpus_holds_decision_paragraphs_and_substantive_treaty_articles():
    corpus = overlap_corpus_get()
    seed = [p for p in corpus if p["document"] == "CMS Resolution 11.10"]
    assert len(seed) == 27 and any(p["is_mandate"] for p in seed)
    treaties = {p["convention"] for p in corpus if p["document"].endswith("treaty text")}
    assert {"CBD", "CMS", "Ramsar", "CITES"} <= treaties
    assert not any("depositary" in p["text"].lower() for p in corpus if "treaty" in p["document"])


def test_procedural_clauses_are_not_compared():
    assert not prose_is("This Convention shall be subject to ratification, acceptance or approval by States and by "
                        "regional economic integration organizations.")
    assert prose_is("Each Contracting Party shall, as far as possible and as appropriate, prevent the introduction "
                    "of, control or eradicate those alien species which threaten ecosystems, habitats or species.")


def test_pairs_are_across_conventions_and_internal_ones_apart(client):
    pairs = client.get("/api/overlap/pairs?limit=500").json()["items"]
    assert pairs and all(p["a"]["convention"] != p["b"]["convention"] for p in pairs)
    internal = client.get("/api/overlap/pairs?internal=true&limit=500").json()["items"]
    assert all(p["a"]["convention"] == p["b"]["convention"] for p in internal)


def vocabulary_theme(client) -> dict:
    """Return a theme of the bundled overlap report that the vocabulary recognises."""
    return next(t for t in client.get("/api/overlap/themes?limit=500").json()["items"] if t["terms"])


def test_recognised_themes_span_conventions_and_say_who_should_lead(client):
    themes = {t["slug"]: t for t in client.get("/api/overlap/themes?limit=500").json()["items"] if t["terms"]}
    assert "access-and-benefit-sharing" in themes
    abs_theme = themes["access-and-benefit-sharing"]
    assert {"CBD", "ITPGRFA"} <= set(abs_theme["conventions"])
    assert abs_theme["lead"]["convention"] == "CBD" and "Article" in abs_theme["lead"]["why"]


@pytest.mark.parametrize("url", ["/api/overlap/pairs?min_score=2", "/api/overlap/pairs?limit=0",
                                 "/api/overlap/runs/999999"])
def test_bad_parameters_are_4xx(client, url):
    assert 400 <= client.get(url).status_code < 500


def test_only_secretariat_may_recompute(client, client_for):
    assert client.post("/api/overlap/runs", {}, content_type="application/json").status_code == 401
    for roles in (KENYA_NFP, PARTNER):
        assert client_for(roles).post("/api/overlap/runs", {}, content_type="application/json").status_code == 403
    response = client_for(CMS_STAFF).post("/api/overlap/runs", {"threshold": 0.9}, content_type="application/json")
    assert response.status_code == 202
    run = OverlapRun.objects.get(pk=response.json()["id"])
    assert run.state == OverlapRun.QUEUED  # enqueued when the transaction commits


def test_a_run_records_progress_until_done():
    run = OverlapRun.objects.create(threshold=0.9)
    run = overlap_run_execute(run_id=run.pk)
    assert run.state == OverlapRun.DONE and run.percent == 100 and run.paragraphs > 100


def test_lead_register_refuses_others_and_records_staff_choice(client, client_for):
    slug = vocabulary_theme(client)["slug"]
    payload = {"theme": slug, "convention": "Ramsar", "rationale": "Agreed at the BLG."}
    assert client.post("/api/overlap/leads", payload, content_type="application/json").status_code == 401
    assert client_for(PARTNER).post("/api/overlap/leads", payload,
                                    content_type="application/json").status_code == 403
    staff = client_for(CMS_STAFF)
    assert staff.post("/api/overlap/leads", {**payload, "theme": "nope"},
                      content_type="application/json").status_code == 404
    assert staff.post("/api/overlap/leads", {**payload, "rationale": "   "},
                      content_type="application/json").status_code == 422
    assert staff.post("/api/overlap/leads", payload, content_type="application/json").status_code == 201
    assert LeadAssignment.objects.filter(theme_slug=slug, convention__acronym="Ramsar").exists()
    assert "Ramsar" in client.get("/overlap/leads/").content.decode()


def test_pages_render_with_highlighted_shared_wording(client):
    body = client.get("/overlap/").content.decode()
    assert "Overlap across conventions" in body and "<mark>" in body
    assert client.get(f"/overlap/themes/{vocabulary_theme(client)['slug']}/").status_code == 200
    assert client.get("/overlap/themes/no-such-theme/").status_code == 404
    assert client.get("/overlap/?min_score=abc").status_code == 200


def test_theme_page_form_is_refused_to_focal_points(client, client_for):
    slug = vocabulary_theme(client)["slug"]
    response = client_for(KENYA_NFP).post(f"/overlap/themes/{slug}/", {"convention": 1, "rationale": "x"})
    assert response.status_code == 403


def test_overlap_services_check_their_writes_and_the_system_passes(user_factory):
    from django.contrib.auth.models import AnonymousUser

    from liaison.catalogue.models import Convention
    from liaison.core.actors import system_actor
    from liaison.core.errors import NotAllowed, NotSignedIn
    from liaison.overlap.services import lead_assign, overlap_run_start

    before = OverlapRun.objects.count()
    with pytest.raises(NotSignedIn):
        overlap_run_start(user=AnonymousUser())
    for roles in (KENYA_NFP, PARTNER):
        with pytest.raises(NotAllowed):
            overlap_run_start(user=user_factory(roles))
        with pytest.raises(NotAllowed):
            lead_assign(user=user_factory(roles), theme_slug="x", theme_label="X",
                        convention=Convention.objects.get(acronym="CMS"), rationale="Because.")
    assert OverlapRun.objects.count() == before and not LeadAssignment.objects.filter(theme_slug="x").exists()
    run = overlap_run_start(user=system_actor("tests"))
    assert run.requested_by is None and run.state == OverlapRun.QUEUED


def test_a_decision_upload_queues_a_recomputation_as_the_system(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (b"RESOLUTION 14.92\nTEST\nThe Conference of the Parties to the Convention on the Conservation of "
            b"Migratory Species of Wild Animals\n1. Requests the Secretariat to report by COP15;\n")
    before = OverlapRun.objects.count()
    response = client_for(CMS_STAFF).post("/api/decisions", {"file": SimpleUploadedFile("r.txt", text),
                                                             "convention": "CMS"})
    assert response.status_code == 201, response.content
    assert OverlapRun.objects.count() == before + 1
    assert OverlapRun.objects.first().requested_by is None


def test_lead_register_bounds_and_ids(client, client_for):
    slug = vocabulary_theme(client)["slug"]
    staff = client_for(CMS_STAFF)
    payload = {"theme": slug, "convention": "Ramsar", "rationale": "Agreed at the BLG."}
    too_long = staff.post("/api/overlap/leads", {**payload, "rationale": "r" * 5001}, content_type="application/json")
    assert too_long.status_code == 422
    huge = staff.post("/api/overlap/leads", {**payload, "decision": 2**70}, content_type="application/json")
    assert huge.status_code == 422
    missing = staff.post("/api/overlap/leads", {**payload, "decision": 2**62}, content_type="application/json")
    assert missing.status_code == 404
    assert not LeadAssignment.objects.filter(theme_slug=slug).exists()
    as_text = staff.post("/api/overlap/leads", '{"theme": "x"}', content_type="text/plain")
    assert as_text.status_code == 415


def test_the_corpus_reads_decisions_through_their_visibility_filter(monkeypatch):
    from django.db.models import Q

    from liaison.decisions.models import Decision
    from liaison.overlap import selectors

    seed = Decision.objects.get(convention__acronym="CMS", number="11.10")
    monkeypatch.setattr(selectors, "decision_visibility", lambda user, prefix="": ~Q(**{f"{prefix}pk": seed.pk}))
    documents = {p["document"] for p in selectors.overlap_corpus_get(with_treaties=False)}
    assert documents and "CMS Resolution 11.10" not in documents


def test_the_public_register_does_not_name_who_recorded_a_lead(client, user_factory):
    from django.test import Client

    slug = vocabulary_theme(client)["slug"]
    staff = Client()
    staff.force_login(user_factory(CMS_STAFF, username="lea.blg.recorder"))
    assert staff.post("/api/overlap/leads", {"theme": slug, "convention": "CBD", "rationale": "Agreed."},
                      content_type="application/json").status_code == 201
    for url in ("/overlap/leads/", f"/overlap/themes/{slug}/"):
        assert "lea.blg.recorder" not in client.get(url).content.decode()
        assert "lea.blg.recorder" in staff.get(url).content.decode()


def test_themes_are_leo_terms_named_in_the_readers_language_and_pairs_carry_shared_themes():
    from django.utils import translation

    from liaison.engine.overlap import OTHER, vocabulary_load

    run = OverlapRun.objects.filter(state=OverlapRun.DONE).first()
    known = {t.id for t in vocabulary_load()} | {OTHER}
    themes = list(run.themes.all())
    assert themes and {t.slug for t in themes} <= known
    for theme in themes:
        assert {"en", "fr", "es"} <= set(theme.names) and theme.label == theme.names["en"] and "/" not in theme.label
    wetland = next(t for t in themes if t.slug != OTHER)
    with translation.override("fr"):
        assert wetland.name == wetland.names["fr"]
    with translation.override("zh-hans"):
        assert wetland.name == wetland.names["zh"] != wetland.label
    with translation.override("de"):
        assert wetland.name == wetland.label  # no German name: English
    stored = {t.slug for t in themes}
    pairs = list(run.pairs.filter(cross=True))
    assert pairs
    for pair in pairs:
        assert pair.themes and set(pair.themes) <= stored
        if pair.themes != [OTHER]:
            assert all(t in pair.a["themes"] and t in pair.b["themes"] for t in pair.themes)


def test_treaty_units_in_the_corpus_are_clean():
    treaty = [p for p in overlap_corpus_get() if p["document"].endswith("treaty text")]
    assert treaty and not any("../" in p["text"] or "verdrag/" in p["text"] for p in treaty)
    cbd = {p["paragraph"] for p in treaty if p["convention"] == "CBD"}
    assert "Article 8(h)" in cbd and not any(ref.startswith("Article 42") for ref in cbd)


def test_the_lead_form_offers_the_decisions_its_reader_may_read_as_their_names(client, user_factory, monkeypatch):
    from django import forms
    from django.db.models import Q
    from django.test import Client

    from liaison.decisions import permissions
    from liaison.decisions.models import Decision
    from liaison.overlap.forms import LeadForm
    from liaison.overlap.selectors import lead_decision_choices

    seed = Decision.objects.get(convention__acronym="CMS", number="11.10")
    staff_user = user_factory(CMS_STAFF)
    staff = Client()
    staff.force_login(staff_user)
    slug = vocabulary_theme(client)["slug"]
    page = staff.get(f"/overlap/themes/{slug}/").content.decode()
    assert f'<option value="{seed.pk}">{seed}</option>' in page
    # The options are the ones Django's own select writes for the same queryset, labelled by Decision.__str__.
    django_select = forms.ModelChoiceField(queryset=lead_decision_choices(user=staff_user), required=False)
    form = LeadForm(user=staff_user)
    assert str(form["decision"]) == django_select.widget.render("decision", None, {"id": "id_decision"})
    # A decision the reader may not read is not offered (the visibility filter decides, as it decides the POST).
    monkeypatch.setattr(permissions, "decision_visibility", lambda user, prefix="": ~Q(**{f"{prefix}pk": seed.pk}))
    hidden = staff.get(f"/overlap/themes/{slug}/").content.decode()
    assert f'<option value="{seed.pk}">{seed}</option>' not in hidden and '<select name="decision"' in hidden
