from django.contrib import admin

from liaison.catalogue.models import Body, Convention, Country, Membership, Organization, UnmappedCountryName

admin.site.register([Convention, Body, Country, Membership, Organization, UnmappedCountryName])
