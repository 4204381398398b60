"""How much each kind's score counts, the same on both engines."""

from __future__ import annotations

# Kinds that name one thing (a decision or a meeting by its symbol, a country) come before the texts that mention it:
# each engine's score is multiplied by these.
BOOSTS = {"decision": 3.0, "meeting": 3.0, "convention": 3.0, "country": 3.0, "organization": 2.0, "mandate": 0.7}


def boost_sql(table: str) -> str:
    """Return the SQL factor of BOOSTS for the kind column of `table`."""
    cases = " ".join(f"WHEN '{kind}' THEN {factor}" for kind, factor in BOOSTS.items())
    return f"(CASE {table}.kind {cases} ELSE 1.0 END)"
