"""`liaison parse`: outline and JSON output, errors as exit code 2, no Django loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from liaison.cli import main

from .conftest import DOCUMENTS, REPO, SEED_NAME

SEED_PATH = str(DOCUMENTS / SEED_NAME)


def test_json_output(capsys):
    assert main(["parse", SEED_PATH, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["operative"]) == 27
    assert result["preamble"][4]["lead"] == "Noting with appreciation"


def test_json_keeps_non_ascii(capsys):
    main(["parse", SEED_PATH, "--format", "json"])
    assert "“Cooperation" in capsys.readouterr().out


def test_text_outline(capsys):
    assert main(["parse", SEED_PATH]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Synergies and Partnerships\nCMS 11.10 (Rev.COP12)\n")
    assert "Preamble: 19 clauses" in out and "Operative: 27 paragraphs" in out
    assert "=> Executive Secretary <requests>" in out
    assert "Repeals: CMS resolution 7.9, CMS resolution 8.11, CMS resolution 9.6, CMS resolution 10.21" in out


def test_convention_and_symbol_arguments(capsys):
    assert main(["parse", SEED_PATH, "--format", "json", "--symbol", "99.1", "--convention", "CMS"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["symbol"] == "99.1" and result["convention"] == "CMS"


def test_missing_file(capsys, tmp_path):
    assert main(["parse", str(tmp_path / "absent.pdf")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_bad_document(capsys, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert main(["parse", str(path)]) == 2
    assert capsys.readouterr().err.strip() == f"liaison parse: error: {path.name} is empty."


def test_installed_command_without_django():
    script = Path(sys.executable).with_name("liaison")
    completed = subprocess.run(
        [str(script), "parse", SEED_PATH, "--format", "json"], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["title"] == "Synergies and Partnerships"


def test_engine_imports_no_django():
    code = (
        "import sys; from liaison.engine.decisions import document_parse, text_parse; import liaison.cli.parse;"
        "text_parse('1. Requests the Secretariat to act;');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert completed.stdout.strip() == "[]", completed.stderr
