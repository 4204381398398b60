"""Roles: what a person is in the conventions' world, scoped to a convention, a country or an organization."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.Model):
    SECRETARIAT = "secretariat"
    FOCAL_POINT = "focal_point"
    CONTRIBUTOR = "contributor"
    PARTNER = "partner"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    KINDS = [
        (SECRETARIAT, _("Secretariat staff")),
        (FOCAL_POINT, _("National focal point")),
        (CONTRIBUTOR, _("National contributor")),
        (PARTNER, _("Partner-organization member")),
        (REVIEWER, _("Reviewer")),
        (ADMIN, _("Administrator")),
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


class ApiToken(models.Model):
    """A personal API token: a script or a national system acting as its user, for reading or also writing.

    Only the sha256 of the secret is stored; the secret itself is shown once, when the token is created.
    """

    READ = "read"
    READ_WRITE = "read-write"
    SCOPES = [(READ, _("Read")), (READ_WRITE, _("Read and write"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=16, choices=SCOPES, default=READ)
    secret_sha256 = models.CharField(max_length=64, unique=True)
    # the first characters of the secret, so its owner can tell tokens apart; not enough to guess the rest
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def writes(self) -> bool:
        return self.scope == self.READ_WRITE


class LoginFailure(models.Model):
    """One wrong password, kept for the throttling window: counted per account and per address."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
