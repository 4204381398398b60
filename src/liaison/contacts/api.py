"""JSON API of national focal-point contacts: a country's list, create, change, delete, and import a file."""

from __future__ import annotations

from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import Field

from liaison.catalogue.selectors import country_get
from liaison.contacts import selectors, services
from liaison.contacts.formats import FILE_MAX_BYTES
from liaison.contacts.models import ADDRESS_MAX, EMAIL_MAX, LABEL_MAX, PHONE_MAX, SHORT_MAX
from liaison.contacts.permissions import contact_get, contacts_can_add
from liaison.core.apiauth import django_auth
from liaison.core.schemas import ErrorOut

router = Router(tags=["contacts"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 413, 422)}


class ContactRoleOut(Schema):
    convention: str
    kind: str
    kind_label: str
    label: str


class ContactOut(Schema):
    id: int
    country: str
    prefix: str
    first_name: str
    last_name: str
    name: str
    position: str | None = Field(description="None when the reader may not see it (not public)")
    institution: str | None
    department: str | None
    address: str | None
    email: str | None
    phone: str | None
    fax: str | None
    public_fields: list[str]
    primary: bool
    is_demo: bool = Field(description="Demo data (LIAISON_DEMO), not a real focal point")
    informea_id: str
    editable: bool
    edit_url: str | None
    private_shown: bool
    roles: list[ContactRoleOut]


class ContactListOut(Schema):
    country: str
    can_add: bool
    contacts: list[ContactOut]


class ContactRoleIn(Schema):
    convention: str = Field(..., max_length=64, description="Acronym or InforMEA code: CBD, cites, cartagena...")
    kind: str = Field(..., max_length=16, description="nfp, scientific, cites_ma, cites_sa, ramsar_aa, abs_nfp, "
                                                      "abs_cna, biosafety_nfp, bch_nfp, cna, other")
    label: str = Field("", max_length=LABEL_MAX, description="The role as the convention words it")


class ContactIn(Schema):
    prefix: str = Field("", max_length=40)
    first_name: str = Field("", max_length=SHORT_MAX)
    last_name: str = Field("", max_length=SHORT_MAX)
    position: str = Field("", max_length=SHORT_MAX)
    institution: str = Field("", max_length=SHORT_MAX)
    department: str = Field("", max_length=SHORT_MAX)
    address: str = Field("", max_length=ADDRESS_MAX)
    email: str = Field("", max_length=EMAIL_MAX)
    phone: str = Field("", max_length=PHONE_MAX)
    fax: str = Field("", max_length=PHONE_MAX)
    primary: bool = False
    public_fields: list[str] = Field(default_factory=list, max_length=10,
                                     description="Which of position, institution, department, address, email, "
                                                 "phone, fax everyone reads")
    roles: list[ContactRoleIn] = Field(..., max_length=50)


class ContactDeletedOut(Schema):
    deleted: int


class ContactImportRowOut(Schema):
    row: int
    name: str
    country: str
    action: str  # create or update
    roles: list[str]


class ContactImportOut(Schema):
    id: int
    file_name: str
    applied: bool
    rows: list[ContactImportRowOut]


class ContactImportResultOut(Schema):
    id: int
    created: int
    updated: int


def contact_out(request, contact) -> dict:
    [row] = [r for r in selectors.contacts_of(user=request.user, country=contact.country) if r["id"] == contact.pk]
    return row


@router.get("/countries/{iso3}/contacts", response={200: ContactListOut, **ERRORS},
            description="The national focal points and authorities of every convention for a country. Everyone "
                        "reads names, roles and the fields made public; the country's people, the secretariats "
                        "of its conventions and administrators read every field (others are null).")
def contact_list(request, iso3: str):
    country = country_get(iso3=iso3)
    return {"country": country.iso3, "can_add": contacts_can_add(user=request.user, country=country),
            "contacts": selectors.contacts_of(user=request.user, country=country)}


@router.post("/countries/{iso3}/contacts", response={201: ContactOut, **ERRORS}, auth=django_auth,
             description="Add a contact (the country's focal points; staff of a convention for its roles). 422 "
                         "lists every field that is wrong.")
def contact_create(request, iso3: str, payload: ContactIn):
    contact = services.contact_create(user=request.user, country=country_get(iso3=iso3), data=payload.dict())
    return Status(201, contact_out(request, contact))


@router.put("/contacts/{int:contact_id}", response={200: ContactOut, **ERRORS}, auth=django_auth,
            description="Replace a contact's fields and roles (same checks as adding; staff add or remove roles "
                        "of their conventions only).")
def contact_update(request, contact_id: int, payload: ContactIn):
    contact = contact_get(user=request.user, contact_id=contact_id)
    contact = services.contact_update(user=request.user, contact=contact, data=payload.dict())
    return contact_out(request, contact)


@router.delete("/contacts/{int:contact_id}", response={200: ContactDeletedOut, **ERRORS}, auth=django_auth,
               description="Delete a contact (audited with what it held).")
def contact_delete(request, contact_id: int):
    services.contact_delete(user=request.user, contact=contact_get(user=request.user, contact_id=contact_id))
    return {"deleted": contact_id}


def import_out(pending) -> dict:
    return {"id": pending.pk, "file_name": pending.file_name, "applied": pending.applied_at is not None,
            "rows": [{"row": i, "name": " ".join(p for p in (r.get("first_name"), r.get("last_name")) if p),
                      "country": r.get("country_code", ""), "action": "update" if r["contact_id"] else "create",
                      "roles": [f"{role['acronym']} {role['kind']}" for role in r["roles"]]}
                     for i, r in enumerate(pending.rows, start=1)]}


@router.post("/contacts/imports", response={201: ContactImportOut, **ERRORS}, auth=django_auth,
             description="Read a contacts file (InforMEA Contacts JSON, or CSV; at most 2 MB and 5,000 contacts) "
                         "into an import to confirm. 422 lists every bad row and stores nothing; 413 when larger.")
def contact_import_preview(request, file: File[UploadedFile]):
    data = file.read(FILE_MAX_BYTES + 1)
    pending = services.contacts_import_preview(user=request.user, name=file.name or "", data=data)
    return Status(201, import_out(pending))


@router.post("/contacts/imports/{int:import_id}/confirm", response={200: ContactImportResultOut, **ERRORS},
             auth=django_auth, description="Store every row of a previewed import in one transaction (409 when "
                                           "confirmed already).")
def contact_import_confirm(request, import_id: int):
    pending = services.contact_import_get(user=request.user, import_id=import_id)
    result = services.contacts_import_apply(user=request.user, pending=pending)
    return {"id": pending.pk, **result}
