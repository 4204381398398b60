"""Forms of the partnership pages: lifecycle, activities, contributions, evidence, review, screening, report."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.selects import choices_rows
from liaison.decisions.models import Mandate
from liaison.partnerships.bounds import MAX_UPLOAD_BYTES, TEXT_MAX, day_in_range, id_parse
from liaison.partnerships.models import Activity, Partnership, Screening

DATE = forms.DateInput(attrs={"type": "date", "min": "1900-01-01", "max": "2200-12-31"}, format="%Y-%m-%d")


class DayField(forms.DateField):
    """A date between 1900 and 2200, the bounds every stored day keeps."""

    default_validators = [day_in_range]


def targets_split(value: str) -> list[str]:
    """Return the targets written in a comma- or semicolon-separated field."""
    return [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]


def mandate_choices():
    return Mandate.objects.exclude(status=Mandate.SUPERSEDED).select_related("decision__convention", "paragraph",
                                                                              "actor")


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one record by id, refusing ids no database holds ('³', 2**70) as an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values and id_parse(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of records by id, refusing ids no database holds as invalid choices."""

    def _check_values(self, value):
        for pk in value:
            if id_parse(pk) is None:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": str(pk)[:40]})
        return super()._check_values(value)


def mandate_label(acronym: str, number: str, paragraph: str, actor: str, verb: str, action: str) -> str:
    """Return how a mandate is offered in a form: its decision, paragraph, actor and the start of its action."""
    return f"{acronym} {number} ¶{paragraph} — {actor}: {verb} {action[:90]}"


MANDATE_LABEL_FIELDS = ("decision__convention__acronym", "decision__number", "paragraph__number", "actor__label",
                        "verb", "action")


class MandateField(IdsChoiceField):
    def label_from_instance(self, m):
        return mandate_label(m.decision.convention.acronym, m.decision.number, m.paragraph.number, m.actor.label,
                             m.verb, m.action)


def mandate_options(field: MandateField) -> None:
    """Offer the field's mandates (hundreds) from one query of plain values, written by SelectMultipleQuick."""
    queryset = field.queryset
    choices_rows(field, lambda: ((pk, mandate_label(*label)) for pk, *label in
                                 queryset.values_list("pk", *MANDATE_LABEL_FIELDS)))


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = DayField(label=_("On"), required=False, widget=DATE, help_text=_("Empty: today."))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Partnership.STATUSES)
        self.fields["status"].choices = [(s, labels[s]) for s in sorted(Partnership.TRANSITIONS[partnership.status])]


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=Activity.STATUSES)
    start = DayField(label=_("Start date"), required=False, widget=DATE)
    end = DayField(label=_("End date"), required=False, widget=DATE)
    budget = forms.DecimalField(label=_("Budget"), required=False, min_value=0, max_value=999_999_999_999.99,
                                max_digits=14, decimal_places=2)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), required=False, max_length=3)
    funding_source = forms.CharField(label=_("Funding source"), required=False, max_length=300)
    targets = forms.CharField(label=_("Targets"), required=False, max_length=2000,
                              help_text=_("Comma-separated, e.g. SPMS 9, GBF 3, SDG 15.5."))
    mandates = MandateField(label=_("Mandates fulfilled"), queryset=Mandate.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandates"].queryset = mandate_choices()
        mandate_options(self.fields["mandates"])

    @classmethod
    def initial_for(cls, activity: Activity) -> dict:
        return {"title": activity.title, "description": activity.description, "status": activity.status,
                "start": activity.start, "end": activity.end, "budget": activity.budget,
                "currency": activity.currency, "funding_source": activity.funding_source,
                "targets": ", ".join(f"{t.framework_code} {t.target_code}" for t in activity.targets.all()),
                "mandates": list(activity.mandates.all())}

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data["targets"] = targets_split(data["targets"])
        data["mandates"] = [m.pk for m in data["mandates"]]
        return data


class ActivityAddForm(ActivityForm):
    owner = IdChoiceField(label=_("Owner organization"), queryset=None,
                                   help_text=_("Its members may update the activity."))

    def __init__(self, *args, workplan=None, **kwargs):
        super().__init__(*args, **kwargs)
        from liaison.catalogue.models import Organization

        self.fields["owner"].queryset = Organization.objects.filter(partnerships=workplan.partnership)


class ContributionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    period_start = DayField(label=_("From"), widget=DATE)
    period_end = DayField(label=_("To"), widget=DATE)
    summary = forms.CharField(label=_("What was done"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}))
    links = forms.CharField(label=_("Links"), required=False, max_length=20_000,
                            widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("One web address per line."))
    mandates = MandateField(label=_("Mandates served"), queryset=Mandate.objects.none(), required=False)
    targets = forms.CharField(label=_("Targets"), required=False, max_length=2000,
                              help_text=_("Comma-separated, e.g. SPMS 9, GBF 3."))
    activities = IdsChoiceField(label=_("Work-plan activities"), queryset=Activity.objects.none(),
                                                required=False)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandates"].queryset = mandate_choices()
        mandate_options(self.fields["mandates"])
        if organization is not None:
            self.fields["activities"].queryset = Activity.objects.filter(
                workplan__partnership__organizations=organization).distinct()

    @classmethod
    def initial_for(cls, c) -> dict:
        return {"title": c.title, "period_start": c.period_start, "period_end": c.period_end, "summary": c.summary,
                "links": "\n".join(c.links), "mandates": list(c.mandates.all()),
                "targets": ", ".join(f"{t.framework_code} {t.target_code}" for t in c.targets.all()),
                "activities": list(c.activities.all())}

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["links"] = [line.strip() for line in data["links"].splitlines() if line.strip()]
        data["targets"] = targets_split(data["targets"])
        data["mandates"] = [m.pk for m in data["mandates"]]
        data["activities"] = [a.pk for a in data["activities"]]
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"), help_text=_("PDF, DOCX, PNG or JPEG, up to 20 MB."))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return file


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept")),
                                                                ("return", _("Return with comments")),
                                                                ("reject", _("Reject"))])
    comment = forms.CharField(label=_("Comment to the partner"), required=False, max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ScreeningForm(forms.Form):
    organization = forms.CharField(label=_("Company"), max_length=300,
                                   help_text=_("Its name as in the catalogue, or tick the box below to add it."))
    register = forms.BooleanField(label=_("Add this company to the catalogue (private sector)"), required=False)
    website = forms.URLField(label=_("Company website"), required=False, max_length=200, assume_scheme="https")
    country = forms.CharField(label=_("Country (ISO alpha-3, e.g. SWE)"), required=False, max_length=3)
    sector = forms.CharField(label=_("Sector"), max_length=200)
    harmful_activities = forms.CharField(label=_("Activities harmful to migratory species"), max_length=TEXT_MAX,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    conflicts_of_interest = forms.CharField(label=_("Conflicts of interest"), required=False, max_length=TEXT_MAX,
                                            widget=forms.Textarea(attrs={"rows": 2}))
    reputational_risk = forms.ChoiceField(label=_("Reputational risk"), choices=Screening.RISKS)


class ScreeningDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approved", _("Approved")),
                                                                ("rejected", _("Rejected"))])
    reasons = forms.CharField(label=_("Reasons"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    start = DayField(label=_("From"), widget=DATE)
    end = DayField(label=_("To"), widget=DATE)
    lang = forms.ChoiceField(label=_("Language"), choices=[("en", "English"), ("fr", "Français"), ("es", "Español")])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    @staticmethod
    def initial_default(today: dt.date) -> dict:
        return {"start": today.replace(month=1, day=1) - dt.timedelta(days=365), "end": today, "lang": "en"}
