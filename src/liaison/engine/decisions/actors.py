"""Actors: who a decision addresses, normalized against the shipped vocabulary."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "vocabularies" / "actors.json"


class ActorMatch(NamedTuple):
    code: str
    label: str
    kind: str
    start: int
    end: int


class _Actor(NamedTuple):
    code: str
    label: str
    kind: str
    regexes: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def actors_load() -> tuple[_Actor, ...]:
    """Return the actor vocabulary with its patterns compiled (cached: loaded once per process)."""
    data = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
    actors = []
    for entry in data["actors"]:
        regexes = [re.compile(p, re.IGNORECASE) for p in entry.get("patterns", [])]
        # Acronyms are case-sensitive so that "WHO" never matches the pronoun "who".
        regexes += [re.compile(p) for p in entry.get("acronyms", [])]
        actors.append(_Actor(entry["code"], entry["label"], entry["kind"], tuple(regexes)))
    return tuple(actors)


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return {actor.code: actor.label for actor in actors_load()}


def actor_label(code: str) -> str | None:
    """Return the label of an actor code, or None when the code is unknown."""
    return _labels().get(code)


def actors_find(phrase: str) -> list[ActorMatch]:
    """Return the actors named in a phrase, left to right, longest match first on overlaps."""
    candidates: list[ActorMatch] = []
    for actor in actors_load():
        for regex in actor.regexes:
            for match in regex.finditer(phrase):
                if match.end() > match.start():
                    candidates.append(ActorMatch(actor.code, actor.label, actor.kind, match.start(), match.end()))
    candidates.sort(key=lambda m: (m.start - m.end, m.start))
    chosen: list[ActorMatch] = []
    for candidate in candidates:
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    chosen.sort(key=lambda m: m.start)
    seen: set[str] = set()
    unique = []
    for match in chosen:
        if match.code not in seen:
            seen.add(match.code)
            unique.append(match)
    return unique
