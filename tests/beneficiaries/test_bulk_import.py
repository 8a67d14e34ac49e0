"""Bulk registration from a spreadsheet: good rows registered with history, bad rows reported."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories.files import saudi_identity_number
from factories.registry import BeneficiaryFactory
from openpyxl import Workbook

from beneficiaries.import_models import BeneficiaryImport, ImportStatus
from beneficiaries.importing import COLUMNS, beneficiary_import_run, beneficiary_import_start, import_template_csv
from beneficiaries.models import Beneficiary
from policies.roles import Role

pytestmark = pytest.mark.django_db

HEADERS = [column.header_ar for column in COLUMNS]


def row(of_category, *, number=None, serial=1, **overrides):
    values = {
        "identity_type": "",
        "identity_number": number or saudi_identity_number("1", serial),
        "first_name": "فاطمة",
        "father_name": "محمد",
        "grandfather_name": "عبدالله",
        "family_name": "القحطاني",
        "gender": "أنثى",
        "birth_date": "1985-03-14",
        "nationality": "سعودية",
        "marital_status": "أرملة",
        "mobile": "0501234567",
        "email": "",
        "city": "الرياض",
        "district": "النسيم",
        "address": "",
        "category": of_category.name,
        "kind": "",
        "contact_channel": "",
        "monthly_income": "1500",
        "monthly_expenses": "2200",
        "health_status": "",
    }
    values.update(overrides)
    return [values[column.field] for column in COLUMNS]


def csv_file(rows, *, headers=HEADERS, encoding="utf-8-sig", name="people.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def run_import(actor, uploaded):
    beneficiary_import = beneficiary_import_start(actor=actor, uploaded_file=uploaded)
    return beneficiary_import_run(beneficiary_import=beneficiary_import)


def refused_reasons(beneficiary_import, row_number):
    return next(item["errors"] for item in beneficiary_import.rejected_rows if item["row"] == row_number)


def test_good_rows_are_registered_with_a_history_row_naming_the_importer(reception, category):
    result = run_import(reception, csv_file([row(category, serial=1), row(category, serial=2)]))

    assert result.status == ImportStatus.DONE
    assert (result.total_rows, result.created_count, result.rejected_count) == (2, 2, 0)
    person = Beneficiary.objects.get(identity_number=saudi_identity_number("1", 1))
    history = person.history.get()
    assert history.history_user == reception
    assert history.history_change_reason == "استيراد من ملف"


def test_arabic_choice_labels_and_feminine_forms_are_understood(reception, category):
    run_import(reception, csv_file([row(category)]))

    person = Beneficiary.objects.get()
    assert (person.gender, person.marital_status, person.identity_type) == ("female", "widowed", "national_id")
    assert person.mobile == "+966501234567"
    assert person.full_name == "فاطمة محمد عبدالله القحطاني"


def test_a_hijri_birth_date_is_stored_as_its_gregorian_day(reception, category):
    run_import(reception, csv_file([row(category, birth_date="1405-06-23")]))

    assert Beneficiary.objects.get().birth_date == date(1985, 3, 14)


def test_imported_records_are_not_marked_as_verified_against_documents(reception, category):
    run_import(reception, csv_file([row(category)]))

    person = Beneficiary.objects.get()
    assert person.last_verified_at is None
    assert person.registered_by == reception


def test_each_bad_row_is_refused_with_its_reason_and_the_good_rows_still_register(reception, category):
    rows = [
        row(category, serial=1),  # row 2: good
        row(category, number="1000000001"),  # row 3: check digit wrong
        row(category, serial=3, mobile="12345"),  # row 4
        row(category, serial=4, category="فئة غير موجودة"),  # row 5
        row(category, serial=5, first_name=""),  # row 6
        row(category, serial=1),  # row 7: same person twice in the file
        row(category, serial=6, birth_date="2999-01-01"),  # row 8
        row(category, serial=7, monthly_income="كثير"),  # row 9
        row(category, serial=8, gender="غير معروف"),  # row 10
    ]
    result = run_import(reception, csv_file(rows))

    assert (result.created_count, result.rejected_count) == (1, 8)
    assert "رقم التحقق" in " ".join(refused_reasons(result, 3))
    assert refused_reasons(result, 4)
    assert "فئة غير موجودة" in refused_reasons(result, 5)[0]
    assert "الاسم الأول" in refused_reasons(result, 6)[0]
    assert refused_reasons(result, 7)
    assert refused_reasons(result, 8)
    assert "الدخل الشهري" in refused_reasons(result, 9)[0]
    assert "غير معروف" in refused_reasons(result, 10)[0]
    assert Beneficiary.objects.count() == 1


def test_a_person_already_registered_is_refused_and_not_duplicated(reception, category):
    BeneficiaryFactory(category=category, identity_number=saudi_identity_number("1", 1))

    result = run_import(reception, csv_file([row(category, serial=1)]))

    assert (result.created_count, result.rejected_count) == (0, 1)
    assert Beneficiary.objects.count() == 1


def test_english_column_names_are_accepted(reception, category):
    headers = [column.field for column in COLUMNS]

    result = run_import(
        reception, csv_file([row(category, gender="female", marital_status="widowed")], headers=headers)
    )

    assert result.created_count == 1


def test_a_csv_saved_by_arabic_windows_excel_is_read(reception, category):
    result = run_import(reception, csv_file([row(category)], encoding="cp1256"))

    assert result.created_count == 1
    assert Beneficiary.objects.get().first_name == "فاطمة"


def test_an_excel_file_is_imported_with_its_date_cells(reception, category):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    values = row(category)
    values[[c.field for c in COLUMNS].index("birth_date")] = date(1990, 1, 2)
    sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = run_import(reception, SimpleUploadedFile("people.xlsx", buffer.getvalue()))

    assert result.created_count == 1
    assert Beneficiary.objects.get().birth_date == date(1990, 1, 2)


def test_a_file_missing_required_columns_stops_with_their_names_and_registers_nobody(reception, category):
    headers = [h for h in HEADERS if h not in ("الجوال", "الفئة")]
    values = [v for h, v in zip(HEADERS, row(category), strict=True) if h in headers]

    result = run_import(reception, csv_file([values], headers=headers))

    assert result.status == ImportStatus.FAILED
    assert "الجوال" in result.error and "الفئة" in result.error
    assert Beneficiary.objects.count() == 0


def test_a_damaged_excel_file_stops_with_a_clear_error(reception):
    result = run_import(reception, SimpleUploadedFile("people.xlsx", b"this is not a workbook"))

    assert result.status == ImportStatus.FAILED
    assert result.error


def test_the_uploaded_spreadsheet_is_deleted_once_imported(reception, category, stored_files):
    result = run_import(reception, csv_file([row(category)]))

    assert not result.source_file
    assert not [name for name in stored_files() if name.startswith("imports/")]


def test_the_template_file_imports_its_example_person(reception, category):
    template = import_template_csv()

    result = run_import(reception, SimpleUploadedFile("template.csv", template.encode("utf-8")))
    assert result.created_count == 1, result.rejected_rows


def test_running_an_import_twice_does_not_register_anyone_twice(reception, category):
    beneficiary_import = beneficiary_import_start(actor=reception, uploaded_file=csv_file([row(category)]))
    beneficiary_import_run(beneficiary_import=beneficiary_import)

    again = beneficiary_import_run(beneficiary_import=BeneficiaryImport.objects.get(pk=beneficiary_import.pk))

    assert again.created_count == 1
    assert Beneficiary.objects.count() == 1


# --- pages ---------------------------------------------------------------------------------


def test_uploading_on_the_page_imports_and_shows_the_counts(
    client, reception, category, django_capture_on_commit_callbacks
):
    client.force_login(reception)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("beneficiaries:import_start"),
            {"file": csv_file([row(category, serial=1), row(category, number="1000000001")])},
        )
    beneficiary_import = BeneficiaryImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("beneficiaries:import_detail", args=[beneficiary_import.pk])

    page = client.get(response.url).content.decode()
    assert 'id="import-created">1<' in page
    assert 'id="import-refused">1<' in page
    assert "1000000001" in page


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(client, reception):
    client.force_login(reception)

    response = client.post(
        reverse("beneficiaries:import_start"), {"file": SimpleUploadedFile("photo.png", b"\x89PNG....")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert BeneficiaryImport.objects.count() == 0


def test_the_refused_rows_download_lists_row_numbers_and_reasons(client, reception, category):
    result = run_import(reception, csv_file([row(category, number="1000000001")]))
    client.force_login(reception)

    response = client.get(reverse("beneficiaries:import_refused_rows", args=[result.pk]))

    text = response.content.decode("utf-8-sig")
    assert response["Cache-Control"] == "private, no-store"
    assert "1000000001" in text and "\n2," in text.replace("\r\n", "\n")


def test_a_contact_officer_may_not_import(client, contact_officer):
    client.force_login(contact_officer)

    assert client.get(reverse("beneficiaries:import_start")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("beneficiaries:import_start"))

    assert response.status_code == 302 and "login" in response.url


def test_reception_cannot_open_a_colleagues_import(client, reception, reception_colleague, category):
    result = run_import(reception, csv_file([row(category)]))
    client.force_login(reception_colleague)

    assert client.get(reverse("beneficiaries:import_detail", args=[result.pk])).status_code == 404
    assert client.get(reverse("beneficiaries:import_refused_rows", args=[result.pk])).status_code == 404


def test_the_admin_sees_every_import(client, make_user, reception, category):
    result = run_import(reception, csv_file([row(category)]))
    client.force_login(make_user(Role.ADMIN))

    assert client.get(reverse("beneficiaries:import_detail", args=[result.pk])).status_code == 200


def test_a_running_import_page_refreshes_itself_and_a_finished_one_does_not(client, reception, category):
    running = BeneficiaryImport.objects.create(
        uploaded_by=reception, source_name="big.csv", status=ImportStatus.RUNNING, total_rows=200, processed_rows=50
    )
    client.force_login(reception)

    page = client.get(reverse("beneficiaries:import_detail", args=[running.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and 'value="25"' in page

    running.status = ImportStatus.DONE
    running.save()
    page = client.get(reverse("beneficiaries:import_detail", args=[running.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
