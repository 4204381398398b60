"""Two requests refreshing the same object's search documents at once (PostgreSQL): neither fails.

Found by benchmarks/bench_crash.py: concurrent PATCHes of mandates of one decision answered 500 with a
UniqueViolation on search_document_unique, because each request deleted and re-inserted the decision's documents
and under READ COMMITTED the second delete did not see the rows the first had inserted.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from liaison.decisions.models import Decision
from liaison.search.models import SearchDocument
from liaison.search.services import search_index_decision


@pytest.mark.django_db
def test_simultaneous_refreshes_of_one_decision_do_not_collide():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    before = SearchDocument.objects.filter(owner_type="decision", owner_id=decision.pk).count()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def refresh():
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                search_index_decision(decision_id=decision.pk)
                time.sleep(0.3)  # hold the transaction open while the other one runs
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever the thread met
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert SearchDocument.objects.filter(owner_type="decision", owner_id=decision.pk).count() == before > 0
