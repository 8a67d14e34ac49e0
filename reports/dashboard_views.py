"""The managers' dashboard, its CSV and Excel exports and the performance report PDF (R21, R32, R33)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from policies.roles import Role, role_required
from reports.charts import dashboard_charts
from reports.dashboard import dashboard
from reports.dashboard_forms import DashboardFilterForm, period_presets

TEMPLATE = "reports/dashboard.html"
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def _filter_form(request) -> DashboardFilterForm:
    return DashboardFilterForm.from_query(request.GET, today=timezone.localdate())


def _invalid(request, form: DashboardFilterForm):
    """A download asked for with a bad filter: the dashboard with the form's errors."""
    return render(request, TEMPLATE, {"form": form, "presets": _presets(form)}, status=400)


def _presets(form: DashboardFilterForm) -> list[dict]:
    category = form.data.get("category", "") if form.is_bound else ""
    presets = []
    for label, start, end in period_presets():
        query = {"start": start.isoformat(), "end": end.isoformat()}
        if category and str(category).isdigit():
            query["category"] = category
        presets.append({"label": label, "query": urlencode(query)})
    return presets


def _stem(form: DashboardFilterForm, prefix: str) -> str:
    period = form.period()
    return f"{prefix}-{period.start.isoformat()}-{period.end.isoformat()}"


@require_GET
@role_required(Role.MANAGER)
def dashboard_view(request):
    form = _filter_form(request)
    context = {"form": form, "presets": _presets(form)}
    if form.is_valid():
        data = dashboard(period=form.period())
        context.update(data=data, charts=dashboard_charts(data), query=form.query_string())
    return render(request, TEMPLATE, context)


@require_GET
@role_required(Role.MANAGER)
def dashboard_export_view(request):
    """The dashboard's tables: ``?format=csv`` (the default) or ``?format=xlsx``."""
    form = _filter_form(request)
    export_format = request.GET.get("format", "csv")
    if export_format not in EXPORT_FORMATS:
        form.is_valid()
        form.add_error(None, _("Choose CSV or Excel."))
        return _invalid(request, form)
    if not form.is_valid():
        return _invalid(request, form)
    from reports.exports import tables_csv, tables_xlsx

    data = dashboard(period=form.period())
    content = tables_csv(data) if export_format == "csv" else tables_xlsx(data)
    content_type, extension = EXPORT_FORMATS[export_format]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{_stem(form, 'dashboard')}.{extension}")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@role_required(Role.MANAGER)
def performance_report_view(request):
    """The monthly (or any period's) performance report, in the manager's language (Arabic by default)."""
    form = _filter_form(request)
    if not form.is_valid():
        return _invalid(request, form)
    from reports.pdf import attachment_filename, render_pdf
    from reports.views import pdf_response

    data = dashboard(period=form.period())
    pdf = render_pdf(
        template_name="reports/performance_report.html",
        context={"data": data, "charts": dashboard_charts(data)},
        request=request,
    )
    return pdf_response(pdf, filename=attachment_filename(_stem(form, "performance-report")))
