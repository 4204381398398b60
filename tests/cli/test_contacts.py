"""`liaison contacts import FILE` and `liaison contacts export`: all rows or none, then the same shape back."""

from __future__ import annotations

import json
from argparse import Namespace

import pytest
from django.conf import settings

from liaison.cli import CommandError
from liaison.contacts.models import Contact

pytestmark = pytest.mark.django_db

FIXTURE = settings.DATA_DIR / "informea_melish/odata_api_samples_synthetic/v3_Contacts.json"


def test_import_dry_run_then_store_then_export(tmp_path, capsys):
    from liaison.cli.contacts import run_export, run_import

    before = Contact.objects.count()
    assert run_import(Namespace(file=str(FIXTURE), dry_run=True)) == 0
    assert "nothing stored" in capsys.readouterr().out and Contact.objects.count() == before
    assert run_import(Namespace(file=str(FIXTURE), dry_run=False)) == 0
    assert "2 contacts created, 0 updated" in capsys.readouterr().out
    assert run_export(Namespace(country="BRB")) == 0
    records = json.loads(capsys.readouterr().out)["d"]["results"]
    assert [r["email"] for r in records] == ["john.doe@barbados.gov.bb"]
    path = tmp_path / "back.json"
    path.write_text(json.dumps({"d": {"results": records}}))
    assert run_import(Namespace(file=str(path), dry_run=False)) == 0
    assert "0 contacts created, 1 updated" in capsys.readouterr().out


def test_a_bad_file_stores_nothing_and_says_why(tmp_path, capsys):
    from liaison.cli.contacts import run_import

    path = tmp_path / "bad.csv"
    path.write_text("country,lastName,roles\nKE,Fine,cbd=NFP\nXX,Bad,cbd=NFP\n")
    before = Contact.objects.count()
    with pytest.raises(CommandError):
        run_import(Namespace(file=str(path), dry_run=False))
    assert "row 2: country" in capsys.readouterr().out and Contact.objects.count() == before
    with pytest.raises(CommandError):
        run_import(Namespace(file=str(tmp_path / "missing.json"), dry_run=False))
