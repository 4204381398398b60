"""Alignment: rank the targets an item contributes to, mixing BM25 and embeddings, learning from reviews.

No Django here; items and targets are plain {"id", "text"} dicts. See docs/alignment.md.
"""

from liaison.engine.alignment.suggest import (
    SEMANTIC_WEIGHTS,
    context_clean,
    target_context_text,
    targets_suggest,
)

__all__ = ["SEMANTIC_WEIGHTS", "context_clean", "target_context_text", "targets_suggest"]
