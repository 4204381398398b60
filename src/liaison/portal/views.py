"""Pages that read every area at once: the home page and "about the data"."""

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from liaison.alerts.visits import visit_since
from liaison.catalogue.memberships import membership_sources_list
from liaison.catalogue.selectors import catalogue_stats, countries_unmapped_list
from liaison.core.selectors import datasets_list
from liaison.portal.selectors import home_for


def home(request):
    """The home page. Signed in, it is the person's own: what waits for them (portal.selectors.home_for).
    Anonymous, its body is the same for every reader (the counts are of public records), so it is a shared
    fragment and the counts are read only when it is not cached."""
    if request.user.is_authenticated:
        return render(request, "portal/home_personal.html", home_for(user=request.user, since=visit_since(request)))
    return render(request, "portal/home.html", {"stats": SimpleLazyObject(catalogue_stats)})


def about_data(request):
    return render(request, "portal/about_data.html",
                  {"datasets": datasets_list(), "unmapped": countries_unmapped_list(),
                   "party_sources": membership_sources_list()})
