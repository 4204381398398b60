"""A country's national working groups: who is in them, and the log of their meetings and notes."""

from django.conf import settings
from django.db import models

# Longest texts a person may enter (the API schemas and the services apply the same bounds).
NAME_MAX = 200
DESCRIPTION_MAX = 5000
ROLE_MAX = 100
NOTE_MAX = 20000


class WorkingGroup(models.Model):
    """A national (biodiversity) working group of one country, managed by the country's focal points."""

    country = models.ForeignKey("catalogue.Country", on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(max_length=NAME_MAX)
    description = models.TextField(max_length=DESCRIPTION_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country__name", "name"]
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="working_group_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class WorkingGroupMember(models.Model):
    """A person in a working group, with the role they hold in it (chair, CMS focal point, ministry expert...)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_groups")
    role = models.CharField(max_length=ROLE_MAX, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "user__last_name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="working_group_member_unique")]


class WorkingGroupNote(models.Model):
    """One entry of a working group's log: a meeting's minutes or a note, dated by its author."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    date = models.DateField()
    text = models.TextField(max_length=NOTE_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-date", "-pk"]
