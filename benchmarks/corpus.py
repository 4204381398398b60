"""Scale corpora for the overlap benchmarks, built from the real texts in data/, with planted duplicates.

Not part of the engine (the app builds its corpus from the database: overlap.selectors); the
benchmark scripts beside this file and the engine's recall tests import it.

Method. Base paragraphs are the English treaty units (articles, paragraphs, sub-paragraphs) of
the conventions on hand, the paragraphs of the decision documents, and the GBF, Aichi and SDG
target texts. A generated *original* paragraph splices two or three word windows cut from random
base paragraphs, so originals are new texts in the register of the real ones and rarely resemble
each other. A *planted duplicate* is a perturbed copy of an earlier original: word swaps,
synonym-ish replacements of treaty vocabulary, sentence reorder, truncation and convention-name
swaps; most copies are given to another convention (cross-convention overlap), the rest to the
same one (internal duplication). Their positions are returned, so detection recall is measurable.

For a million-vector semantic benchmark, `vectors_perturb` makes vectors without text: each is a
real embedding of a base text plus isotropic Gaussian noise (some mix two bases, as splices do),
renormalized. That keeps a clustered, embedding-like geometry at a cost of seconds; it is not the
geometry of a million real paragraphs, and the benchmark says so.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from liaison.engine.overlap.treaty import TREATY_FILES, TREATY_FOLDER, treaty_units

# The checkout's data/ (as benchmarks/paths.py says; repeated so the engine's tests can load this file alone).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# Convention of each treaty file prefix, as the corpus names it.
TREATY_CONVENTIONS = {
    "CBD": "CBD",
    "CITES": "CITES",
    "CMS": "CMS",
    "Ramsar": "Ramsar",
    "World_Heritage": "WHC",
    "ICRW": "IWC",
    "ITPGRFA": "ITPGRFA",
    "UNCCD": "UNCCD",
    "AEWA": "AEWA",
    "ASCOBANS": "ASCOBANS",
    "EUROBATS": "EUROBATS",
    "Bern_Convention": "Bern",
    "Cartagena_Protocol": "Cartagena",
    "Nagoya_Protocol": "Nagoya",
}
CONVENTION_NAMES = {
    "CMS": "Convention on Migratory Species",
    "CBD": "Convention on Biological Diversity",
    "Ramsar": "Ramsar Convention",
    "CITES": "CITES",
    "WHC": "World Heritage Convention",
}
# Replacements a drafter makes between two versions of the same request.
SYNONYMS = {
    "requests": "invites",
    "invites": "encourages",
    "urges": "calls upon",
    "encourages": "urges",
    "parties": "Contracting Parties",
    "secretariat": "Executive Secretary",
    "conservation": "protection",
    "protection": "conservation",
    "species": "taxa",
    "shall": "should",
    "cooperate": "collaborate",
    "cooperation": "collaboration",
    "develop": "prepare",
    "implementation": "application",
    "measures": "actions",
    "report": "inform",
    "ensure": "make sure",
    "appropriate": "relevant",
    "relevant": "pertinent",
    "habitats": "habitat",
}
PERTURBATIONS = ("swap", "synonym", "reorder", "truncate", "rename")
_MIN_WORDS = 8


def _prose(text: str) -> bool:
    """Whether a unit is running text, not a species table or a signature line."""
    words = text.split()
    if len(words) < _MIN_WORDS or "---" in text or "|" in text:
        return False
    return sum(w.isalpha() and w.islower() for w in words) >= 0.5 * len(words)


def _clean(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # markdown links keep their label
    text = re.sub(r"[*_`#|]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=2)
def corpus_bases(data_dir: str | Path = DATA_DIR) -> tuple[dict, ...]:
    """Return the real base paragraphs on hand: {text, convention, document, year}."""
    root = Path(data_dir)
    bases: list[dict] = []
    for prefix, conv in TREATY_CONVENTIONS.items():
        if prefix not in TREATY_FILES.values():
            continue
        for ref, text in treaty_units(conv, root / TREATY_FOLDER) or ():
            if _prose(text):
                text = _clean(text)
                bases.append({"text": text, "convention": conv, "document": f"{conv} treaty {ref}", "year": None})
    decisions = root / "decision_documents"
    for path in sorted(decisions.glob("*.txt")) + sorted(decisions.glob("*.md")):
        conv = "CMS" if "cms" in path.name else "IPBES"
        for block in re.split(r"\n\s*\n|</p>|</span>\s*<span class=\"akn-paragraph", path.read_text(encoding="utf-8")):
            text = _clean(block)
            if _prose(text):
                bases.append({"text": text, "convention": conv, "document": path.stem, "year": 2017 if conv == "CMS" else 2012})
    targets = root / "cbd_targets"
    for t in json.loads((targets / "gbf_targets.json").read_text(encoding="utf-8")):
        desc = t.get("description")
        text = _clean(desc.get("en", "") if isinstance(desc, dict) else str(desc or ""))
        if text:
            bases.append({"text": text, "convention": "CBD", "document": t.get("identifier", "GBF"), "year": 2022})
    for t in json.loads((targets / "aichi_targets_short.json").read_text(encoding="utf-8")):
        bases.append({"text": _clean(t["description"]), "convention": "CBD", "document": f"Aichi {t.get('index')}", "year": 2010})
    sdg = root / "sdg_open_sdg" / "en" / "global_targets.yml"
    if sdg.is_file():
        import yaml

        for key, text in (yaml.safe_load(sdg.read_text(encoding="utf-8")) or {}).items():
            if isinstance(text, str) and len(text.split()) >= _MIN_WORDS:
                bases.append({"text": _clean(text), "convention": "SDG", "document": f"SDG {key}", "year": 2015})
    return tuple(bases)


def text_perturb(text: str, rng: np.random.Generator, ops: tuple[str, ...]) -> str:
    """Return the text changed by the named perturbations (see PERTURBATIONS)."""
    words = text.split()
    if "reorder" in ops:
        sentences = [s for s in re.split(r"(?<=[.;:])\s+", " ".join(words)) if s]
        if len(sentences) > 1:
            sentences = [sentences[i] for i in rng.permutation(len(sentences))]
        words = " ".join(sentences).split()
    if "synonym" in ops and words:
        for pos in rng.choice(len(words), size=max(1, len(words) // 12), replace=False):
            key = words[pos].lower().strip(".,;:")
            if key in SYNONYMS:
                words[pos] = SYNONYMS[key]
    if "swap" in ops and len(words) > 3:
        for pos in rng.choice(len(words) - 1, size=max(1, len(words) // 25), replace=False):
            words[pos], words[pos + 1] = words[pos + 1], words[pos]
    if "truncate" in ops and len(words) > 12:
        words = words[: int(len(words) * rng.uniform(0.75, 0.92))]
    out = " ".join(words)
    if "rename" in ops:
        names = list(CONVENTION_NAMES.values())
        for name in names:
            if name in out:
                out = out.replace(name, names[int(rng.integers(len(names)))])
    return out


def corpus_generate(
    n: int,
    *,
    seed: int = 0,
    duplicate_rate: float = 0.1,
    cross_rate: float = 0.7,
    data_dir: str | Path = DATA_DIR,
) -> tuple[list[dict], np.ndarray]:
    """Return (paragraphs, planted): n generated paragraphs and the (original, copy) rows of planted duplicates."""
    bases = corpus_bases(data_dir)
    rng = np.random.default_rng(seed)
    base_words = [b["text"].split() for b in bases]
    conventions = sorted({b["convention"] for b in bases if b["convention"] != "SDG"})
    n_copies = int(n * duplicate_rate)
    is_copy = np.zeros(n, dtype=bool)
    # Copies never sit in the first tenth, so each has earlier originals to copy from.
    if n >= 10:
        is_copy[rng.choice(np.arange(n // 10, n), size=min(n_copies, n - n // 10), replace=False)] = True
    # Draw every random choice of the originals in bulk; the loop below only slices and joins.
    pieces = rng.integers(2, 4, size=n)
    picks = rng.integers(0, len(bases), size=(n, 3))
    spans = rng.integers(10, 40, size=(n, 3))
    starts = rng.random((n, 3))
    years = rng.integers(1979, 2025, size=n)
    paragraphs: list[dict] = []
    originals: list[int] = []
    planted: list[tuple[int, int]] = []
    for i in range(n):
        if is_copy[i] and originals:
            src = originals[int(rng.integers(len(originals)))]
            ops = tuple(op for op in PERTURBATIONS if rng.random() < 0.4) or ("swap",)
            conv = paragraphs[src]["convention"]
            if rng.random() < cross_rate:
                others = [c for c in conventions if c != conv]
                conv = others[int(rng.integers(len(others)))]
            text = text_perturb(paragraphs[src]["text"], rng, ops)
            planted.append((src, i))
        else:
            chunks = []
            for p in range(pieces[i]):
                words = base_words[picks[i, p]]
                width = min(int(spans[i, p]), len(words))
                start = int(starts[i, p] * (len(words) - width + 1))
                chunks.append(" ".join(words[start : start + width]))
            text = " ".join(chunks)
            conv = bases[picks[i, 0]]["convention"]
            conv = conv if conv != "SDG" else conventions[int(picks[i, 1]) % len(conventions)]
            originals.append(i)
        paragraphs.append(
            {
                "document": f"{conv}/doc-{i // 20}",
                "convention": conv,
                "paragraph": str(i % 20 + 1),
                "text": text,
                "year": int(years[i]),
                "in_effect": True,
                "is_mandate": True,
            }
        )
    return paragraphs, np.asarray(planted, dtype=np.int64).reshape(-1, 2)


def vectors_perturb(
    base: np.ndarray, n: int, *, noise: tuple[float, float] = (0.2, 0.6), mix_rate: float = 0.3, seed: int = 0,
    dtype: type = np.float32,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (vectors float32 (n, dim) unit rows, parent base row of each): noisy copies of base vectors.

    The noise norm relative to the unit base is drawn in `noise`: 0.2 keeps a copy at cosine 0.98
    to its base, 0.6 at 0.86 (paraphrases of one paragraph measured 0.93-1.0 with the static
    encoder). A share `mix_rate` of rows first mix two bases, as spliced paragraphs do.
    Rows are made in blocks so that a million 256-d vectors need little more than their own 1 GB
    (512 MB with `dtype` float16, the storage the overlap engine accepts for large corpora).
    """
    base = np.ascontiguousarray(base, dtype=np.float32)
    rng = np.random.default_rng(seed)
    nb, dim = base.shape
    out = np.empty((n, dim), dtype=dtype)
    parent = rng.integers(0, nb, size=n)
    for r0 in range(0, n, 65536):
        r1 = min(n, r0 + 65536)
        m = r1 - r0
        block = base[parent[r0:r1]].copy()
        mixed = rng.random(m) < mix_rate
        other = base[rng.integers(0, nb, size=int(mixed.sum()))]
        weight = rng.uniform(0.5, 0.8, size=(int(mixed.sum()), 1)).astype(np.float32)
        block[mixed] = weight * block[mixed] + (1 - weight) * other
        sigma = rng.uniform(*noise, size=(m, 1)).astype(np.float32) / np.sqrt(dim, dtype=np.float32)
        block += sigma * rng.standard_normal((m, dim), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[r0:r1] = block
    return out, parent
