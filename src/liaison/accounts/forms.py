"""Account forms: sign-in with throttling, personal API tokens."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from liaison.accounts.models import ApiToken
from liaison.accounts.throttle import attempt_was_throttled, client_address, login_throttled


class ThrottledAuthenticationForm(AuthenticationForm):
    """The sign-in form, refusing every attempt with a clear message while the account or address cools down."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed sign-in attempts. Wait 15 minutes before trying again."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if login_throttled(username=username, address=client_address(self.request)):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            if attempt_was_throttled(self.request):  # the limit was reached between the check and now
                raise forms.ValidationError(self.error_messages["throttled"], code="throttled") from None
            raise

    @property
    def throttled(self) -> bool:
        return any(e.code == "throttled" for e in self.errors.as_data().get("__all__", []))


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. “national monitoring system”."))
    scope = forms.ChoiceField(label=_("Access"), choices=[(ApiToken.READ, _("Read only")),
                                                          (ApiToken.READ_WRITE, _("Read and write"))],
                              initial=ApiToken.READ)
