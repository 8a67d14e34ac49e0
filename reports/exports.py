"""The dashboard's tables as CSV (UTF-8 with a byte-order mark, so Excel reads Arabic) and Excel."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import get_language_bidi, pgettext
from django.utils.translation import gettext as _

from reports.charts import decision_day_bands
from reports.dashboard import Dashboard

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    sheet: str  # Excel sheet name: at most 31 characters, none of []:*?/\
    title: str
    headers: list[str]
    rows: list[list]


def _text(value):
    """Plain text, numbers left as numbers; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _band_label(low, high) -> str:
    return f"{low}–{high}" if high is not None else f"{low}+"


def dashboard_tables(data: Dashboard) -> list[Table]:
    flow, times = data.flow, data.decision_times
    satisfaction = data.satisfaction.period
    summary = Table(
        "summary",
        _("Summary"),
        [_("Figure"), _("Value")],
        [
            [_("Requests received"), flow.received],
            [_("Requests completed"), flow.completed],
            [_("Requests decided"), flow.decided],
            [_("Requests delivered"), flow.delivered],
            [_("Decided within the deadline"), flow.decided_within_deadline],
            [_("Share decided within the deadline (%)"), flow.within_deadline_percent],
            [_("Median working days from completion to decision"), times.median],
            [_("90th percentile of working days from completion to decision"), times.p90],
            [_("Open requests"), data.open_requests.total],
            [_("Overdue requests"), data.overdue.total],
            [_("Complaints received"), data.complaints.total.received],
            [_("Satisfaction score (%)"), satisfaction.satisfaction_percent],
            [_("Net promoter score"), satisfaction.nps],
            [_("Policy sign-off (%)"), data.signoff.percent],
        ],
    )
    bands = data.open_requests.bands
    open_requests = Table(
        "open_requests",
        _("Open requests by status and days since receipt"),
        [_("Status"), *[_band_label(low, high) for low, high in bands], _("Total")],
        [[row.label, *row.bands, row.total] for row in data.open_requests.rows]
        + [[_("Total"), *data.open_requests.band_totals, data.open_requests.total]],
    )
    overdue = Table(
        "overdue",
        _("Overdue requests"),
        [_("Reference"), _("Beneficiary"), _("Service"), _("Status"), _("Answer due"), _("Working days overdue")],
        [
            [
                request.reference_number,
                request.beneficiary.full_name,
                str(request.service_type),
                request.get_status_display(),
                request.due_date.isoformat(),
                clock.overdue_by,
            ]
            for request, clock in data.overdue.rows
        ],
    )
    decision_days = Table(
        "decision_days",
        _("Working days from completion to decision"),
        [_("Working days"), pgettext("dashboard", "Requests")],
        [[label, count] for label, count in decision_day_bands(times.distribution)],
    )
    outcomes = Table(
        "decisions",
        _("Decisions by outcome"),
        [_("Outcome"), pgettext("dashboard", "Requests"), _("Amount approved (SAR)")],
        [[row.label, row.count, row.amount] for row in data.outcomes],
    )
    totals = data.service_totals
    amounts = Table(
        "service_amounts",
        _("Decisions and amounts by service type"),
        [
            _("Service"),
            pgettext("dashboard", "Decided"),
            pgettext("dashboard", "Approved"),
            _("Amount approved (SAR)"),
            pgettext("dashboard", "Delivered"),
            _("Cash delivered (SAR)"),
        ],
        [
            [row.name, row.decided, row.approved, row.approved_amount, row.delivered, row.delivered_amount]
            for row in [*data.service_amounts, totals]
        ],
    )
    complaint_headers = [
        pgettext("dashboard", "Received"),
        _("Open"),
        _("Resolved"),
        _("Average hours to acknowledge"),
        _("Average days to resolve"),
    ]

    def complaint_rows(rows):
        return [
            [row.label, row.received, row.open, row.resolved, row.acknowledge_hours, row.resolve_days]
            for row in [*rows, data.complaints.total]
        ]

    complaints_category = Table(
        "complaints_category",
        _("Complaints by category"),
        [_("Category"), *complaint_headers],
        complaint_rows(data.complaints.by_category),
    )
    complaints_channel = Table(
        "complaints_channel",
        _("Complaints by channel"),
        [_("Channel"), *complaint_headers],
        complaint_rows(data.complaints.by_channel),
    )
    trend = Table(
        "satisfaction",
        _("Satisfaction and net promoter score by month"),
        [_("Month"), _("Ratings"), _("Satisfaction score (%)"), _("Recommendation answers"), _("Net promoter score")],
        [
            [
                formats.date_format(point.month, "F Y"),
                point.ratings,
                point.satisfaction_percent,
                point.nps_answers,
                point.nps,
            ]
            for point in data.satisfaction.trend
        ],
    )
    signoff = Table(
        "signoff",
        _("Policy sign-off by staff"),
        [_("Policy version"), _("Signed"), _("Staff who must sign"), _("Signed (%)")],
        [[row.label, row.signed, row.total, row.percent] for row in data.signoff.rows]
        + [[_("Total"), data.signoff.signed, data.signoff.total, data.signoff.percent]],
    )
    channels = Table(
        "channels",
        _("Use of each channel"),
        [_("Channel"), pgettext("dashboard", "Requests"), _("Complaints"), _("Contacts logged"), _("Total")],
        [[row.label, row.requests, row.complaints, row.interactions, row.total] for row in data.channels],
    )
    return [
        summary,
        open_requests,
        overdue,
        decision_days,
        outcomes,
        amounts,
        complaints_category,
        complaints_channel,
        trend,
        signoff,
        channels,
    ]


def _period_line(data: Dashboard) -> list[str]:
    period = data.period
    line = [_("Period"), f"{period.start.isoformat()} – {period.end.isoformat()}"]
    if period.category is not None:
        line += [_("Beneficiary category"), str(period.category)]
    return line


def tables_csv(data: Dashboard) -> bytes:
    """Every table one after the other, each under its title, separated by an empty line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_text(cell) for cell in _period_line(data)])
    for table in dashboard_tables(data):
        writer.writerow([])
        writer.writerow([_text(table.title)])
        writer.writerow([_text(header) for header in table.headers])
        for row in table.rows:
            writer.writerow([_text(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def tables_xlsx(data: Dashboard) -> bytes:
    """One sheet per table, right to left for Arabic, headers bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    rtl = get_language_bidi()
    period_line = [_text(cell) for cell in _period_line(data)]
    for table in dashboard_tables(data):
        sheet = workbook.create_sheet(title=table.sheet)
        sheet.sheet_view.rightToLeft = rtl
        sheet.append([_text(table.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(period_line)
        sheet.append([])
        sheet.append([_text(header) for header in table.headers])
        for cell in sheet[4]:
            cell.font = bold
        for row in table.rows:
            sheet.append([_text(cell) for cell in row])
        sheet.freeze_panes = "A5"
        for index, header in enumerate(table.headers, start=1):
            width = max([len(str(header)), *(len(str(row[index - 1] or "")) for row in table.rows)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(12, width + 2), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
