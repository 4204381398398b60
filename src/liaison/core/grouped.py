"""Follow-up work of many writes done once, at the end of the group, inside the writer's transaction.

A service that makes many writes to one object (an ingest stores a decision, saves it again, records audit events
for it and for each mandate it carries) opens a group; receivers that keep a derived copy current (the search
index) hand their work to `after_writes` under a key, and a key given again within the group is done once, when
the outermost group closes. The work runs before the writer's transaction ends, so the copy commits (or rolls
back) with the writes. Outside a group the work runs at once, as before. If the group's body raises, its pending
work is dropped: the writes it followed are being rolled back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

_state = threading.local()


@contextmanager
def writes_grouped(*, discard: bool = False) -> Iterator[None]:
    """Defer the work handed to `after_writes` until the outermost group closes; run each key's work once.

    `discard=True` drops the work instead: for writes about to be rolled back (a preview applied and undone).
    """
    pending: dict[Hashable, Callable[[], object]] | None = getattr(_state, "pending", None)
    if pending is not None:  # nested: the outermost group does the work
        yield
        return
    pending = _state.pending = {}
    try:
        yield
        while pending and not discard:  # work may hand over more work (it runs outside the group: at once)
            _state.pending = None
            key = next(iter(pending))
            work = pending.pop(key)
            work()
            _state.pending = pending
    finally:
        _state.pending = None


def after_writes(key: Hashable, work: Callable[[], object]) -> None:
    """Run `work` when the open group closes (once per key), or now when no group is open."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        work()
    else:
        pending.setdefault(key, work)


class _Each:
    """Pending work over the items collected under one key."""

    def __init__(self, work: Callable[[list], object]) -> None:
        self.work = work
        self.items: dict[Hashable, None] = {}  # insertion-ordered set

    def __call__(self) -> object:
        return self.work(list(self.items))


def after_writes_each(key: Hashable, item: Hashable, work: Callable[[list], object]) -> None:
    """Run `work(items)` once for every item given under `key` when the open group closes (each item once, in
    the order first given), or `work([item])` now when no group is open: many refreshes made as one."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        work([item])
        return
    each = pending.setdefault(key, _Each(work))
    if isinstance(each, _Each):
        each.items[item] = None
