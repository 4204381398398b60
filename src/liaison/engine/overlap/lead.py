"""Lead-MEA recommendation for a cross-cutting theme, with a sentence that explains it."""

from __future__ import annotations

import re
from pathlib import Path

from liaison.engine.overlap.treaty import treaty_mentions

# Weights of the three grounds; the mandates a COP has actually given weigh most, the treaty
# text says whether the issue is in the convention's scope at all, recency breaks near-ties.
WEIGHT_MANDATES = 0.6
WEIGHT_TREATY = 0.25
WEIGHT_RECENCY = 0.15
# A mandate this many years older than the most recent one on the theme adds nothing to recency.
RECENCY_SPAN = 20

def _refs_phrase(refs: list[str]) -> str:
    """Return "Article 8(h)", "Articles 8(h) and 9", "the preamble and Article 2", "... (and 4 other provisions)"."""
    articles = [r for r in refs if r.startswith("Article ")]
    others = [r for r in refs if not r.startswith("Article ")]
    shown = (articles + others)[:3]
    parts = []
    shown_articles = [r.removeprefix("Article ") for r in shown if r.startswith("Article ")]
    if shown_articles:
        parts.append(("Article " if len(shown_articles) == 1 else "Articles ") + _and_join(shown_articles))
    parts.extend(r for r in shown if not r.startswith("Article "))
    phrase = _and_join(parts)
    if len(refs) > len(shown):
        phrase += f" (and {len(refs) - len(shown)} other provisions)"
    return phrase


def _and_join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def lead_rank(
    label: str,
    pattern: re.Pattern | None,
    paragraphs: list[dict],
    tagged: list[bool],
    *,
    conventions: list[str] | None = None,
    treaty_dir: str | Path | None = None,
) -> dict:
    """Return the recommended lead convention on a theme: {convention, score, why, ranking}.

    `tagged[n]` says whether paragraph n is on the theme. Each convention is scored on its share of
    the in-effect mandates on the theme, whether its treaty text names the issue, and how recent
    its latest mandate on it is. With no `pattern` the treaty texts are not consulted (a theme the
    vocabulary does not know has no terms to look for), nor with no `treaty_dir` (the folder of the
    treaty texts, data/treaty_texts_nl_tractaten in the repository).
    """
    counts: dict[str, int] = {}
    latest: dict[str, int] = {}
    for para, on_theme in zip(paragraphs, tagged, strict=True):
        if not on_theme or not para.get("in_effect", True) or not para.get("is_mandate", True):
            continue
        conv = para["convention"]
        counts[conv] = counts.get(conv, 0) + 1
        year = para.get("year")
        if isinstance(year, int):
            latest[conv] = max(latest.get(conv, year), year)
    candidates = list(dict.fromkeys(list(conventions or []) + sorted(counts)))
    total = sum(counts.values())
    newest = max(latest.values()) if latest else None
    ranking: list[dict] = []
    for conv in candidates:
        refs = treaty_mentions(conv, pattern, treaty_dir) if pattern is not None and treaty_dir else None
        share = counts.get(conv, 0) / total if total else 0.0
        recency = 0.0
        if newest is not None and conv in latest:
            recency = max(0.0, 1.0 - (newest - latest[conv]) / RECENCY_SPAN)
        treaty = 1.0 if refs else 0.0
        score = WEIGHT_MANDATES * share + WEIGHT_TREATY * treaty + WEIGHT_RECENCY * recency
        ranking.append(
            {
                "convention": conv,
                "score": round(score, 4),
                "mandates": counts.get(conv, 0),
                "share": round(share, 4),
                "latest_year": latest.get(conv),
                "treaty_articles": refs,
            }
        )
    ranking.sort(key=lambda r: (-r["score"], -r["mandates"], r["convention"]))
    if not ranking:
        return {"convention": None, "score": 0.0, "why": f"No convention has a mandate on {label} in this corpus.", "ranking": []}
    best = ranking[0]
    why = lead_why(label, best, total, treaty_checked=pattern is not None and bool(treaty_dir))
    return {"convention": best["convention"], "score": best["score"], "why": why, "ranking": ranking}


def lead_why(label: str, row: dict, total: int, *, treaty_checked: bool = True) -> str:
    """Return the sentence a secretariat can paste into a document to justify the lead."""
    conv = row["convention"]
    if total and row["mandates"]:
        pct = round(100 * row["mandates"] / total)
        sentence = f"{conv} holds {row['mandates']} of the {total} in-effect mandates on {label} ({pct}%)"
        if row["latest_year"]:
            sentence += f", the most recent in {row['latest_year']}"
    elif total:
        sentence = f"{conv} holds none of the {total} in-effect mandates on {label}"
    else:
        sentence = f"No in-effect mandate on {label} is recorded for {conv}"
    refs = row["treaty_articles"]
    if not treaty_checked:
        tail = "."
    elif refs is None:
        tail = "; its treaty text is not on hand to check its scope."
    elif refs:
        tail = f"; its treaty text addresses the issue in {_refs_phrase(refs)}."
    else:
        tail = "; its treaty text does not name the issue."
    return sentence + tail
