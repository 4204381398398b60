"""Background jobs of the overlap area (django-tasks: database backend in production, immediate in tests)."""

from django_tasks import task


@task()
def overlap_recompute(run_id: int) -> None:
    """Recompute the overlap report for the queued run `run_id`."""
    from liaison.overlap.services import overlap_run_execute

    overlap_run_execute(run_id=run_id)
