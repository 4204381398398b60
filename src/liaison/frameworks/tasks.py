"""Background tasks of frameworks (django-tasks: the database backend in dev and prod, in-process in tests)."""

from __future__ import annotations

from django_tasks import task

from liaison.frameworks.suggestions import suggest_job_run


@task()
def target_links_suggest_task(*, job_id: int) -> int:
    """Suggest the links of a recorded SuggestJob; return how many were stored."""
    return suggest_job_run(job_id=job_id)
