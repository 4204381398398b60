"""The engine is a library: it reads only the folders it is given and changes no environment on import."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from liaison.engine.embedding import EncoderUnavailableError, encoder_get
from liaison.engine.frameworks import frameworks_bundled, links_bundled
from liaison.engine.overlap import lead_rank, treaty_units, vocabulary_load
from tests.engine.paths import DATA_DIR

ENGINE = Path(__file__).resolve().parents[2] / "src" / "liaison" / "engine"
FRAMEWORK_FOLDERS = ("sdg_open_sdg", "cbd_targets", "cbd_reporting", "aichi_nbsap_eaudeweb", "ipbes_mea_gbf_mappings",
                     "ipbes_mea_indicators")


def test_bundled_frameworks_are_read_from_the_folder_given(tmp_path):
    for folder in FRAMEWORK_FOLDERS:
        shutil.copytree(DATA_DIR / folder, tmp_path / folder)
    # The SPMS is read from the IPBES table since issue 17 (its summaries in cms_spms_2015_2023/ are history).
    spms = tmp_path / "ipbes_mea_gbf_mappings" / "meas_goals_gbf_cms.csv"
    spms.chmod(0o644)
    spms.write_text(spms.read_text(encoding="utf-8").replace("Target 1: ", "Target 1: Copied ", 1), encoding="utf-8")
    copied = {framework.code: framework for framework in frameworks_bundled(data_dir=tmp_path)}
    shipped = {framework.code: framework for framework in frameworks_bundled(data_dir=DATA_DIR)}
    assert copied.keys() == shipped.keys()
    spms_code = next(code for code in copied if "SPMS" in code)
    assert copied[spms_code].target_get("1").text["en"].startswith("Copied")
    assert not shipped[spms_code].target_get("1").text["en"].startswith("Copied")
    assert len(links_bundled(data_dir=tmp_path)) == len(links_bundled(data_dir=DATA_DIR))


def test_a_folder_without_the_data_fails_loudly(tmp_path):
    with pytest.raises(FileNotFoundError):
        frameworks_bundled(data_dir=tmp_path)
    assert treaty_units("CBD", tmp_path) is None  # no treaty text on hand there


def test_the_static_encoder_needs_its_folder(tmp_path):
    with pytest.raises(EncoderUnavailableError, match="models_dir"):
        encoder_get(models_dir=None)
    with pytest.raises(EncoderUnavailableError, match="static model not found"):
        encoder_get(models_dir=tmp_path)


def test_lead_without_a_treaty_folder_does_not_claim_to_have_checked_it():
    theme = {t.id: t for t in vocabulary_load()}["invasive-species"]
    lead = lead_rank(theme.label, theme.pattern, [{"convention": "CBD", "year": 2020}], [True])
    assert lead["ranking"][0]["treaty_articles"] is None
    assert "treaty" not in lead["why"]


def test_no_engine_module_finds_data_from_its_own_location():
    offenders = []
    for path in sorted(ENGINE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for needle in ("parents[2]", "parents[3]", "parents[4]", "os.environ.get(", "getenv("):
            if needle in source:
                offenders.append(f"{path.relative_to(ENGINE)}: {needle}")
    assert offenders == []


def test_importing_the_engine_leaves_the_environment_alone():
    code = (
        "import importlib, json, os, pkgutil, liaison.engine as e\n"
        "before = dict(os.environ)\n"
        "for m in pkgutil.walk_packages(e.__path__, 'liaison.engine.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(json.dumps(sorted(set(os.environ.items()) ^ set(before.items()))))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
