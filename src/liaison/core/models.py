"""Cross-cutting records: the audit trail of every change people make."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One change to one object: who, when, what (before and after)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # who acted when no person did: "system (liaison load)"; empty for people
    actor_label = models.CharField(max_length=128, blank=True, default="")
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"
