from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverlapConfig(AppConfig):
    name = "liaison.overlap"
    label = "overlap"
    verbose_name = "Overlap and lead MEAs"
    liaison_loaders = ["liaison.overlap.loaders.overlap_load"]
    nav = [(_("Overlap"), "overlap:report")]

    def ready(self):
        from liaison.decisions.signals import batch_published, decision_ingested

        decision_ingested.connect(overlap_on_decision, dispatch_uid="overlap_on_decision")
        batch_published.connect(overlap_on_decision, dispatch_uid="overlap_on_batch")  # one run per batch


def overlap_on_decision(sender, **kwargs) -> None:
    """Queue a recomputation once the new decision is committed (the system recomputes, whoever uploaded)."""
    from liaison.core.actors import system_actor
    from liaison.overlap.services import overlap_run_start

    overlap_run_start(user=system_actor("overlap after a decision was added"))
