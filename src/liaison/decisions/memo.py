"""What a batch's ingest looks up many times and that does not change while it runs, read once per batch.

`remembered()` opens the memory for the block (batch_apply opens it around the files of a batch); `memo(name)`
is then that block's dict for `name` (conventions by acronym, actors by code), and None outside one, where
every caller reads the database as before. A nested block shares the outer one's memory.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_state = threading.local()


@contextmanager
def remembered() -> Iterator[None]:
    """Remember lookups (see `memo`) until the block ends."""
    if getattr(_state, "memory", None) is not None:
        yield
        return
    _state.memory = {}
    try:
        yield
    finally:
        _state.memory = None


def memo(name: str) -> dict | None:
    """Return the open block's dict for `name`, or None when no block is open."""
    memory = getattr(_state, "memory", None)
    return None if memory is None else memory.setdefault(name, {})
