from django.contrib import admin

from liaison.accounts.models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "convention", "country", "organization")
    list_filter = ("kind", "convention")
