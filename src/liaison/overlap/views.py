"""Pages of the overlap report, themes and the lead-MEA register."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liaison.core.errors import Invalid, NotFound
from liaison.decisions import permissions as decision_permissions
from liaison.overlap import selectors, services
from liaison.overlap.forms import LeadForm, PairFilterForm
from liaison.overlap.formula import WORTH
from liaison.overlap.pairs import pair_search, pairs_page
from liaison.overlap.permissions import lead_can_assign, lead_check_assign, overlap_check_run


def score_parse(raw: str | None) -> float | None:
    """Return a score filter in [0, 1], or None when absent or malformed."""
    try:
        value = float(raw) if raw not in (None, "") else None
    except ValueError:
        return None
    return None if value is None or not 0 <= value <= 1 else value


def pairs_context(request, *, run, theme_slug: str | None = None) -> dict:
    """Return the pairs part of a page: the filter form, the page of pairs, its paginator and the counts."""
    form = PairFilterForm(request.GET)
    query = form.query()
    if theme_slug is not None:
        query = replace(query, theme=theme_slug)
    search = pair_search(user=request.user, run=run, query=query)
    page = Paginator(search.rows, form.per_page_value()).get_page(request.GET.get("page"))
    offset = (page.number - 1) * page.paginator.per_page
    pairs = pairs_page(user=request.user, search=search, offset=offset, limit=page.paginator.per_page)
    themes = {t.slug: getattr(t, "name", "") or t.label for t in selectors.theme_list(run=run)}
    for pair in pairs:
        pair.theme_labels = [(slug, themes.get(slug, slug)) for slug in pair.themes]
    left_out = 0
    if query.reading == WORTH:
        left_out = sum(n for reading, n in search.facets["reading"].items() if reading != WORTH)
    return {"pair_form": form, "query": query, "search": search, "page": page, "pairs": pairs,
            "theme_labels": themes, "facets": search.facets, "left_out": left_out,
            "fixed_theme": theme_slug is not None,
            # The pairs part is the same for every reader with the same decision filter: rendered once for them
            # (core/templatetags/fragments.py; the run, statuses and themes are data, so under the data version).
            # Read through the module, as decision_visible_to reads it: the key is always the filter's own.
            "fragment_keys": str(decision_permissions.decision_visibility(request.user))}


def report(request):
    run = selectors.run_latest_done()
    themes = selectors.theme_list(run=run)
    return render(request, "overlap/report.html", {
        "run": run, "latest": selectors.run_latest(), "themes": themes, "can_run": lead_can_assign(user=request.user),
        **pairs_context(request, run=run),
    })


def recompute(request):
    if request.method != "POST":
        return redirect("overlap:report")
    overlap_check_run(user=request.user)
    services.overlap_run_start(user=request.user, threshold=score_parse(request.POST.get("threshold")) or 0.85)
    messages.info(request, _("The overlap report is being recomputed; the bar shows its progress."))
    return redirect("overlap:report")


def theme_detail(request, slug: str):
    run = selectors.run_latest_done()
    theme = selectors.theme_get(run=run, slug=slug)
    if theme is None:
        raise NotFound(_("No such theme in the latest overlap report."))
    can_assign = lead_can_assign(user=request.user)
    form = LeadForm(request.POST or None, user=request.user) if can_assign else None
    if request.method == "POST":
        lead_check_assign(user=request.user, convention=None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.lead_assign(user=request.user, theme_slug=theme.slug, theme_label=theme.label,
                                     convention=data["convention"], rationale=data["rationale"],
                                     decision=data["decision"], meeting=data["meeting"])
            except Invalid as exc:
                for error in exc.errors or [{"field": None, "message": exc.detail}]:
                    form.add_error(error["field"] if error["field"] in form.fields else None, error["message"])
            else:
                messages.success(request, _("Lead recorded in the register."))
                return redirect("overlap:theme_detail", slug=slug)
    matrix = theme_matrix(theme)
    return render(request, "overlap/theme_detail.html", {
        "theme": theme, "form": form, "register": selectors.lead_list(theme_slug=theme.slug), "matrix": matrix,
        "show_names": can_assign,  # who recorded a lead is for secretariat staff, like a mandate's history
        **pairs_context(request, run=run, theme_slug=theme.slug),
    })


def theme_matrix(theme) -> list[dict]:
    """Return, per convention of a theme, its member paragraphs split into decision mandates and treaty text."""
    rows: dict[str, dict] = {}
    for m in theme.members:
        row = rows.setdefault(m["convention"], {"convention": m["convention"], "decisions": 0, "treaty": 0})
        row["treaty" if "treaty" in m.get("document", "") else "decisions"] += 1
    ranking = {r["convention"]: r for r in (theme.lead or {}).get("ranking", [])}
    for conv, row in rows.items():
        row["score"] = ranking.get(conv, {}).get("score")
    return sorted(rows.values(), key=lambda r: -(r["score"] or 0))


def leads(request):
    return render(request, "overlap/leads.html", {"register": selectors.lead_list(),
                                                  "show_names": lead_can_assign(user=request.user)})
