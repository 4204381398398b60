"""Pages that read every area at once: the home page and "about the data"."""

from django.shortcuts import render

from liaison.catalogue.selectors import catalogue_stats, countries_unmapped_list
from liaison.core.selectors import datasets_list


def home(request):
    return render(request, "portal/home.html", {"stats": catalogue_stats()})


def about_data(request):
    return render(request, "portal/about_data.html",
                  {"datasets": datasets_list(), "unmapped": countries_unmapped_list()})
