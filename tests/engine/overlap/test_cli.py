"""`liaison overlap`: files in, JSON or text out; no files means the database side (web app)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from liaison.cli import CommandError, main

DOCS = Path(__file__).resolve().parents[3] / "data" / "decision_documents"
IPBES = [str(DOCS / "ipbes_panama_resolution_2012_akn.md"), str(DOCS / "ipbes_functions_operating_principles_2012_akn.md")]
SEED = str(DOCS / "cms_resolution_11.10_rev_cop12_synergies_partnerships.txt")


def run_json(capsys, *argv: str) -> dict:
    assert main(["overlap", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_two_ipbes_files_are_one_convention(capsys):
    result = run_json(capsys, *IPBES)
    assert result["pairs"] == [] and result["themes"] == []
    assert result["internal"], "the operating principles repeat themselves"
    assert all(p["a"]["convention"] == p["b"]["convention"] == "IPBES" for p in result["internal"])
    assert any("Only one convention" in note for note in result["notes"])


def test_seed_against_ipbes_crosses_conventions(capsys):
    result = run_json(capsys, SEED, *IPBES, "--threshold", "0.8", "--top", "5")
    assert {"pairs", "internal", "themes", "notes"} <= set(result)
    assert result["pairs"], "at 0.8 the CMS and IPBES cooperation paragraphs meet"
    for pair in result["pairs"]:
        assert {pair["a"]["convention"], pair["b"]["convention"]} == {"CMS", "IPBES"}
        assert pair["score"] >= 0.8
    strict = run_json(capsys, SEED, *IPBES, "--threshold", "0.99")
    assert len(strict["pairs"]) < len(result["pairs"])


def test_text_format(capsys):
    assert main(["overlap", SEED, *IPBES, "--format", "text", "--threshold", "0.8"]) == 0
    out = capsys.readouterr().out
    assert "Overlap across conventions:" in out and "Internal duplication:" in out and "Themes:" in out


def test_bad_file_is_a_command_error(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    assert main(["overlap", str(bad)]) == 2
    assert "liaison overlap: error:" in capsys.readouterr().err
    assert main(["overlap", str(tmp_path / "missing.txt")]) == 2


def test_no_files_without_web_app_degrades_clearly(monkeypatch):
    import liaison.cli.django_setup as setup
    from liaison.cli import overlap

    monkeypatch.setattr(setup, "django_setup", lambda: None)
    monkeypatch.setitem(sys.modules, "liaison.overlap.selectors", None)  # import fails
    with pytest.raises(CommandError, match="needs the web app installed"):
        overlap.corpus_from_database()


def test_bad_arguments(capsys):
    assert main(["overlap", SEED, "--top", "0"]) == 2
    assert main(["overlap", SEED, "--threshold", "3"]) == 2
