"""`liaison load`: idempotent, and all-or-nothing on a malformed data file."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from liaison.catalogue.models import Membership
from liaison.core.loading import DataFileError, data_load_all

MEMBERSHIPS = "parties_ieadb/biodiversity_mea_memberships.csv"


def data_copy_with(tmp_path: Path, relative: str, transform) -> Path:
    """Copy the bundled data folder and rewrite one file through `transform`."""
    target = tmp_path / "data"
    shutil.copytree(settings.DATA_DIR, target, ignore=shutil.ignore_patterns("*.xlsx", "models"))
    path = target / relative
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")
    return target


@pytest.mark.django_db
def test_loading_twice_creates_no_duplicates():
    before = Membership.objects.count()
    data_load_all()
    assert Membership.objects.count() == before


@pytest.mark.django_db
def test_a_bad_date_names_file_row_and_reason_and_changes_nothing(tmp_path):
    def corrupt(text):
        lines = text.splitlines()
        cols = lines[10].split(",")
        cols[9] = "31/31/1999"  # ceif3
        lines[10] = ",".join(cols)
        return "\n".join(lines) + "\n"

    data_dir = data_copy_with(tmp_path, MEMBERSHIPS, corrupt)
    Membership.objects.filter(country__iso3="KEN").delete()  # so a partial load would be visible
    before = Membership.objects.count()
    with pytest.raises(DataFileError) as info:
        data_load_all(data_dir=data_dir)
    assert info.value.row == 11
    assert "not a date" in info.value.reason and MEMBERSHIPS in info.value.path
    assert Membership.objects.count() == before


@pytest.mark.django_db
def test_missing_columns_are_reported(tmp_path):
    data_dir = data_copy_with(tmp_path, MEMBERSHIPS, lambda t: t.replace("ceif3", "ceifX", 1))
    with pytest.raises(DataFileError, match="missing columns"):
        data_load_all(data_dir=data_dir)


def test_cli_load_reports_a_bad_file_with_exit_code_2(tmp_path):
    data_dir = data_copy_with(tmp_path, MEMBERSHIPS, lambda t: t.replace("3128", "9999", 1))
    env = {**os.environ, "LIAISON_DATA_DIR": str(data_dir), "LIAISON_VAR_DIR": str(tmp_path / "var"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "DJANGO_SETTINGS_MODULE": "liaison.config.settings.dev"}
    result = subprocess.run([sys.executable, "-m", "liaison", "load"], capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "nothing was loaded" in result.stderr and "unknown IEADB agreement id '9999'" in result.stderr
    assert "row " in result.stderr


@pytest.mark.django_db
def test_the_loader_ingests_as_the_system_actor_recorded_in_the_audit_trail():
    from liaison.core.models import AuditEvent

    events = AuditEvent.objects.filter(action="ingest", object_type="decisions.decision")
    assert events.exists()
    assert set(events.values_list("actor_label", flat=True)) >= {"system (liaison load)"}
    assert not events.filter(actor_label="", actor__isnull=True).exists()


@pytest.mark.django_db
def test_cli_ingest_acts_as_the_system_actor(tmp_path, capsys):
    from argparse import Namespace

    from liaison.cli.ingest import run
    from liaison.core.models import AuditEvent
    from liaison.decisions.models import Decision

    path = tmp_path / "r.txt"
    path.write_text("RESOLUTION 14.90\nTEST\nThe Conference of the Parties to the Convention on the Conservation "
                    "of Migratory Species of Wild Animals\n1. Requests the Secretariat to act;\n", encoding="utf-8")
    assert run(Namespace(paths=[str(path)], convention="CMS", number=None, kind=None, revision="", publish=True)) == 0
    assert "stored" in capsys.readouterr().out
    decision = Decision.objects.get(convention__acronym="CMS", number="14.90")
    event = AuditEvent.objects.get(action="ingest", object_id=str(decision.pk))
    assert event.actor is None and event.actor_label == "system (liaison ingest)"
