from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.catalogue.models import Convention
from liaison.overlap.models import RATIONALE_MAX


class LeadForm(forms.Form):
    convention = forms.ModelChoiceField(queryset=Convention.objects.all(), label=_("Lead convention"))
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Rationale"),
                                max_length=RATIONALE_MAX)
    decision = forms.ModelChoiceField(queryset=None, required=False, label=_("Decision that assigned it"))
    meeting = forms.CharField(max_length=200, required=False, label=_("Meeting"),
                              help_text=_("For example the BLG meeting where it was agreed."))

    def __init__(self, *args, user, **kwargs):
        from liaison.overlap.selectors import lead_decision_choices

        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = lead_decision_choices(user=user)
