"""Importing frameworks from files through the API, the upload page and the CLI: all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.cli import main
from liaison.frameworks.models import Framework, Target

from .plans import BAD_PLAN_CSV, KENYA_PLAN_CSV, PLAN_YAML

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
KENYA_NFP = (Role.FOCAL_POINT, "CBD", "KEN")


def upload(client, text: str, name: str = "plan.csv", **fields):
    return client.post("/api/frameworks/import", {"file": SimpleUploadedFile(name, text.encode()), **fields})


def test_a_focal_point_imports_the_national_plan_of_their_country(client_for):
    response = upload(client_for(KENYA_NFP), KENYA_PLAN_CSV, country="KEN")
    assert response.status_code == 201, response.content
    assert response.json() == {"code": "KE-NBSAP-2030", "state": "new", "goals": 2, "targets": 4, "indicators": 1}
    plan = Framework.objects.get(code="KE-NBSAP-2030")
    assert plan.country.iso3 == "KEN" and plan.kind == "nbsap" and not plan.is_bundled
    goal = plan.goals.get(code="A")
    assert goal.text["fr"].startswith("Protéger")
    assert plan.indicators.get().target.code == "B1"


def test_a_bad_file_reports_every_problem_row_and_stores_nothing(client_for):
    before = Framework.objects.count(), Target.objects.count()
    response = upload(client_for(CMS_STAFF), BAD_PLAN_CSV)
    assert response.status_code == 400
    body = response.json()
    assert "nothing was imported" in body["detail"]
    problems = {(p["row"], p["field"]) for p in body["problems"]}
    assert {(4, "parent"), (5, "code"), (6, "level"), (7, "title"), (8, "parent")} <= problems
    assert (Framework.objects.count(), Target.objects.count()) == before
    assert not Framework.objects.filter(code="KE-BAD").exists()


def test_yaml_and_json_import_and_the_format_can_be_named(client_for):
    staff = client_for(CMS_STAFF)
    assert upload(staff, PLAN_YAML, name="plan.yaml").status_code == 201
    assert Target.objects.get(framework__code="KE-YAML", code="T1").text["en"].startswith("Wetlands")
    assert upload(staff, PLAN_YAML, name="plan.txt").status_code == 400  # format unknown
    again = upload(staff, PLAN_YAML, name="plan.txt", format="yaml")
    assert again.status_code == 200 and again.json()["state"] == "unchanged"


def test_reimport_updates_in_place_and_keeps_links(client_for):
    # Changed on purpose (issue 10, "nothing stored is lost"): a target the new text drops is retired, not deleted.
    nfp = client_for(KENYA_NFP)
    assert upload(nfp, KENYA_PLAN_CSV, country="KEN").status_code == 201
    a1 = Target.objects.get(framework__code="KE-NBSAP-2030", code="A1")
    gbf3 = Target.objects.get(framework__code="GBF", code="3")
    from liaison.frameworks.models import Link

    Link.objects.create(source_type="target", source_id=a1.pk, target=gbf3, review_state="accepted")
    changed = KENYA_PLAN_CSV.replace("30 per cent", "thirty per cent").replace(
        'target,A3,A,,,"Invasive alien species are eradicated or controlled on priority islands and in wetlands",\n', "")
    response = upload(nfp, changed, country="KEN")
    assert response.status_code == 200 and response.json()["state"] == "updated"
    a1.refresh_from_db()
    assert "thirty" in a1.text["en"]
    assert Link.objects.filter(source_id=a1.pk, target=gbf3).exists()
    assert Target.objects.get(framework__code="KE-NBSAP-2030", code="A3").retired_at is not None


def test_export_round_trip_through_the_api(client_for, client):
    upload(client_for(KENYA_NFP), KENYA_PLAN_CSV, country="KEN")
    for fmt in ("csv", "json", "yaml"):
        exported = client.get(f"/api/frameworks/KE-NBSAP-2030/export?format={fmt}").content
        response = upload(client_for(CMS_STAFF), exported.decode(), name=f"again.{fmt}")
        assert response.status_code == 200, response.content
        assert response.json()["state"] == "unchanged"  # the same texts: nothing to change


def test_upload_page_lists_every_problem(client_for):
    page = client_for(CMS_STAFF).post("/frameworks/import/", {
        "file": SimpleUploadedFile("bad.csv", BAD_PLAN_CSV.encode()), "published": "on"})
    assert page.status_code == 200
    assert len(page.context["problems"]) >= 5
    assert b"unknown goal" in page.content


def test_upload_page_imports_and_redirects(client_for):
    page = client_for(KENYA_NFP).post("/frameworks/import/", {
        "file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode()), "country": "KEN", "published": "on"})
    assert page.status_code == 302 and page["Location"] == "/frameworks/KE-NBSAP-2030/"


def test_cli_import_reports_problems_and_imports_good_files(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_PLAN_CSV, encoding="utf-8")
    assert main(["frameworks", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "row 4, parent: unknown goal 'Z'" in err and "row 6, level" in err and "row 8, parent" in err
    assert not Framework.objects.filter(code="KE-BAD").exists()
    good = tmp_path / "plan.csv"
    good.write_text(KENYA_PLAN_CSV, encoding="utf-8")
    assert main(["frameworks", "import", str(good), "--country", "KEN"]) == 0
    assert "KE-NBSAP-2030 new: 2 goals, 4 targets, 1 indicators" in capsys.readouterr().out
    assert Framework.objects.get(code="KE-NBSAP-2030").country.iso3 == "KEN"


def test_cli_export_round_trip(tmp_path, capsys):
    out = tmp_path / "spms.yaml"
    assert main(["frameworks", "export", "CMS-SPMS-2015-2023", "--format", "yaml", "-o", str(out)]) == 0
    from liaison.engine.frameworks import framework_import

    record = framework_import(out.read_bytes(), fmt="yaml")
    assert not record.is_summary and sum(1 for _ in record.targets()) == 16  # the official text (issue 17)
    assert main(["frameworks", "export", "NOPE"]) == 2
    assert main(["frameworks", "import", str(out)]) == 0
    assert "CMS-SPMS-2015-2023 unchanged" in capsys.readouterr().out


def test_an_imported_newer_text_replaces_the_shipped_one_and_survives_liaison_load(client_for, client):
    from liaison.core.loading import data_load_all

    # The shipped SPMS is the official text since issue 17; staff importing a revised text still wins over it.
    official = client.get("/api/frameworks/CMS-SPMS-2015-2023/export?format=csv").content.decode()
    assert "People are aware of the multiple values of migratory species" in official
    official = official.replace(
        "People are aware of the multiple values of migratory species", "OFFICIAL: People are aware")
    response = upload(client_for(CMS_STAFF), official, name="spms-official.csv")
    assert response.status_code == 200 and response.json()["state"] == "updated"
    spms = Framework.objects.get(code="CMS-SPMS-2015-2023")
    assert not spms.is_summary and spms.is_bundled
    report = data_load_all(loaders=["liaison.frameworks.loaders.frameworks_load"])
    assert report.counts["frameworks kept as imported"] == 1
    assert Target.objects.get(framework=spms, code="1").text["en"].startswith("OFFICIAL")
    assert b"summary, not the official text" not in client.get("/frameworks/CMS-SPMS-2015-2023/").content
