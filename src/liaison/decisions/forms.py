"""Forms of the decision pages: upload, mandate correction, evidence."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from liaison.decisions.models import NOTE_MAX, URL_MAX, Decision, Mandate

ALLOWED_EXTENSIONS = ("txt", "md", "html", "htm", "docx", "pdf")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once (the resolutions of one meeting)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


MAX_FILES = 50


class DecisionUploadForm(forms.Form):
    file = MultipleFileField(label=_("Decision documents"),
                             help_text=_("One or more files: PDF, DOCX, HTML, Markdown or plain text."))
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
        uploads = self.cleaned_data["file"]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(_("Send at most %(n)d files at once.") % {"n": MAX_FILES})
        for upload in uploads:
            ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if ext not in ALLOWED_EXTENSIONS:
                raise forms.ValidationError(_("Liaison reads %(exts)s files; %(name)s is .%(ext)s.")
                                            % {"exts": ", ".join(ALLOWED_EXTENSIONS), "name": upload.name,
                                               "ext": ext or "?"})
            if upload.size == 0:
                raise forms.ValidationError(_("%(name)s is empty.") % {"name": upload.name})
            if upload.size > settings.LIAISON_UPLOAD_MAX_BYTES:
                raise forms.ValidationError(_("%(name)s is %(mb).0f MB; the limit is %(limit).0f MB.")
                                            % {"name": upload.name, "mb": upload.size / 2**20,
                                               "limit": settings.LIAISON_UPLOAD_MAX_BYTES / 2**20})
        return uploads

    def clean(self):
        data = super().clean()
        if data.get("symbol") and len(data.get("file") or []) > 1:
            self.add_error("symbol", _("A number names one decision: leave it empty when sending several files."))
        return data


class MandateForm(forms.ModelForm):
    actor_label = forms.CharField(max_length=200, label=_("Addressee"),
                                  widget=forms.TextInput(attrs={"list": "actors"}))

    class Meta:
        model = Mandate
        fields = ["status", "action", "deadline", "report_to", "owner"]
        # The model's field names would be shown as they are ("Report to"): the labels go through the catalogues.
        labels = {"status": _("Status"), "action": _("Action"), "deadline": _("Deadline"), "report_to": _("Report to"),
                  "owner": _("Owner")}
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
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Note"),
                           max_length=NOTE_MAX)
    url = forms.URLField(required=False, label=_("Link"), assume_scheme="https", max_length=URL_MAX)
    file = forms.FileField(required=False, label=_("File"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt"}))

    def __init__(self, *args, **kwargs):
        from liaison.decisions.services import evidence_max_bytes

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, PNG, JPEG, DOCX, XLSX or ODT, at most %(mb)d MB.") % {
            "mb": evidence_max_bytes() // 2**20}

    def clean(self):
        data = super().clean()
        if not (data.get("note") or data.get("url") or data.get("file")):
            raise forms.ValidationError(_("Give a note, a link or a file as evidence."))
        return data
