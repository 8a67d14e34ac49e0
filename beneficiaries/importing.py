"""Bulk registration of beneficiaries from a CSV or Excel file (an association moving to Silah).

Every row is checked with the same rules as the registration form; good rows are inserted in
batches with their history rows, refused rows are reported with the reasons, and the progress is
committed batch by batch so the page can show it while the import runs.
"""

import csv
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from hijridate import Hijri
from simple_history.utils import bulk_create_with_history

from beneficiaries.import_models import BeneficiaryImport, ImportStatus
from beneficiaries.models import (
    Beneficiary,
    BeneficiaryKind,
    Gender,
    HealthStatus,
    IdentityType,
    MaritalStatus,
)
from beneficiaries.validators import (
    clean_identity_number,
    normalize_arabic_name,
    normalize_digits,
    normalize_mobile,
)
from policies.choices import ContactChannel
from policies.malware import scan_upload
from policies.models import BeneficiaryCategory
from policies.selectors import contact_officer_for_category

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Refused rows kept for the report; beyond this only the count grows (a wrong file is refused whole).
MAX_REPORTED_ROWS = 5000


@dataclass(frozen=True)
class Column:
    field: str
    header_ar: str
    required: bool = True


# The template's columns, in order. Headers are matched in Arabic or as the English field name.
COLUMNS = (
    Column("identity_type", "نوع الهوية", required=False),
    Column("identity_number", "رقم الهوية"),
    Column("first_name", "الاسم الأول"),
    Column("father_name", "اسم الأب"),
    Column("grandfather_name", "اسم الجد"),
    Column("family_name", "اسم العائلة"),
    Column("gender", "الجنس"),
    Column("birth_date", "تاريخ الميلاد"),
    Column("nationality", "الجنسية", required=False),
    Column("marital_status", "الحالة الاجتماعية"),
    Column("mobile", "الجوال"),
    Column("email", "البريد الإلكتروني", required=False),
    Column("city", "المدينة"),
    Column("district", "الحي", required=False),
    Column("address", "العنوان", required=False),
    Column("category", "الفئة"),
    Column("kind", "نوع المستفيد", required=False),
    Column("contact_channel", "قناة التواصل المتفق عليها", required=False),
    Column("monthly_income", "الدخل الشهري", required=False),
    Column("monthly_expenses", "المصروفات الشهرية", required=False),
    Column("health_status", "الحالة الصحية", required=False),
)
REQUIRED_FIELDS = {column.field for column in COLUMNS if column.required}
CHOICES = {
    "identity_type": IdentityType,
    "gender": Gender,
    "marital_status": MaritalStatus,
    "kind": BeneficiaryKind,
    "contact_channel": ContactChannel,
    "health_status": HealthStatus,
}
# Spreadsheets write the feminine form for a woman; both name the same choice.
SYNONYMS = {
    "marital_status": {
        "عزباء": "single",
        "متزوجة": "married",
        "مطلقة": "divorced",
        "أرملة": "widowed",
        "ارملة": "widowed",
    },
    "gender": {"ذكر": "male", "انثى": "female", "م": "male", "ف": "female"},
    "identity_type": {"هوية وطنية": "national_id", "هوية": "national_id", "اقامة": "iqama", "إقامة": "iqama"},
}
ALLOWED_EXTENSIONS = (".csv", ".xlsx")


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


def _header_key(value) -> str:
    return " ".join(str(value or "").replace("\ufeff", "").split()).casefold()


def _header_map() -> dict[str, str]:
    mapping = {}
    for column in COLUMNS:
        mapping[_header_key(column.field)] = column.field
        mapping[_header_key(column.header_ar)] = column.field
    return mapping


def _choice_lookup(choices) -> dict[str, str]:
    """Codes, Arabic labels and English labels all name the same choice."""
    lookup = {}
    for value, label in choices.choices:
        lookup[_header_key(value)] = value
        for language in ("ar", "en"):
            with translation.override(language):
                lookup[_header_key(str(label))] = value
    return lookup


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize_digits(str(value)).strip().replace("/", "-").replace(".", "-")
    parts = text.split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        numbers = [int(part) for part in parts]
        # Year first (2024-05-01) or last (01-05-2024), as spreadsheets in the region write them.
        year, month, day = numbers if len(parts[0]) == 4 else (numbers[2], numbers[1], numbers[0])
        try:
            if year < 1600:  # a Hijri (Umm al-Qura) date, common on Saudi identity cards
                return Hijri(year, month, day).to_gregorian()
            return date(year, month, day)
        except (ValueError, OverflowError):
            pass
    raise ValidationError(_("Write the date as YYYY-MM-DD (Gregorian or Hijri)."))


def _parse_amount(value) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    text = normalize_digits(str(value)).replace(",", "").replace("٬", "").replace("٫", ".").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(_("Write the amount in riyals as a number.")) from error
    if amount < 0 or not amount.is_finite():
        raise ValidationError(_("Write the amount in riyals as a number."))
    return amount.quantize(Decimal("0.01"))


class RowChecker:
    """Turns one row of the file into an unsaved Beneficiary, or the reasons it is refused."""

    def __init__(self, *, actor):
        self.actor = actor
        self.choices = {field: _choice_lookup(choices) for field, choices in CHOICES.items()}
        for field, synonyms in SYNONYMS.items():
            self.choices[field].update({_header_key(word): value for word, value in synonyms.items()})
        self.categories = {}
        for category in BeneficiaryCategory.objects.filter(is_active=True):
            for name in (category.code, category.name, category.name_en):
                if name:
                    self.categories[_header_key(name)] = category
        self.officers = {}
        self.seen_numbers: set[str] = set()

    def officer_for(self, category):
        if category.pk not in self.officers:
            self.officers[category.pk] = contact_officer_for_category(category=category)
        return self.officers[category.pk]

    def check(self, raw: dict) -> tuple[Beneficiary | None, list[str]]:
        errors: list[str] = []
        values = {field: ("" if value is None else value) for field, value in raw.items()}
        text = {
            field: " ".join(str(value).split()) if not isinstance(value, date) else value
            for field, value in values.items()
        }

        for field in REQUIRED_FIELDS:
            if text.get(field) in ("", None):
                errors.append(_("%(column)s is empty.") % {"column": _column_label(field)})
        if errors:
            return None, errors

        data = {}
        for field in CHOICES:
            given = text.get(field, "")
            if given == "":
                continue
            choice = self.choices[field].get(_header_key(given))
            if choice is None:
                errors.append(
                    _("%(column)s: “%(value)s” is not one of the choices.")
                    % {"column": _column_label(field), "value": given}
                )
            else:
                data[field] = choice

        number = normalize_digits(str(text["identity_number"]))
        identity_type = data.get("identity_type") or (
            IdentityType.IQAMA if number.startswith("2") else IdentityType.NATIONAL_ID
        )
        data["identity_type"] = identity_type
        try:
            data["identity_number"] = clean_identity_number(identity_type, number)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            if data["identity_number"] in self.seen_numbers:
                errors.append(_("This identity number appears twice in the file."))
            self.seen_numbers.add(data["identity_number"])
        try:
            data["mobile"] = normalize_mobile(str(text["mobile"]))
        except ValidationError as error:
            errors.extend(error.messages)
        try:
            data["birth_date"] = _parse_date(values["birth_date"])
            if data["birth_date"] > timezone.localdate():
                errors.append(_("The birth date is in the future."))
        except ValidationError as error:
            errors.extend(error.messages)
        for field in ("monthly_income", "monthly_expenses"):
            try:
                data[field] = _parse_amount(values.get(field))
            except ValidationError as error:
                errors.append(f"{_column_label(field)}: {error.messages[0]}")
        category = self.categories.get(_header_key(text["category"]))
        if category is None:
            errors.append(_("The category “%(value)s” does not exist.") % {"value": text["category"]})
        if errors:
            return None, errors

        beneficiary = Beneficiary(
            **data,
            first_name=text["first_name"],
            father_name=text["father_name"],
            grandfather_name=text["grandfather_name"],
            family_name=text["family_name"],
            nationality=text.get("nationality") or (_("Saudi") if identity_type == IdentityType.NATIONAL_ID else ""),
            email=text.get("email", ""),
            city=text["city"],
            district=text.get("district", ""),
            address=text.get("address", ""),
            category=category,
            contact_officer=self.officer_for(category),
            registered_by=self.actor,
        )
        beneficiary.full_name_normalized = normalize_arabic_name(beneficiary.full_name)
        try:
            # Uniqueness is checked for the whole batch at once (one query), not row by row.
            # Check constraints would cost a query each per row here; the database enforces them.
            beneficiary.full_clean(
                exclude=["category", "contact_officer", "registered_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = _column_label(field) if field in {c.field for c in COLUMNS} else ""
                errors.extend(f"{label}: {message}" if label else message for message in messages)
            return None, errors
        return beneficiary, []


def _column_label(field: str) -> str:
    for column in COLUMNS:
        if column.field == field:
            return column.header_ar if translation.get_language() == "ar" else column.field
    return field


# --- reading files -------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    # Excel on Arabic Windows saves CSV in Windows-1256, everything else in UTF-8.
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file's text encoding is not recognised; save it as CSV UTF-8."))


def _csv_rows(raw: bytes) -> tuple[list[str], Iterator[list], int]:
    text = _decode(raw)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    total = sum(1 for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row))
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    return header, reader, max(total - 1, 0)


def _xlsx_rows(path_or_file) -> tuple[list[str], Iterator[list], int]:
    from openpyxl import load_workbook  # only needed when an Excel file is imported

    try:
        workbook = load_workbook(path_or_file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or disguised file
        raise ImportFileError(_("The Excel file cannot be read; save it again as .xlsx.")) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    total = max((sheet.max_row or 1) - 1, 0)
    return [str(cell or "") for cell in header], rows, total


def _open_rows(beneficiary_import: BeneficiaryImport):
    name = beneficiary_import.source_name.lower()
    with beneficiary_import.source_file.open("rb") as handle:
        raw = handle.read()
    if name.endswith(".xlsx"):
        header, rows, total = _xlsx_rows(io.BytesIO(raw))
    else:
        header, rows, total = _csv_rows(raw)
    mapping = _header_map()
    fields = [mapping.get(_header_key(cell)) for cell in header]
    missing = [column for column in COLUMNS if column.required and column.field not in fields]
    if missing:
        raise ImportFileError(
            _("These columns are missing from the first row: %(columns)s.")
            % {"columns": "، ".join(_column_label(column.field) for column in missing)}
        )

    def records():
        for row in rows:
            cells = list(row)
            if not any(str(cell or "").strip() for cell in cells):
                continue
            yield {field: cells[index] if index < len(cells) else "" for index, field in enumerate(fields) if field}

    return records(), total


# --- services ------------------------------------------------------------------------------


def beneficiary_import_start(*, actor: AbstractBaseUser, uploaded_file: UploadedFile) -> BeneficiaryImport:
    """Store the file privately and queue the import after the commit."""
    name = uploaded_file.name or ""
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise ValidationError({"file": _("Choose a CSV or Excel (.xlsx) file.")})
    if uploaded_file.size > settings.BENEFICIARY_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(size)d MB.")
                % {"size": settings.BENEFICIARY_IMPORT_MAX_BYTES // 2**20}
            }
        )
    try:
        scan_upload(uploaded_file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    with transaction.atomic():
        beneficiary_import = BeneficiaryImport(uploaded_by=actor, source_name=name[:200])
        beneficiary_import.source_file.save(name, uploaded_file, save=False)
        beneficiary_import.full_clean()
        beneficiary_import.save()
        transaction.on_commit(lambda: _queue(beneficiary_import.pk))
    return beneficiary_import


def _queue(import_id: int) -> None:
    from beneficiaries.tasks import run_beneficiary_import

    run_beneficiary_import.delay(import_id)


def beneficiary_import_run(*, beneficiary_import: BeneficiaryImport) -> BeneficiaryImport:
    """Check every row, insert the good ones in batches, report the rest. Safe to call once."""
    claimed = BeneficiaryImport.objects.filter(pk=beneficiary_import.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return beneficiary_import
    beneficiary_import.refresh_from_db()
    actor = beneficiary_import.uploaded_by
    with translation.override(settings.LANGUAGE_CODE):
        try:
            records, total = _open_rows(beneficiary_import)
            BeneficiaryImport.objects.filter(pk=beneficiary_import.pk).update(total_rows=total)
            checker = RowChecker(actor=actor)
            batch: list[tuple[int, Beneficiary]] = []
            report = _Report(beneficiary_import.pk)
            for row_number, raw in enumerate(records, start=2):
                beneficiary, errors = checker.check(raw)
                if errors:
                    report.refuse(row_number, raw.get("identity_number"), errors)
                else:
                    batch.append((row_number, beneficiary))
                report.processed += 1
                if len(batch) >= BATCH_SIZE or report.processed % BATCH_SIZE == 0:
                    _insert(batch, actor=actor, report=report)
                    batch = []
            _insert(batch, actor=actor, report=report)
            report.finish(status=ImportStatus.DONE)
        except ValidationError as error:
            BeneficiaryImport.objects.filter(pk=beneficiary_import.pk).update(
                status=ImportStatus.FAILED, error=" ".join(error.messages), finished_at=timezone.now()
            )
        except Exception:
            logger.exception("Beneficiary import %s stopped", beneficiary_import.pk)
            BeneficiaryImport.objects.filter(pk=beneficiary_import.pk).update(
                status=ImportStatus.FAILED,
                error=_("The import stopped because of an unexpected error; the rows before it were saved."),
                finished_at=timezone.now(),
            )
    # Data minimisation: the uploaded spreadsheet is not kept once its rows are in the registry.
    beneficiary_import.refresh_from_db()
    if beneficiary_import.source_file:
        beneficiary_import.source_file.delete(save=False)
        BeneficiaryImport.objects.filter(pk=beneficiary_import.pk).update(source_file="")
    beneficiary_import.refresh_from_db()
    return beneficiary_import


class _Report:
    """Counts and refused rows, written to the import row after each batch."""

    def __init__(self, import_id: int):
        self.import_id = import_id
        self.processed = 0
        self.created = 0
        self.rejected = 0
        self.rejected_rows: list[dict] = []

    def refuse(self, row_number: int, identity_number, errors: list[str]) -> None:
        self.rejected += 1
        if len(self.rejected_rows) < MAX_REPORTED_ROWS:
            self.rejected_rows.append(
                {"row": row_number, "identity_number": str(identity_number or ""), "errors": [str(e) for e in errors]}
            )

    def save_progress(self) -> None:
        BeneficiaryImport.objects.filter(pk=self.import_id).update(
            processed_rows=self.processed,
            created_count=self.created,
            rejected_count=self.rejected,
            rejected_rows=self.rejected_rows,
        )

    def finish(self, *, status: str) -> None:
        self.save_progress()
        BeneficiaryImport.objects.filter(pk=self.import_id).update(status=status, finished_at=timezone.now())


def _already_registered() -> str:
    return _("A beneficiary with this identity number is already registered.")


def _insert(batch: list[tuple[int, Beneficiary]], *, actor, report: _Report) -> None:
    """One transaction per batch: the rows and their history rows, then the progress."""
    reason = str(gettext_lazy("Imported from a file"))
    if batch:
        numbers = [beneficiary.identity_number for _row, beneficiary in batch]
        registered = set(
            Beneficiary.objects.filter(identity_number__in=numbers).values_list("identity_number", flat=True)
        )
        fresh = []
        for row_number, beneficiary in batch:
            if beneficiary.identity_number in registered:
                report.refuse(
                    row_number,
                    beneficiary.identity_number,
                    [_("A beneficiary with this identity number is already registered.")],
                )
            else:
                fresh.append((row_number, beneficiary))
        try:
            with transaction.atomic():
                bulk_create_with_history(
                    [beneficiary for _row, beneficiary in fresh],
                    Beneficiary,
                    batch_size=BATCH_SIZE,
                    default_user=actor,
                    default_change_reason=reason,
                )
            report.created += len(fresh)
        except IntegrityError:
            # Someone registered one of these people at the desk meanwhile: fall back to one row at a time.
            for row_number, beneficiary in fresh:
                beneficiary.pk = None
                try:
                    with transaction.atomic():
                        bulk_create_with_history(
                            [beneficiary], Beneficiary, default_user=actor, default_change_reason=reason
                        )
                    report.created += 1
                except IntegrityError:
                    if Beneficiary.objects.filter(identity_number=beneficiary.identity_number).exists():
                        reason_refused = _already_registered()
                    else:
                        reason_refused = _("The row breaks a rule of the registry; check its values.")
                    report.refuse(row_number, beneficiary.identity_number, [reason_refused])
    report.save_progress()


def import_template_csv() -> str:
    """The columns in Arabic and one example row, for staff to fill in (UTF-8 with BOM for Excel)."""
    category = BeneficiaryCategory.objects.filter(is_active=True).order_by("sort_order", "name").first()
    with translation.override("ar"):
        example = {
            "identity_type": str(IdentityType.NATIONAL_ID.label),
            "identity_number": "1000000008",
            "first_name": "فاطمة",
            "father_name": "محمد",
            "grandfather_name": "عبدالله",
            "family_name": "القحطاني",
            "gender": str(Gender.FEMALE.label),
            "birth_date": "1985-03-14",
            "nationality": "سعودية",
            "marital_status": str(MaritalStatus.WIDOWED.label),
            "mobile": "0501234567",
            "city": "الرياض",
            "district": "النسيم",
            "category": category.name if category else "",
            "monthly_income": "1500",
            "monthly_expenses": "2200",
        }
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header_ar for column in COLUMNS])
    writer.writerow([example.get(column.field, "") for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()
