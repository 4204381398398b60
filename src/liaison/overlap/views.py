"""Pages of the overlap report, themes and the lead-MEA register."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liaison.core.errors import Invalid, NotFound
from liaison.overlap import selectors, services
from liaison.overlap.forms import LeadForm
from liaison.overlap.permissions import lead_can_assign, lead_check_assign, overlap_check_run


def score_parse(raw: str | None) -> float | None:
    """Return a score filter in [0, 1], or None when absent or malformed."""
    try:
        value = float(raw) if raw not in (None, "") else None
    except ValueError:
        return None
    return None if value is None or not 0 <= value <= 1 else value


def report(request):
    run = selectors.run_latest_done()
    filters = {"convention": (request.GET.get("convention") or "")[:32] or None,
               "theme": (request.GET.get("theme") or "")[:120] or None,
               "min_score": score_parse(request.GET.get("min_score"))}
    internal = request.GET.get("internal") == "1"
    pairs = selectors.pair_list(run=run, cross=not internal, **filters)
    pairs = list(pairs[:150]) if hasattr(pairs, "filter") else pairs[:150]
    themes = selectors.theme_list(run=run)
    conventions = sorted({p.convention_a for p in pairs} | {p.convention_b for p in pairs} | set(
        c for t in themes for c in t.conventions))
    return render(request, "overlap/report.html", {
        "run": run, "latest": selectors.run_latest(), "pairs": pairs, "themes": themes, "filters": filters,
        "internal": internal, "conventions": conventions, "can_run": lead_can_assign(user=request.user),
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
        "pairs": selectors.pair_list(run=run, theme=theme.slug)[:100],
        "show_names": can_assign,  # who recorded a lead is for secretariat staff, like a mandate's history
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
