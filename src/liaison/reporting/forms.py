"""Forms of the reporting pages: delegate a section, ask to reopen, import a questionnaire file."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class DelegationForm(forms.Form):
    section = forms.ModelChoiceField(queryset=None, label=_("Section"))
    username = forms.CharField(max_length=150, label=_("Colleague's account name"))

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = report.questionnaire.sections.filter(parent__isnull=True)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not get_user_model().objects.filter(username=username, is_active=True).exists():
            raise forms.ValidationError(_("No active account is named %(name)s.") % {"name": username})
        return username


class ReopenForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), min_length=3, max_length=5000,
                             label=_("Why should the report be reopened?"))


class QuestionnaireUploadForm(forms.Form):
    file = forms.FileField(label=_("Questionnaire file (JSON, Liaison questionnaire format)"),
                           help_text=_("At most 5 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 2**20:
            raise forms.ValidationError(_("A questionnaire file is at most 5 MB."))
        return upload
