"""Background tasks of decisions (django-tasks: the database backend in dev and prod, in-process in tests)."""

from __future__ import annotations

from django_tasks import task

from liaison.decisions.batches import batch_parse


@task()
def batch_parse_task(*, batch_id: int) -> str:
    """Parse the files of an uploaded batch and compute its preview; return the batch's state afterwards."""
    return batch_parse(batch_id=batch_id).state
