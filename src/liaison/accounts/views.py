"""Account pages: sign-in (throttled), profile with personal API tokens, password change."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.forms import ApiTokenForm, ThrottledAuthenticationForm
from liaison.accounts.tokens import api_token_create, api_token_revoke, api_tokens_of
from liaison.core.errors import Invalid


class LoginView(auth_views.LoginView):
    """Django's sign-in page with our template; a throttled attempt answers 429 Too Many Requests."""

    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


def _profile_render(request, *, form=None, new_secret=None, status=200):
    return render(request, "accounts/profile.html", {
        "roles": request.user.roles.select_related("convention", "country", "organization"),
        "tokens": api_tokens_of(user=request.user),
        "token_form": form or ApiTokenForm(),
        "new_secret": new_secret,
    }, status=status)


@login_required
def profile(request):
    return _profile_render(request)


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile_render(request, form=form, status=422)
    try:
        token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"],
                                         scope=form.cleaned_data["scope"])
    except Invalid as exc:
        for err in exc.errors:
            form.add_error(err["field"] if err["field"] in form.fields else None, err["message"])
        return _profile_render(request, form=form, status=422)
    # the secret is in this one answer only: it is not stored, so it cannot be shown again
    return _profile_render(request, new_secret={"token": token, "secret": secret}, status=201)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = api_token_revoke(user=request.user, token_id=token_id)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:profile")
