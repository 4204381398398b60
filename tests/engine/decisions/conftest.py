"""Fixtures: the real decision documents shipped in data/ and the project seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison.engine.decisions import document_parse

REPO = Path(__file__).resolve().parents[3]
DOCUMENTS = REPO / "data" / "decision_documents"
SEED_NAME = "cms_resolution_11.10_rev_cop12_synergies_partnerships.txt"
SEED_SHARED = REPO.parent / "shared" / "seeds" / "000_c6acac1bcad6eb65.txt"


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return (DOCUMENTS / SEED_NAME).read_bytes()


@pytest.fixture(scope="session")
def seed(seed_bytes) -> dict:
    return document_parse(seed_bytes, filename=SEED_NAME)


@pytest.fixture(scope="session")
def seed_paragraphs(seed) -> dict[str, dict]:
    return {p["number"]: p for p in seed["operative"]}


@pytest.fixture(scope="session")
def ipbes_pdf_bytes() -> bytes:
    return (DOCUMENTS / "ipbes_functions_operating_principles_2012.pdf").read_bytes()
