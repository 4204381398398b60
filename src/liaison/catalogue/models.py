"""The public catalogue: conventions, their bodies, countries, memberships and organizations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Convention(models.Model):
    KINDS = [("convention", _("Convention")), ("agreement", _("Agreement")), ("protocol", _("Protocol")),
             ("platform", _("Platform"))]

    acronym = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=300)
    year = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=KINDS, default="convention")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    secretariat = models.CharField(max_length=200, blank=True)
    ieadb_id = models.CharField(max_length=16, blank=True)
    informea_code = models.CharField(max_length=64, blank=True)
    informea_uuid = models.CharField(max_length=64, blank=True)
    ecolex_id = models.CharField(max_length=32, blank=True)
    treaty_text_file = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["acronym"]

    def __str__(self) -> str:
        return self.acronym


class Body(models.Model):
    KINDS = [("cop", _("Governing body")), ("standing", _("Standing committee")), ("scientific", _("Scientific body")),
             ("subsidiary", _("Subsidiary body")), ("secretariat", _("Secretariat"))]

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="bodies")
    code = models.CharField(max_length=16)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=KINDS)

    class Meta:
        ordering = ["convention", "id"]
        constraints = [models.UniqueConstraint(fields=["convention", "code"], name="body_unique_code")]

    def __str__(self) -> str:
        return f"{self.convention.acronym} {self.name}"


class Country(models.Model):
    iso3 = models.CharField(max_length=3, unique=True)
    iso2 = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A country's relation to a convention, with the dates the IEADB gives."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="memberships")
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="memberships")
    name_as_written = models.CharField(max_length=200, blank=True)
    signature = models.DateField(null=True, blank=True)
    ratification = models.DateField(null=True, blank=True)
    entry_into_force = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=64, default="IEADB")

    class Meta:
        ordering = ["convention", "country__name"]
        constraints = [models.UniqueConstraint(fields=["country", "convention"], name="membership_unique")]

    @property
    def is_party(self) -> bool:
        return self.entry_into_force is not None or self.ratification is not None


class UnmappedCountryName(models.Model):
    """A country spelling in a data file that maps to no ISO 3166 code: kept, never dropped."""

    name = models.CharField(max_length=200)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, null=True, blank=True)
    source_file = models.CharField(max_length=200)
    reason = models.CharField(max_length=200)
    row = models.JSONField(default=dict)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "convention", "source_file"], name="unmapped_unique")]


class Organization(models.Model):
    KINDS = [("secretariat", _("Convention secretariat")), ("igo", _("Intergovernmental organization")),
             ("ngo", _("NGO / CSO")), ("private", _("Private sector")), ("academic", _("Academic")),
             ("government", _("Government"))]

    name = models.CharField(max_length=300, unique=True)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=16, choices=KINDS)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL)
    convention = models.ForeignKey(Convention, null=True, blank=True, on_delete=models.SET_NULL,
                                   help_text="For a secretariat: the convention it serves.")
    website = models.URLField(blank=True)
    former_names = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.acronym or self.name
