"""Pages that belong to no single area: home, about the data, error pages."""

from django.shortcuts import render

from liaison.catalogue.selectors import catalogue_stats
from liaison.core.selectors import datasets_list


def home(request):
    return render(request, "core/home.html", {"stats": catalogue_stats()})


def about_data(request):
    from liaison.catalogue.selectors import countries_unmapped_list

    return render(
        request,
        "core/about_data.html",
        {"datasets": datasets_list(), "unmapped": countries_unmapped_list()},
    )


def search(request):
    """Journey 7: decisions in effect, targets, indicators and the parties of each convention, for a few words."""
    from django.db.models import Count, Q

    from liaison.catalogue.models import Convention
    from liaison.decisions.selectors import paragraph_search
    from liaison.frameworks.selectors import framework_search, targets_labelled, text_show

    q = (request.GET.get("q") or "").strip()[:200]
    paragraphs = list(paragraph_search(q=q)) if q else []
    found = framework_search(user=request.user, q=q) if q else {"targets": [], "indicators": []}
    lang = request.LANGUAGE_CODE
    targets_labelled(found["targets"], lang)
    for indicator in found["indicators"]:
        indicator.label = text_show(indicator.text, lang).text
    acronyms = {p.revision.decision.convention.acronym for p in paragraphs}
    acronyms |= {t.framework.convention.acronym for t in found["targets"] if getattr(t.framework, "convention", None)}
    conventions = Convention.objects.filter(acronym__in=acronyms).annotate(
        parties_count=Count("memberships", filter=Q(memberships__entry_into_force__isnull=False)
                            | Q(memberships__ratification__isnull=False), distinct=True))
    return render(request, "core/search.html", {"q": q, "paragraphs": paragraphs, "targets": found["targets"],
                                                "indicators": found["indicators"], "conventions": conventions})


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    return render(request, "core/500.html", status=500)
