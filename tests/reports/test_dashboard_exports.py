"""The dashboard's tables as CSV (UTF-8 with BOM, for Excel) and as an Excel workbook."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from policies.roles import Role

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard_export")
OCTOBER = {"start": "2026-10-01", "end": "2026-10-31"}


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def csv_rows(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_starts_with_a_byte_order_mark_and_is_named_by_the_period(manager_client, october):
    response = manager_client.get(URL, {**OCTOBER, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dashboard-2026-10-01-2026-10-31.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")


def test_the_csv_holds_the_figures_under_arabic_headings(manager_client, october):
    rows = csv_rows(manager_client.get(URL, {**OCTOBER, "format": "csv"}))
    assert ["الطلبات الواردة", "5"] in rows
    assert ["صدر قرارها ضمن المهلة", "2"] in rows
    assert ["نسبة ما صدر قراره ضمن المهلة (%)", "66.7"] in rows
    assert ["وسيط أيام العمل من اكتمال الطلب إلى القرار", "8.0"] in rows
    assert ["المئين التسعون لأيام العمل من اكتمال الطلب إلى القرار", "17.6"] in rows
    food = ["سلة غذائية", "2", "1", "1000.00", "1", "1000.00"]
    assert [row for row in rows if row and row[0] == "سلة غذائية"] == [food]
    assert ["جودة الخدمة", "2", "1", "1", "6.0", "4.0"] in rows


def test_the_overdue_table_gives_the_working_days_overdue(manager_client, october):
    rows = csv_rows(manager_client.get(URL, {**OCTOBER, "format": "csv"}))
    reference = october.requests["R4"].reference_number
    [row] = [row for row in rows if row and row[0] == reference]
    assert row[-2:] == ["2026-11-01", "16"]


def test_the_excel_workbook_has_a_right_to_left_sheet_per_table_with_the_figures(manager_client, october):
    response = manager_client.get(URL, {**OCTOBER, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="dashboard-2026-10-01-2026-10-31.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:3] == ["summary", "open_requests", "overdue"]
    summary = workbook["summary"]
    assert summary.sheet_view.rightToLeft
    values = {row[0]: row[1] for row in summary.iter_rows(min_row=5, values_only=True)}
    assert values["الطلبات الواردة"] == 5
    assert values["نسبة ما صدر قراره ضمن المهلة (%)"] == 66.7
    assert values["المئين التسعون لأيام العمل من اكتمال الطلب إلى القرار"] == 17.6
    amounts = list(workbook["service_amounts"].iter_rows(min_row=5, values_only=True))
    assert amounts[0] == ("سلة غذائية", 2, 1, 1000, 1, 1000)


def test_a_category_export_counts_only_its_requests(manager_client, october):
    rows = csv_rows(manager_client.get(URL, {**OCTOBER, "category": october.category_a.pk, "format": "csv"}))
    assert ["الطلبات الواردة", "4"] in rows
    assert rows[0] == ["الفترة", "2026-10-01 – 2026-10-31", "فئة المستفيدين", "الأرامل (لوحة)"]


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_quoted(manager_client, october):
    october.food.name = '=HYPERLINK("http://example.com")'
    october.food.save()
    rows = csv_rows(manager_client.get(URL, {**OCTOBER, "format": "csv"}))
    assert any(row and row[0] == '\'=HYPERLINK("http://example.com")' for row in rows)
    workbook = load_workbook(io.BytesIO(manager_client.get(URL, {**OCTOBER, "format": "xlsx"}).content))
    cell = workbook["service_amounts"]["A5"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


@pytest.mark.parametrize("query", [{"format": "pdf"}, {"start": "2026-10-31", "end": "2026-10-01", "format": "csv"}])
def test_a_bad_format_or_period_gives_the_form_with_its_error(manager_client, query):
    response = manager_client.get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.COMPLAINTS_OFFICER, Role.ADMIN])
def test_staff_other_than_managers_cannot_export(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL, {"format": "csv"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
