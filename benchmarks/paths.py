"""Where the benchmarks find the shipped data: the checkout's data/ (they never run from an installed package).

The engine reads no path by itself; every benchmark passes these folders to it.
"""

from __future__ import annotations

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_DIR / "data"
MODELS_DIR = DATA_DIR / "models"
