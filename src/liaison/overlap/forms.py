from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.catalogue.models import Convention
from liaison.decisions.models import Decision


class LeadForm(forms.Form):
    convention = forms.ModelChoiceField(queryset=Convention.objects.all(), label=_("Lead convention"))
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Rationale"), max_length=5000)
    decision = forms.ModelChoiceField(queryset=Decision.objects.filter(has_text=True).select_related("convention"),
                                      required=False, label=_("Decision that assigned it"))
    meeting = forms.CharField(max_length=200, required=False, label=_("Meeting"),
                              help_text=_("For example the BLG meeting where it was agreed."))
