"""Roles: what a person is in the conventions' world, scoped to a convention, a country or an organization."""

from django.conf import settings
from django.db import models


class Role(models.Model):
    SECRETARIAT = "secretariat"
    FOCAL_POINT = "focal_point"
    CONTRIBUTOR = "contributor"
    PARTNER = "partner"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    KINDS = [
        (SECRETARIAT, "Secretariat staff"),
        (FOCAL_POINT, "National focal point"),
        (CONTRIBUTOR, "National contributor"),
        (PARTNER, "Partner-organization member"),
        (REVIEWER, "Reviewer"),
        (ADMIN, "Administrator"),
    ]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=16, choices=KINDS)
    convention = models.ForeignKey("catalogue.Convention", null=True, blank=True, on_delete=models.CASCADE)
    country = models.ForeignKey("catalogue.Country", null=True, blank=True, on_delete=models.CASCADE)
    organization = models.ForeignKey("catalogue.Organization", null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "convention", "country", "organization"],
                                    name="role_unique", nulls_distinct=False),
        ]

    def __str__(self) -> str:
        scope = " ".join(str(x) for x in (self.convention, self.country, self.organization) if x)
        return f"{self.get_kind_display()} {scope}".strip()
