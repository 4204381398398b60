"""`liaison ingest --publish`: the batch is applied once, as creating it then publishing it does."""

from argparse import Namespace
from collections import Counter

import pytest

TEXT = ("RESOLUTION {number}\nTEST\nThe Conference of the Parties to the Convention on the Conservation of Migratory "
        "Species of Wild Animals\n1. Requests the Secretariat to report on the flyways by 2026;\n"
        "2. Urges Parties to protect wetlands and to report to the Standing Committee;\n")


def record_counts() -> Counter:
    """Count the rows an ingest writes: decisions, revisions, paragraphs, mandates, batches, audit events by action."""
    from liaison.core.models import AuditEvent
    from liaison.decisions.models import (
        Decision,
        DecisionRevision,
        IngestBatch,
        IngestFile,
        Mandate,
        Paragraph,
    )

    counts = Counter({model.__name__: model.objects.count()
                      for model in (Decision, DecisionRevision, Paragraph, Mandate, IngestBatch, IngestFile)})
    for action, object_type in AuditEvent.objects.values_list("action", "object_type"):
        counts[f"audit {action} {object_type}"] += 1
    return counts


def counts_delta(before: Counter, after: Counter) -> dict:
    return {k: after[k] - before[k] for k in set(before) | set(after) if after[k] != before[k]}


@pytest.mark.django_db
def test_ingest_publish_applies_the_batch_once(tmp_path, capsys):
    from liaison.cli.ingest import run
    from liaison.core.actors import system_actor
    from liaison.decisions.batches import batch_create, batch_publish

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(TEXT.format(number="14.91"), encoding="utf-8")
    second.write_text(TEXT.format(number="14.92"), encoding="utf-8")

    before = record_counts()
    assert run(Namespace(paths=[str(first)], convention="CMS", number=None, kind=None, revision="", publish=True)) == 0
    by_cli = counts_delta(before, record_counts())
    assert "stored" in capsys.readouterr().out

    before = record_counts()
    actor = system_actor("liaison ingest")
    batch = batch_create(user=actor, files=[(second.name, second.read_bytes())], convention="CMS",
                         label="liaison ingest")
    batch_publish(user=actor, batch=batch)
    by_steps = counts_delta(before, record_counts())

    assert by_cli == by_steps
    assert by_cli["Decision"] == 1 and by_cli["DecisionRevision"] == 1 and by_cli["IngestBatch"] == 1
    assert by_cli["audit publish decisions.ingestbatch"] == 1
