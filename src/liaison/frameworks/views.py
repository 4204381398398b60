"""Pages of frameworks: browser, target, crosswalk, path, review queue, suggestions, synergies, import/export.

Thin: read the request, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liaison.core.errors import NotAllowed, NotFound
from liaison.engine.frameworks import FrameworkImportError
from liaison.frameworks import charts, selectors, services, shared, suggestions
from liaison.frameworks.crosswalk import crosswalk_matrix, synergy_influence, synergy_pairs, target_path
from liaison.frameworks.exports import CONTENT_TYPES, framework_export_bytes
from liaison.frameworks.forms import FrameworkImportForm, SuggestForm, SynergyForm
from liaison.frameworks.models import Indicator, Link
from liaison.frameworks.permissions import (
    framework_can_edit,
    framework_get_for_edit,
    framework_get_for_view,
    import_countries_for,
    target_visible_to,
    user_may_import,
    user_may_review,
)

ID_MAX = 2**63 - 1


def lang_current() -> str:
    return (get_language() or "en").split("-")[0]


def framework_list(request):
    return render(request, "frameworks/framework_list.html", {
        "frameworks": selectors.framework_list(user=request.user),
        "can_import": user_may_import(user=request.user), "can_review": user_may_review(user=request.user)})


def framework_detail(request, code: str):
    framework = framework_get_for_view(user=request.user, code=code)
    lang = lang_current()
    tree = selectors.framework_tree(framework=framework, lang=lang)
    rows = [i for g in tree for i in (*g["indicators"], *(i for t in g["targets"] for i in t["indicators"]))]
    harmonisation = shared.harmonisation_for(user=request.user, indicators=framework.indicators.all())
    for row in rows:
        row["h"] = harmonisation.get(row["obj"].pk)
    listed = shared.listings_count(user=request.user, framework_code=framework.code)
    return render(request, "frameworks/framework_detail.html", {
        "framework": framework, "tree": tree, "lang": lang, "listed": listed,
        "mea": next((row["h"]["listings"][0].mea for row in rows if row["h"]), ""),
        "can_edit": framework_can_edit(user=request.user, framework=framework)})


def indicator_detail(request, indicator_id: int):
    indicator = shared.indicator_get(user=request.user, indicator_id=indicator_id)
    lang = lang_current()
    found = shared.harmonisation_for(user=request.user, indicators=Indicator.objects.filter(pk=indicator.pk)
                                     ).get(indicator.pk)
    return render(request, "frameworks/indicator_detail.html", {
        "indicator": indicator, "text": selectors.text_show(indicator.text, lang), "lang": lang,
        "found": found, "harmonised": [{"obj": h, "categories": shared.categories(h)}
                                       for h in (found["harmonised"] if found else [])],
        "mea_labels": shared.MEA_LABELS})


def shared_indicators(request):
    filters = {name: (request.GET.get(name) or "").strip()[:shared.QUERY_MAX] for name in ("category", "mea", "q")}
    if filters["mea"] not in ("", *shared.MEA_LABELS):
        raise NotFound(_("No MEA list %(mea)s.") % {"mea": repr(filters["mea"])})
    sort = request.GET.get("sort") or "name"
    sort = sort if sort in shared.SORTS else "name"
    rows = shared.harmonised_filtered(user=request.user, **filters, shared=request.GET.get("shared") == "1",
                                      sort=sort)
    page = Paginator(rows, shared.PAGE_SIZE).get_page(request.GET.get("page"))
    cells = shared.harmonised_cells(user=request.user, harmonised=list(page.object_list))
    items = [{"obj": h, "categories": shared.categories(h), "cells": [cells[h.pk][mea] for mea in shared.MEA_LABELS]}
             for h in page.object_list]
    return render(request, "frameworks/shared_indicators.html", {
        "page": page, "items": items, "filters": filters, "sort": sort, "shared": request.GET.get("shared") == "1",
        "meas": list(shared.MEA_LABELS.items()), "categories": shared.categories_list(),
        "sorts": [("name", _("name")), ("meas", _("most lists first")), ("category", _("category"))],
        "toggle": {key: f"-{key}" if sort == key else key for key in ("name", "meas", "category")},
        "aria": {key: "ascending" if sort == key else "descending" if sort == f"-{key}" else "none"
                 for key in ("name", "category")} | {"meas": "descending" if sort == "meas" else
                                                        "ascending" if sort == "-meas" else "none"}})


def framework_export(request, code: str):
    framework = framework_get_for_view(user=request.user, code=code)
    fmt = request.GET.get("format", "csv")
    if fmt not in CONTENT_TYPES:
        raise NotFound(_("Export as csv, json or yaml."))
    data, content_type = framework_export_bytes(framework=framework, fmt=fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{framework.code}.{fmt}"'
    return response


@login_required
def framework_import(request):
    if not user_may_import(user=request.user):
        raise NotAllowed(_("Secretariat staff, administrators and national focal points import frameworks."))
    countries = import_countries_for(user=request.user)
    form = FrameworkImportForm(request.POST or None, request.FILES or None, countries=countries)
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            framework, state = services.framework_import(
                data=data["file"].read(), fmt=data["fmt"], user=request.user,
                country_iso3=data["country"].iso3 if data["country"] else None, published=data["published"])
        except FrameworkImportError as exc:
            problems = exc.problems
            form.add_error("file", _("%(n)d problem(s) in the file; nothing was imported.") % {"n": len(problems)})
        except NotAllowed as exc:
            form.add_error(None, exc.detail)
        else:
            message = _("%(code)s is unchanged.") if state == "unchanged" else _("%(code)s imported: %(n)d targets.")
            messages.success(request, message % {"code": framework.code, "n": framework.targets.count()})
            return redirect("frameworks:framework_detail", code=framework.code)
    return render(request, "frameworks/framework_import.html", {"form": form, "problems": problems})


def target_detail(request, target_id: int):
    target = selectors.target_get(user=request.user, target_id=target_id)
    lang = lang_current()
    return render(request, "frameworks/target_detail.html", {
        "target": target, "title": selectors.text_show(target.title, lang),
        "text": selectors.text_show(target.text, lang), "lang": lang,
        "indicators": [{"obj": i, "text": selectors.text_show(i.text, lang)}
                       for i in target.indicators.filter(retired_at__isnull=True)],
        "groups": selectors.target_links(user=request.user, target=target, lang=lang),
        "frameworks": selectors.framework_list(user=request.user)})


def crosswalk(request):
    frameworks = selectors.framework_list(user=request.user)
    codes = {f.code: f for f in frameworks}
    a = codes.get(request.GET.get("a") or "CMS-SPMS-2015-2023")
    b = codes.get(request.GET.get("b") or "AICHI")
    include_suggested = request.GET.get("suggested") == "1"
    matrix = crosswalk_matrix(user=request.user, a=a, b=b, include_suggested=include_suggested,
                                        lang=lang_current()) if a and b else None
    if matrix:
        for row in matrix["rows"]:
            for cell in row["cells"]:
                cell["colour"] = charts.heat_colour(cell["value"], direct=cell["direct"])
    return render(request, "frameworks/crosswalk.html", {
        "frameworks": frameworks, "a": a, "b": b, "matrix": matrix, "include_suggested": include_suggested,
        "lang": lang_current()})


def path(request):
    frameworks = selectors.framework_list(user=request.user)
    source = None
    hops = None
    to = request.GET.get("to") or "SDG"
    goal = (request.GET.get("goal") or "").strip()[:64]
    if request.GET.get("from"):
        raw = request.GET["from"].strip()
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= ID_MAX:
            raise NotFound(_("No such target."))
        source = selectors.target_get(user=request.user, target_id=int(raw))
        destination = framework_get_for_view(user=request.user, code=to[:64])
        hops = target_path(user=request.user, source=source, framework=destination,
                                     goal_code=goal or None, lang=lang_current())
    return render(request, "frameworks/path.html", {
        "frameworks": frameworks, "source": source, "to": to, "goal": goal, "hops": hops,
        "searched": source is not None, "lang": lang_current(),
        "targets": target_visible_to(request.user).filter(retired_at__isnull=True).select_related("framework")
        .order_by("framework__code", "order")})


@login_required
def review_queue(request):
    if not user_may_review(user=request.user):
        raise NotAllowed(_("Secretariat staff, reviewers, administrators and national focal points review links."))
    if request.method == "POST":
        state = {"accept": Link.ACCEPTED, "reject": Link.REJECTED}.get(request.POST.get("action", ""))
        ids = [int(v) for v in request.POST.getlist("link") if v.isascii() and v.isdigit() and len(v) < 19]
        if state is None or not ids:
            messages.error(request, _("Tick some links and choose accept or reject."))
        else:
            reviewed = services.links_review_bulk(user=request.user, link_ids=ids, state=state)
            done = _("%(n)d links accepted.") if state == Link.ACCEPTED else _("%(n)d links rejected.")
            messages.success(request, done % {"n": len(reviewed)})
        return redirect(request.get_full_path())
    source = request.GET.get("source") or None
    target = request.GET.get("target") or None
    return render(request, "frameworks/review_queue.html", {
        "rows": selectors.review_queue(user=request.user, source_framework=source, target_framework=target,
                                       lang=lang_current()),
        "frameworks": selectors.framework_list(user=request.user), "source": source, "target": target})


@login_required
def framework_suggest(request, code: str):
    framework = framework_get_for_edit(user=request.user, code=code)
    form = SuggestForm(request.POST or None, framework=framework,
                       initial={"against": list(suggestions.SUGGEST_AGAINST_DEFAULT)})
    if request.method == "POST" and form.is_valid():
        job = suggestions.suggest_job_start(user=request.user, framework=framework,
                                            against=[f.code for f in form.cleaned_data["against"]])
        return redirect("frameworks:job_detail", job_id=job.pk)
    return render(request, "frameworks/suggest.html", {
        "framework": framework, "form": form, "jobs": framework.suggest_jobs.all()[:10]})


def job_detail(request, job_id: int):
    job = selectors.job_get(user=request.user, job_id=job_id)
    return render(request, "frameworks/job_detail.html", {"job": job})


def synergies(request):
    frameworks = selectors.framework_list(user=request.user)
    codes = {f.code: f for f in frameworks}
    framework = codes.get(request.GET.get("framework") or "") or None
    form = SynergyForm(user=request.user, framework=framework)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = SynergyForm(request.POST, user=request.user, framework=framework)
        if form.is_valid():
            data = form.cleaned_data
            services.synergy_score_create(user=request.user, target_a=data["target_a"], target_b=data["target_b"],
                                          score=data["score"], evidence=data["evidence"],
                                          evidence_url=data["evidence_url"])
            messages.success(request, _("Score saved."))
            return redirect(request.get_full_path())
    influence = synergy_influence(user=request.user, framework=framework)
    nodes = [{"id": r["target"].pk, "label": f"{r['target'].framework.code} {r['target'].code}",
              "weight": r["out"]} for r in influence]
    edges = synergy_pairs(user=request.user, framework=framework)
    return render(request, "frameworks/synergies.html", {
        "form": form, "influence": influence, "frameworks": frameworks, "framework": framework,
        "network": charts.network_layout(nodes=nodes, edges=edges)})
