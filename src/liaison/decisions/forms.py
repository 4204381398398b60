"""Forms of the decision pages: upload, mandate correction, evidence."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from liaison.decisions.models import Decision, Mandate

ALLOWED_EXTENSIONS = ("txt", "md", "html", "htm", "docx", "pdf")


class DecisionUploadForm(forms.Form):
    file = forms.FileField(label=_("Decision document"),
                           help_text=_("PDF, DOCX, HTML, Markdown or plain text."))
    convention = forms.ModelChoiceField(queryset=None, label=_("Convention"))
    symbol = forms.CharField(max_length=64, required=False, label=_("Number"),
                             help_text=_("For example 11.10, 15/4 or XIII/24. Leave empty if the text states it."))
    kind = forms.ChoiceField(choices=[("", _("As the convention usually names them"))] + Decision.KINDS,
                             required=False, label=_("Kind"))
    revision_label = forms.CharField(max_length=64, required=False, label=_("Revision"),
                                     help_text=_("For a revised text, e.g. Rev.COP12."))

    def __init__(self, *args, conventions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = conventions

    def clean_file(self):
        upload = self.cleaned_data["file"]
        ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if ext not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(_("Liaison reads %(exts)s files; this one is .%(ext)s.")
                                        % {"exts": ", ".join(ALLOWED_EXTENSIONS), "ext": ext or "?"})
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > settings.LIAISON_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is %(mb).0f MB; the limit is %(limit).0f MB.")
                                        % {"mb": upload.size / 2**20, "limit": settings.LIAISON_UPLOAD_MAX_BYTES / 2**20})
        return upload


class MandateForm(forms.ModelForm):
    actor_label = forms.CharField(max_length=200, label=_("Addressee"),
                                  widget=forms.TextInput(attrs={"list": "actors"}))

    class Meta:
        model = Mandate
        fields = ["status", "action", "deadline", "report_to", "owner"]
        widgets = {"action": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor_label"].initial = self.instance.actor.label if self.instance.actor_id else ""
        convention = self.instance.decision.convention
        self.fields["owner"].queryset = get_user_model().objects.filter(
            roles__kind="secretariat", roles__convention=convention
        ).distinct()
        self.fields["owner"].required = False


class EvidenceForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Note"))
    url = forms.URLField(required=False, label=_("Link"), assume_scheme="https")
    file = forms.FileField(required=False, label=_("File"))

    def clean(self):
        data = super().clean()
        if not (data.get("note") or data.get("url") or data.get("file")):
            raise forms.ValidationError(_("Give a note, a link or a file as evidence."))
        upload = data.get("file")
        if upload and upload.size > settings.LIAISON_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return data
