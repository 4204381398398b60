"""Forms of the framework pages: import, suggestion runs, synergy scores."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from liaison.core.selects import choices_rows
from liaison.frameworks.models import Framework
from liaison.frameworks.permissions import target_visible_to

IMPORT_EXTENSIONS = {"csv": "csv", "json": "json", "yaml": "yaml", "yml": "yaml"}


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label=_("Framework file"),
                           help_text=_("CSV, JSON or YAML in Liaison's framework format (export a framework to see it)."))
    format = forms.ChoiceField(choices=[("", _("From the file name")), ("csv", "CSV"), ("json", "JSON"),
                                        ("yaml", "YAML")], required=False, label=_("Format"))
    country = forms.ModelChoiceField(queryset=None, required=False, label=_("Country (for a national plan)"),
                                     to_field_name="iso3")
    published = forms.BooleanField(required=False, initial=True, label=_("Published (everyone may read it)"))

    def __init__(self, *args, countries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            return data
        ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        data["fmt"] = data.get("format") or IMPORT_EXTENSIONS.get(ext)
        if not data["fmt"]:
            self.add_error("format", _("Choose the format: the file name does not end in .csv, .json or .yaml."))
        if upload.size > settings.LIAISON_UPLOAD_MAX_BYTES:
            self.add_error("file", _("The file is too large."))
        return data


class SuggestForm(forms.Form):
    against = forms.ModelMultipleChoiceField(queryset=Framework.objects.none(), to_field_name="code",
                                             widget=forms.CheckboxSelectMultiple, label=_("Suggest targets of"))

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["against"].queryset = Framework.objects.filter(is_bundled=True).exclude(pk=framework.pk)


class SynergyForm(forms.Form):
    target_a = forms.ModelChoiceField(queryset=None, label=_("Progress on target"))
    target_b = forms.ModelChoiceField(queryset=None, label=_("influences target"))
    score = forms.TypedChoiceField(
        coerce=int, label=_("Score"),
        choices=[(3, _("+3 indivisible")), (2, _("+2 reinforcing")), (1, _("+1 enabling")),
                 (0, _("0 consistent")), (-1, _("-1 constraining")), (-2, _("-2 counteracting")),
                 (-3, _("-3 cancelling"))])
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Evidence"))
    evidence_url = forms.URLField(required=False, label=_("Evidence link"), assume_scheme="https")

    def __init__(self, *args, user, framework: Framework | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only targets the person may read, and current ones: a hidden plan's target is not offered (nor accepted).
        targets = (target_visible_to(user).filter(retired_at__isnull=True).select_related("framework")
                   .order_by("framework__code", "order"))
        if framework is not None:
            targets = targets.filter(framework=framework)
        options = None
        for name in ("target_a", "target_b"):
            self.fields[name].queryset = targets
            # Both selects offer the same targets: read once, as plain values (hundreds of them).
            options = choices_rows(self.fields[name], lambda: (
                (pk, f"{framework_code} {code}")
                for pk, framework_code, code in targets.values_list("pk", "framework__code", "code")), share=options)

    def clean(self):
        data = super().clean()
        if data.get("target_a") and data.get("target_a") == data.get("target_b"):
            raise forms.ValidationError(_("Score two different targets."))
        return data
