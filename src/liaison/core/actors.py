"""The system actor: who acts when no person does (data loaders, the command line, background jobs).

It is an explicit object, never a skipped check: services receive it like a user, permission checks let it
through by one named condition, and the audit trail records it by its label.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    """The operator of the server, acting through a loader, a command or a job named by `label`."""

    label: str = "system"
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_superuser: bool = False
    is_staff: bool = False
    is_active: bool = True
    pk: None = None
    id: None = None
    username: str = "system"

    @property
    def is_system(self) -> bool:
        return True

    def __str__(self) -> str:
        return f"system ({self.label})"


def actor_is_system(actor) -> bool:
    """Return True if `actor` is the system actor."""
    return isinstance(actor, SystemActor)


def system_actor(label: str) -> SystemActor:
    """Return the system actor acting through `label` (say "liaison load" or "task overlap_run")."""
    return SystemActor(label=label)
