"""The mandate tracker: one line per mandate, filters in the address, grouping, bulk changes and a CSV export."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.accounts.models import Role
from liaison.core.csvsafe import csv_cell_safe
from liaison.core.errors import Invalid, NotSignedIn
from liaison.decisions import selectors, services
from liaison.decisions.models import Mandate
from liaison.decisions.permissions import decision_visibility, mandate_get_for_edit
from liaison.decisions.views import id_param, text_param

PER_PAGE = 50
GROUPS = {"actor", "decision"}
BULK_MAX = 500  # ids in one bulk change: a page's worth, many times over
CSV_COLUMNS = ["convention", "decision", "paragraph", "addressee", "verb", "action", "deadline", "report_to",
               "status", "owner", "url"]


def tracker_filters(request) -> dict:
    """Return the tracker's filters read from the address; Invalid (422) for ids that cannot be ids."""
    group = request.GET.get("group") or None
    return {
        "convention": text_param(request, "convention"),
        "decision_id": id_param(request, "decision"),
        "actor": text_param(request, "actor"),
        "status": text_param(request, "status"),
        "owner_id": id_param(request, "owner"),
        "q": text_param(request, "q"),
        "group": group if group in GROUPS else None,
    }


def staff_owner_choices(user):
    """Return the people `user` may make owners of mandates: secretariat staff of the conventions they staff."""
    access = access_for(user)
    people = get_user_model().objects.filter(roles__kind=Role.SECRETARIAT)
    if not access.everything:
        people = people.filter(roles__convention_id__in=[c for c in access.secretariat if c is not None])
    return people.distinct().order_by("username")


def mandate_list(request):
    if request.method == "POST":
        return mandate_bulk_change(request)
    filters = tracker_filters(request)
    mandates = selectors.mandate_tracker(user=request.user, **filters)
    if request.GET.get("format") == "csv":
        return mandate_csv(request, mandates)
    page = Paginator(mandates, PER_PAGE).get_page(request.GET.get("page"))

    def actor_counts() -> list[dict]:
        counts = selectors.mandate_counts_by_actor(mandates=mandates.order_by())
        top = max((c["n"] for c in counts), default=1)
        return [{**c, "pct": round(100 * c["n"] / top)} for c in counts]

    access = access_for(request.user)
    staff = access.everything or bool(access.secretariat)
    return render(request, "decisions/mandate_list.html", {
        "page": page, "mandates": page.object_list, "total": page.paginator.count, "filters": filters,
        "actor_counts": SimpleLazyObject(actor_counts),  # read only when the side panel is not cached
        "actors": selectors.actor_list(user=request.user), "statuses": Mandate.STATUSES,
        "owners": selectors.mandate_owners(mandates=mandates),
        "conventions": selectors.mandate_conventions(user=request.user),
        "staff": staff, "owner_choices": staff_owner_choices(request.user) if staff else [],
        "bulk_statuses": [s for s in Mandate.STATUSES if s[0] != Mandate.SUPERSEDED],
        # The rows are a shared fragment: the same for every reader with the same filters, page, staff flag and
        # visibility condition on mandates (core/templatetags/fragments.py).
        "fragment_keys": str(decision_visibility(request.user, prefix="decision__")),
    })


def mandate_csv(request, mandates) -> HttpResponse:
    """Return the filtered mandates as CSV, every cell safe from spreadsheet formulas."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mandates.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for m in mandates.iterator(chunk_size=500):
        writer.writerow([csv_cell_safe(v) for v in (
            m.decision.convention.acronym, m.decision.number, m.paragraph.number, m.actor.label, m.verb, m.action,
            m.deadline, m.report_to, m.status, m.owner.get_username() if m.owner else "",
            request.build_absolute_uri(f"/mandates/{m.pk}/"))])
    return response


def bulk_ids(request) -> list[int]:
    """Return the mandate ids of a bulk change form; Invalid for anything that is not a list of ids."""
    raw = request.POST.getlist("ids")
    if not raw:
        raise Invalid(_("Choose at least one mandate."), errors=[{"field": "ids", "message": _("Choose at least one mandate.")}])
    if len(raw) > BULK_MAX or not all(v.isascii() and v.isdigit() and len(v) < 19 for v in raw):
        raise Invalid(_("The mandates chosen are not a list of ids."),
                      errors=[{"field": "ids", "message": _("At most %(n)d ids.") % {"n": BULK_MAX}}])
    return sorted({int(v) for v in raw})


def mandate_bulk_change(request):
    """Set the status and/or owner of the chosen mandates, each through `mandate_update` (which checks), all or
    none; back to the same filtered page."""
    if not request.user.is_authenticated:
        raise NotSignedIn(_("Sign in as secretariat staff to change mandates."))
    ids = bulk_ids(request)
    status = request.POST.get("status") or None
    if status is not None and status not in {s for s, _label in Mandate.STATUSES if s != Mandate.SUPERSEDED}:
        raise Invalid(_("Unknown status."), errors=[{"field": "status", "message": _("Unknown status.")}])
    owner = None
    owner_id = (request.POST.get("owner") or "").strip()
    if owner_id:
        owner = staff_owner_choices(request.user).filter(pk=int(owner_id) if owner_id.isdigit() else 0).first()
        if owner is None:
            raise Invalid(_("Unknown owner."), errors=[{"field": "owner", "message": _("Unknown owner.")}])
    if status is None and owner is None:
        raise Invalid(_("Choose a status or an owner."),
                      errors=[{"field": "status", "message": _("Choose a status or an owner.")}])
    owner_conventions = set(owner.roles.filter(kind=Role.SECRETARIAT).values_list("convention_id", flat=True)
                            ) if owner else set()
    with transaction.atomic():
        for mandate_id in ids:
            mandate = mandate_get_for_edit(user=request.user, mandate_id=mandate_id)
            if owner is not None and mandate.decision.convention_id not in owner_conventions:
                raise Invalid(_("%(name)s is not staff of the convention of every mandate chosen.")
                              % {"name": owner.get_username()},
                              errors=[{"field": "owner", "message": _("Not staff of that convention.")}])
            services.mandate_update(user=request.user, mandate=mandate, status=status, owner=owner)
    messages.success(request, _("%(n)d mandates changed.") % {"n": len(ids)})
    back = request.POST.get("back") or ""
    return redirect("/mandates/" + (back if back.startswith("?") else ""))
