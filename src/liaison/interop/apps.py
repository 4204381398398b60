from django.apps import AppConfig


class InteropConfig(AppConfig):
    """Exchange with InforMEA: its read API's shapes and OData options, and the harvester of its records."""

    name = "liaison.interop"
    label = "interop"
    verbose_name = "InforMEA exchange"

    def ready(self) -> None:
        from liaison.decisions.models import IngestBatch
        from liaison.decisions.signals import batch_published
        from liaison.interop.dtt_publish import on_batch_published

        # A batch harvested from the CBD DTT takes its paragraphs' statuses when it is published.
        batch_published.connect(on_batch_published, sender=IngestBatch, dispatch_uid="interop_dtt_statuses")
