"""National focal-point contacts: who is a country's focal point or authority for which convention, and how to
reach them, with the fields the public may read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop  # marked for the catalogues; the pages translate labels

# Longest texts a person may enter (the API schemas, the forms and the import apply the same bounds).
SHORT_MAX = 200
ADDRESS_MAX = 1000
EMAIL_MAX = 254
PHONE_MAX = 60
LABEL_MAX = 200

# The fields whose readers are chosen per contact; name, country and roles are always public.
PRIVATE_ABLE = ("position", "institution", "department", "address", "email", "phone", "fax")
PUBLIC_DEFAULT = ["position", "institution", "department"]
# the form's names of those fields (the template shows `field|capfirst`, translated)
FIELD_LABELS = [gettext_noop("Position"), gettext_noop("Institution"), gettext_noop("Department"),
                gettext_noop("Address"), gettext_noop("Email"), gettext_noop("Phone"), gettext_noop("Fax")]


class Contact(models.Model):
    """A person who is a country's focal point or authority for one or more conventions."""

    country = models.ForeignKey("catalogue.Country", on_delete=models.CASCADE, related_name="contacts")
    prefix = models.CharField(max_length=40, blank=True)
    first_name = models.CharField(max_length=SHORT_MAX, blank=True)
    last_name = models.CharField(max_length=SHORT_MAX, blank=True)
    position = models.CharField(max_length=SHORT_MAX, blank=True)
    institution = models.CharField(max_length=SHORT_MAX, blank=True)
    department = models.CharField(max_length=SHORT_MAX, blank=True)
    address = models.TextField(max_length=ADDRESS_MAX, blank=True)
    email = models.CharField(max_length=EMAIL_MAX, blank=True)
    phone = models.CharField(max_length=PHONE_MAX, blank=True)
    fax = models.CharField(max_length=PHONE_MAX, blank=True)
    public_fields = models.JSONField(default=list, blank=True,
                                     help_text="Which of PRIVATE_ABLE everyone reads; the others are read by the "
                                               "country's people and its conventions' secretariats.")
    primary = models.BooleanField(default=False, help_text="InforMEA's primary: the main contact of its roles.")
    informea_id = models.CharField(max_length=SHORT_MAX, blank=True, db_index=True,
                                   help_text="The id of the InforMEA record it was imported from.")
    is_demo = models.BooleanField(default=False, help_text="Demo data (LIAISON_DEMO), not a real person.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country__name", "last_name", "first_name", "pk"]

    def __str__(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        # InforMEA holds contacts known only by their office ("Viceministro de Relaciones Exteriores")
        return " ".join(p for p in (self.prefix, name) if p) if name else (self.position or self.institution)


class ContactRole(models.Model):
    """One role of a contact for one convention (a protocol is a convention of its own)."""

    NFP, SCIENTIFIC, CITES_MA, CITES_SA, RAMSAR_AA, ABS_NFP, ABS_CNA, BIOSAFETY_NFP, BCH_NFP, CNA, OTHER = (
        "nfp", "scientific", "cites_ma", "cites_sa", "ramsar_aa", "abs_nfp", "abs_cna", "biosafety_nfp", "bch_nfp",
        "cna", "other")
    KINDS = [
        (NFP, gettext_noop("National focal point")),
        (SCIENTIFIC, gettext_noop("Scientific or technical focal point")),
        (CITES_MA, gettext_noop("CITES Management Authority")),
        (CITES_SA, gettext_noop("CITES Scientific Authority")),
        (RAMSAR_AA, gettext_noop("Ramsar Administrative Authority")),
        (ABS_NFP, gettext_noop("ABS national focal point")),
        (ABS_CNA, gettext_noop("ABS competent national authority")),
        (BIOSAFETY_NFP, gettext_noop("Biosafety national focal point")),
        (BCH_NFP, gettext_noop("Biosafety Clearing-House focal point")),
        (CNA, gettext_noop("Competent national authority")),
        (OTHER, gettext_noop("Other role")),
    ]

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="roles")
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.PROTECT, related_name="contact_roles")
    kind = models.CharField(max_length=16, choices=KINDS)
    label = models.CharField(max_length=LABEL_MAX, blank=True,
                             help_text="The role as its source words it (InforMEA: 'Cartagena Protocol Primary NFP').")

    class Meta:
        ordering = ["convention__acronym", "kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["contact", "convention", "kind"], name="contact_role_unique")]

    def __str__(self) -> str:
        return f"{self.convention} {self.get_kind_display()}"


class ContactImport(models.Model):
    """An uploaded contacts file read and checked, waiting for its uploader to confirm it (nothing stored before)."""

    file_name = models.CharField(max_length=200)
    rows = models.JSONField(default=list, help_text="The checked rows, as the services store them.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
