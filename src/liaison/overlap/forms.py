from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.catalogue.models import Convention
from liaison.core.selects import choices_rows
from liaison.decisions.models import Decision
from liaison.overlap.models import RATIONALE_MAX


def decision_options(decisions):
    """Yield (id, label) of `decisions` labelled as Decision.__str__ labels them, from plain values (hundreds)."""
    kinds = {kind: str(label) for kind, label in Decision.KINDS}
    for pk, acronym, kind, number in decisions.values_list("pk", "convention__acronym", "kind", "number"):
        yield pk, f"{acronym} {kinds.get(kind, kind)} {number}"


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
        decisions = self.fields["decision"].queryset = lead_decision_choices(user=user)
        choices_rows(self.fields["decision"], lambda: decision_options(decisions))


class PairFilterForm(forms.Form):
    """The overlap pages' filters, read from the query string: a bad value is reported and left out."""

    convention = forms.CharField(max_length=32, required=False, label=_("Convention"))
    theme = forms.CharField(max_length=120, required=False, label=_("Theme"))
    status = forms.ChoiceField(required=False, label=_("Decision status"), choices=[
        ("", _("Any status")), ("in_effect", _("Both in effect")), ("superseded", _("One superseded")),
        ("repealed", _("One repealed"))])
    min_score = forms.FloatField(required=False, min_value=0, max_value=1, label=_("Minimum score"))
    internal = forms.BooleanField(required=False, label=_("Within one convention"))
    reading = forms.ChoiceField(required=False, label=_("Show"), choices=[
        ("worth", _("Pairs worth reading")), ("formulaic", _("Treaty machinery and formulae")),
        ("weak", _("No common subject")), ("all", _("Every pair"))])
    sort = forms.ChoiceField(required=False, label=_("Sort by"), choices=[
        ("priority", _("Both in effect, then highest score")), ("score", _("Highest score")),
        ("score_asc", _("Lowest score")), ("convention", _("Conventions")), ("document", _("Documents"))])
    per_page = forms.TypedChoiceField(required=False, coerce=int, empty_value=25, label=_("Per page"),
                                      choices=[(n, str(n)) for n in (10, 25, 50, 100)])

    def query(self):
        """Return the PairQuery of the valid fields (defaults for the others)."""
        from liaison.overlap.pairs import pair_query_make

        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return pair_query_make(convention=data.get("convention"), theme=data.get("theme"), status=data.get("status"),
                               min_score=data.get("min_score"), internal=bool(data.get("internal")),
                               reading=data.get("reading"), sort=data.get("sort"))

    def per_page_value(self) -> int:
        self.is_valid()
        return 25 if "per_page" in self.errors else (self.cleaned_data.get("per_page") or 25)
