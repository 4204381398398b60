"""Overlap among conventions' paragraphs (CMS Res. 11.10 para 20): near-duplicates, semantic
neighbours, cross-cutting themes and lead-MEA recommendations. Framework-free: numpy only.
"""

from liaison.engine.overlap.lead import lead_rank, lead_why
from liaison.engine.overlap.neighbours import (
    IvfIndex,
    ivf_build,
    neighbours_approximate,
    neighbours_brute,
    neighbours_exact,
    recall_at_k,
)
from liaison.engine.overlap.report import overlap_find, semantic_pairs
from liaison.engine.overlap.shingles import near_duplicates_find, signatures_compute, spans_shared
from liaison.engine.overlap.themes import (
    OTHER,
    components_find,
    theme_name,
    themes_group,
    themes_tag,
    vocabulary_load,
)
from liaison.engine.overlap.treaty import TREATY_FOLDER, treaty_mentions, treaty_units

__all__ = [
    "OTHER",
    "TREATY_FOLDER",
    "IvfIndex",
    "components_find",
    "ivf_build",
    "lead_rank",
    "lead_why",
    "near_duplicates_find",
    "neighbours_approximate",
    "neighbours_brute",
    "neighbours_exact",
    "overlap_find",
    "recall_at_k",
    "semantic_pairs",
    "signatures_compute",
    "spans_shared",
    "theme_name",
    "themes_group",
    "themes_tag",
    "treaty_mentions",
    "treaty_units",
    "vocabulary_load",
]
