from django.contrib import admin

from liaison.accounts.models import ApiToken, LoginFailure, Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "convention", "country", "organization")
    list_filter = ("kind", "convention")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners; an administrator may only see and revoke them."""

    list_display = ("name", "user", "scope", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope",)
    readonly_fields = ("user", "name", "scope", "prefix", "secret_sha256", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("username", "address", "at")
    search_fields = ("username", "address")
