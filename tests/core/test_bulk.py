"""core.bulk.rows_insert stores what bulk_create stores, ids in the order of the rows, across statements."""

import pytest

from liaison.catalogue.models import Convention
from liaison.core.bulk import rows_insert, rows_update
from liaison.core.models import AuditEvent
from liaison.decisions.models import Decision, DecisionRevision, Mandate, Paragraph

pytestmark = pytest.mark.django_db

COMPARED = ("revision_id", "kind", "order", "number", "lead", "text", "subparagraphs")


def paragraphs(revision, n: int, tag: str) -> list[Paragraph]:
    return [Paragraph(revision=revision, kind=Paragraph.OPERATIVE, order=i, number=f"{tag}{i}", lead="Requests",
                      text=f"Requests the Secretariat, « {tag} », to act {i}",
                      subparagraphs=[{"text": "a) ünïcode", "subparagraphs": []}] if i % 2 else [])
            for i in range(n)]


def test_rows_insert_stores_what_bulk_create_stores_with_ids_in_row_order():
    convention = Convention.objects.get(acronym="CMS")
    decision = Decision.objects.create(convention=convention, number="99.1", title="Bulk")
    revision = DecisionRevision.objects.create(decision=decision, content_hash="bulk-test", source_name="t.txt",
                                               source_format="txt")
    n = 150  # more than one statement of 999 variables (7 columns: 142 rows a statement)
    ours = rows_insert(Paragraph, paragraphs(revision, n, "r"))
    theirs = Paragraph.objects.bulk_create(paragraphs(revision, n, "b"))
    assert [p.pk for p in ours] == sorted(p.pk for p in ours) and len({p.pk for p in ours}) == n
    stored = {p.pk: p for p in Paragraph.objects.filter(revision=revision)}
    for mine, django in zip(ours, theirs, strict=True):
        a, b = stored[mine.pk], stored[django.pk]
        assert a.number == mine.number and not mine._state.adding
        assert [getattr(a, c) for c in COMPARED if c != "number" and c != "text"] == \
               [getattr(b, c) for c in COMPARED if c != "number" and c != "text"]
        assert a.text.replace("« r »", "« b »") == b.text


def test_rows_insert_fills_auto_now_dates_and_json_as_save_does():
    events = rows_insert(AuditEvent, [AuditEvent(actor_label="system (test)", action="bulk", object_type="x.y",
                                                 object_id=str(i), changes={"n": i, "é": [1, None]})
                                      for i in range(3)])
    stored = list(AuditEvent.objects.filter(action="bulk").order_by("id"))
    assert [e.pk for e in stored] == [e.pk for e in events]
    assert [e.changes for e in stored] == [{"n": i, "é": [1, None]} for i in range(3)]
    assert all(e.created_at is not None and e.created_at == s.created_at for e, s in zip(events, stored, strict=True))


def test_rows_insert_of_mandates_keeps_foreign_keys_and_booleans():
    decision = Decision.objects.filter(has_text=True).first()
    paragraph = Paragraph.objects.filter(revision__decision=decision).first()
    actor = Mandate.objects.filter(decision=decision).first().actor
    [mandate] = rows_insert(Mandate, [Mandate(decision=decision, paragraph=paragraph, actor=actor, verb="urges",
                                              action="act", unresolved=True, corrected=False)])
    stored = Mandate.objects.get(pk=mandate.pk)
    assert (stored.decision_id, stored.paragraph_id, stored.actor_id) == (decision.pk, paragraph.pk, actor.pk)
    assert stored.unresolved is True and stored.corrected is False and stored.status == Mandate.OPEN
    assert stored.created_at is not None and stored.updated_at is not None


def test_rows_update_writes_what_save_writes_and_only_the_fields_named():
    events = rows_insert(AuditEvent, [AuditEvent(actor_label="system (test)", action="bulk", object_type="x.y",
                                                 object_id=str(i), changes={"n": i}) for i in range(3)])
    events[0].changes, events[1].changes, events[1].object_id = {"é": [1, None]}, [], "not written"
    assert rows_update(AuditEvent, events[:2], ["changes"]) == 2
    stored = {e.pk: e for e in AuditEvent.objects.filter(action="bulk")}
    assert stored[events[0].pk].changes == {"é": [1, None]} and stored[events[1].pk].changes == []
    assert stored[events[1].pk].object_id == "1"  # a field not named is left as it was
    assert stored[events[2].pk].changes == {"n": 2}  # a row not given is left as it was
    assert stored[events[0].pk].created_at == events[0].created_at  # auto_now_add kept on an update
