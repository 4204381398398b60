"""The folders the engine's tests pass to the engine: the checkout's data/ (the engine reads no path by itself)."""

from __future__ import annotations

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_DIR / "data"
MODELS_DIR = DATA_DIR / "models"
TREATY_DIR = DATA_DIR / "treaty_texts_nl_tractaten"
