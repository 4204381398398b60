"""JSON API of indicator data (the CBD ORT templates) and of analysis across countries (JSON and CSV)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile

from liaison.core.apiauth import django_auth
from liaison.core.errors import NotFound
from liaison.core.schemas import ErrorOut
from liaison.indicators import services
from liaison.indicators.indicator_analysis import indicator_analysis
from liaison.indicators.selectors import question_analysis, series_for_report, series_get_for
from liaison.indicators.tables import indicator_table_rows, table_rows
from liaison.indicators.templates_ort import templates_all
from liaison.reporting.permissions import report_get_for

router = Router(tags=["indicators"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 413, 415, 422)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TemplateOut(Schema):
    code: str
    indicator: str
    title: str
    categories: dict[str, list[str]]


class RowOut(Schema):
    line: int
    disaggregated: bool
    disaggregation_type: str
    disaggregation: str
    year: int
    unit: str
    value: float
    footnote: str


class SeriesOut(Schema):
    template: str
    indicator: str
    name: str
    rows: list[RowOut]


def template_find(code: str):
    template = templates_all().get(code)
    if template is None:
        raise NotFound(_("No such indicator template."))
    return template


def series_out(series) -> dict:
    return {"template": series.template, "indicator": series.indicator, "name": series.name,
            "rows": [{f: getattr(r, f) for f in RowOut.model_fields} for r in series.rows.all()]}


@router.get("/indicators/templates", response=list[TemplateOut], description="The CBD ORT indicator templates.")
def template_list(request):
    return [{"code": t.code, "indicator": t.indicator, "title": t.title,
             "categories": {k: list(v) for k, v in t.categories.items()}} for t in templates_all().values()]


@router.post("/reports/{int:report_id}/indicators", response={201: SeriesOut, **ERRORS}, auth=django_auth,
             description="Upload a series in a template's shape (its focal point, draft report). 422 lists every "
                         "refused row and stores nothing; 413 over the size or row limit; 415 not an xlsx.")
def series_upload(request, report_id: int, template: Form[str], file: File[UploadedFile]):
    report = report_get_for(user=request.user, report_id=report_id)
    found = template_find(template)
    data = file.read(services.FILE_MAX_BYTES + 1)
    series = services.series_upload(user=request.user, report=report, template=found, name=file.name or "",
                                    data=data)
    return Status(201, series_out(series))


@router.get("/reports/{int:report_id}/indicators", response={200: list[SeriesOut], **ERRORS}, auth=django_auth)
def series_list(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    return [series_out(s) for s in series_for_report(user=request.user, report=report)]


@router.get("/reports/{int:report_id}/indicators/{template}.xlsx", response={200: None, **ERRORS},
            auth=django_auth, description="The series written back into its template.")
def series_export(request, report_id: int, template: str):
    report = report_get_for(user=request.user, report_id=report_id)
    series = series_get_for(user=request.user, report=report, template=template)
    data = services.series_export(template_find(template), list(series.rows.all()))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template}-{report.country.iso3}.xlsx"'
    return response


@router.get("/analysis/questions/{int:question_id}", response={200: dict, **ERRORS},
            description="A question's submitted answers across parties: distribution (number questions: "
                        "summary), per country and UNEP region, earlier cycles, linked questions of other "
                        "conventions agreeing or not; drafts counted for the convention's staff only.")
def analysis_question(request, question_id: int):
    return question_analysis(user=request.user, question_id=question_id)


@router.get("/analysis/questions/{int:question_id}.csv", response={200: None, **ERRORS},
            description="The figures behind the analysis page, as CSV: `table` is distribution (the default), "
                        "regions, countries, cycles or links; 422 for another table.")
def analysis_question_csv(request, question_id: int, table: str = "distribution"):
    rows = table_rows(question_analysis(user=request.user, question_id=question_id), table)
    suffix = "" if table == "distribution" else f"-{table}"
    return csv_response(rows, f"question-{question_id}{suffix}.csv")


def csv_response(rows: list[list], filename: str) -> HttpResponse:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/analysis/indicators/{template}.csv", response={200: None, **ERRORS},
            description="An indicator's national values across countries as CSV: `table` is countries (the "
                        "default: one row per country and year) or regions; 422 for another table.")
def analysis_indicator_csv(request, template: str, table: str = "countries"):
    analysis = indicator_analysis(user=request.user, template=template)
    return csv_response(indicator_table_rows(analysis, table), f"{analysis['template']}-{table}.csv")


@router.get("/analysis/indicators/{template}", response={200: dict, **ERRORS},
            description="A CBD headline indicator's national values (not disaggregated) across countries, from "
                        "submitted reports only: per country by year and latest, per UNEP region; drafts carrying "
                        "the template counted for the CBD's staff only.")
def analysis_indicator(request, template: str):
    return indicator_analysis(user=request.user, template=template)
