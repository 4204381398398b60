"""Forms that register a partnership and a joint work plan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.catalogue.models import Organization
from liaison.partnerships.forms import DATE, DayField, IdChoiceField, IdsChoiceField
from liaison.partnerships.models import Partnership


class PartnershipForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("Title"))
    instrument = forms.ChoiceField(choices=Partnership.INSTRUMENTS, label=_("Instrument"))
    convention = IdChoiceField(queryset=None, label=_("Convention"))
    organizations = IdsChoiceField(queryset=Organization.objects.order_by("name"),
                                                   label=_("Partner organizations"),
                                                   widget=forms.SelectMultiple(attrs={"size": 8}))
    status = forms.ChoiceField(choices=[(Partnership.PROPOSED, _("Proposed")),
                                        (Partnership.NEGOTIATION, _("Under negotiation"))], label=_("Status"))
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Summary"),
                              max_length=20_000)

    def __init__(self, *args, conventions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = conventions


class WorkPlanForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("Title"))
    period_start = DayField(required=False, widget=DATE, label=_("From"))
    period_end = DayField(required=False, widget=DATE, label=_("To"))
    aligned_with = forms.CharField(max_length=200, required=False, label=_("Aligned with"),
                                   help_text=_("For example the CMS Strategic Plan for Migratory Species."))

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
