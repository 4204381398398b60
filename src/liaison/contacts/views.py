"""Pages of national focal-point contacts: a country's list, the add and edit form, delete, and the import
(upload, preview, confirm). Each write calls one service; a refused value shows the form again with why."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.catalogue.models import Convention
from liaison.catalogue.selectors import country_get
from liaison.contacts import selectors, services
from liaison.contacts.formats import FILE_MAX_BYTES, ROWS_MAX
from liaison.contacts.models import PRIVATE_ABLE, ContactRole
from liaison.contacts.permissions import (
    PARTY,
    contact_check_write,
    contact_get,
    contacts_can_add,
    contacts_can_import,
    contacts_check_import,
)
from liaison.core.errors import Conflict, Invalid, NotAllowed, TooLarge

ROLE_ROWS_EXTRA = 2  # blank role lines the form offers beyond the contact's own
TEXT_NAMES = ["prefix", "first_name", "last_name", "position", "institution", "department", "address", "email",
              "phone", "fax"]


def contact_list(request, iso3: str):
    country = country_get(iso3=iso3)
    return render(request, "contacts/list.html", {
        "country": country, "contacts": selectors.contacts_of(user=request.user, country=country),
        "can_add": contacts_can_add(user=request.user, country=country),
        "can_import": contacts_can_import(user=request.user) if request.user.is_authenticated else False})


def form_data(post) -> dict:
    """Return the service's input from the contact form's fields (roles as numbered lines)."""
    data: dict = {name: post.get(name, "") for name in TEXT_NAMES}
    data["primary"] = post.get("primary") == "on"
    data["public_fields"] = [f for f in post.getlist("public_fields") if f in PRIVATE_ABLE]
    roles = []
    for i in range(60):
        convention, kind = post.get(f"role_convention_{i}", ""), post.get(f"role_kind_{i}", "")
        if convention or kind:
            roles.append({"convention": convention, "kind": kind, "label": post.get(f"role_label_{i}", "")})
    data["roles"] = roles
    return data


def form_render(request, *, country, contact_row: dict | None, data: dict, error=None):
    conventions = Convention.objects.filter(memberships__country=country).filter(
        memberships__in=country.memberships.filter(PARTY)).distinct().order_by("acronym")
    roles = list(data.get("roles") or [])
    roles += [{"convention": "", "kind": "", "label": ""}] * ROLE_ROWS_EXTRA
    return render(request, "contacts/form.html", {
        "country": country, "contact": contact_row, "data": data, "roles": roles, "error": error,
        "error_messages": [f"{e['field']}: {e['message']}" for e in error.errors] if error else [],
        "conventions": conventions, "kinds": ContactRole.KINDS, "private_able": PRIVATE_ABLE,
    }, status=error.status if error else 200)


@login_required
def contact_new(request, iso3: str):
    country = country_get(iso3=iso3)
    if not contacts_can_add(user=request.user, country=country):
        raise NotAllowed(_("The contacts of a country are kept by its national focal points and by the "
                           "secretariats of the conventions it is party to."))
    if request.method == "POST":
        data = form_data(request.POST)
        try:
            services.contact_create(user=request.user, country=country, data=data)
        except Invalid as error:
            return form_render(request, country=country, contact_row=None, data=data, error=error)
        return redirect(reverse("contacts:list", args=[country.iso3]))
    return form_render(request, country=country, contact_row=None,
                       data={"public_fields": ["position", "institution", "department"], "roles": []})


@login_required
def contact_edit(request, contact_id: int):
    contact = contact_get(user=request.user, contact_id=contact_id)
    conventions = {r.convention_id for r in contact.roles.all()}
    contact_check_write(user=request.user, country=contact.country, before=conventions, after=conventions)
    [row] = [r for r in selectors.contacts_of(user=request.user, country=contact.country) if r["id"] == contact.pk]
    if request.method == "POST":
        data = form_data(request.POST)
        try:
            services.contact_update(user=request.user, contact=contact, data=data)
        except Invalid as error:
            return form_render(request, country=contact.country, contact_row=row, data=data, error=error)
        return redirect(reverse("contacts:list", args=[contact.country.iso3]) + f"#contact-{contact.pk}")
    data = {**{name: row[name] or "" for name in TEXT_NAMES}, "primary": row["primary"],
            "public_fields": row["public_fields"],
            "roles": [{"convention": r["convention"], "kind": r["kind"], "label": r["label"]} for r in row["roles"]]}
    return form_render(request, country=contact.country, contact_row=row, data=data)


@login_required
@require_POST
def contact_delete(request, contact_id: int):
    contact = contact_get(user=request.user, contact_id=contact_id)
    iso3 = contact.country.iso3
    services.contact_delete(user=request.user, contact=contact)
    return redirect(reverse("contacts:list", args=[iso3]))


@login_required
def contact_import(request):
    contacts_check_import(user=request.user)
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise Invalid(_("Choose a file."), errors=[{"field": "file", "message": _("Choose a file.")}])
            if (upload.size or 0) > FILE_MAX_BYTES:
                raise TooLarge(_("A contacts file is at most %(mb)d MB.") % {"mb": FILE_MAX_BYTES // 2**20})
            pending = services.contacts_import_preview(user=request.user, name=upload.name or "",
                                                       data=upload.read(FILE_MAX_BYTES + 1))
        except (Invalid, TooLarge) as exc:
            error = exc
        else:
            return redirect(reverse("contacts:import_preview", args=[pending.pk]))
    return render(request, "contacts/import.html", {"error": error, "max_mb": FILE_MAX_BYTES // 2**20,
                                                    "rows_max": ROWS_MAX},
                  status=error.status if error else 200)


@login_required
def contact_import_preview(request, import_id: int):
    pending = services.contact_import_get(user=request.user, import_id=import_id)
    return render(request, "contacts/import_preview.html", {"pending": pending, "rows": pending.rows})


@login_required
@require_POST
def contact_import_confirm(request, import_id: int):
    pending = services.contact_import_get(user=request.user, import_id=import_id)
    try:
        services.contacts_import_apply(user=request.user, pending=pending)
    except Conflict as error:
        return render(request, "contacts/import_preview.html", {"pending": pending, "rows": pending.rows,
                                                                "error": error}, status=409)
    return redirect(reverse("contacts:import_preview", args=[pending.pk]))
