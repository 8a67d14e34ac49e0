"""Time the bulk import of beneficiaries (issue 11: 100,000 rows in under a minute, with history).

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/silah_import_bench \
        .venv/bin/python bench/bulk_import.py --rows 100000

The database must be migrated and should not already hold these identity numbers (the script
uses serials from --first-serial). It writes a CSV like the template's, runs the same service the
page runs, and prints rows per second and the counts.
"""

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402

from bench.visitors import luhn_complete  # noqa: E402
from beneficiaries.importing import COLUMNS, beneficiary_import_run, beneficiary_import_start  # noqa: E402
from beneficiaries.models import Beneficiary  # noqa: E402
from policies.models import BeneficiaryCategory  # noqa: E402


def spreadsheet(rows: int, first_serial: int, category: str) -> bytes:
    first_names = ["فاطمة", "محمد", "نورة", "عبدالله", "سارة", "خالد", "منيرة", "سلطان"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header_ar for column in COLUMNS])
    for index in range(rows):
        body = f"1{(first_serial + index) % 100_000_000:08d}"
        values = {
            "identity_number": luhn_complete(body),
            "first_name": first_names[index % len(first_names)],
            "father_name": "محمد",
            "grandfather_name": "عبدالله",
            "family_name": "القحطاني",
            "gender": "أنثى" if index % 2 else "ذكر",
            "birth_date": f"{1950 + index % 50}-0{1 + index % 9}-1{index % 9}",
            "marital_status": "متزوج",
            "mobile": f"05{index % 100_000_000:08d}",
            "city": "الرياض",
            "category": category,
            "monthly_income": str(index % 5000),
        }
        writer.writerow([values.get(column.field, "") for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--first-serial", type=int, default=70_000_000)
    args = parser.parse_args()

    user, _created = get_user_model().objects.get_or_create(username="bench-importer")
    category, _created = BeneficiaryCategory.objects.get_or_create(code="bench-import", defaults={"name": "فئة القياس"})
    data = spreadsheet(args.rows, args.first_serial, category.name)
    history = Beneficiary.history.model.objects.count()
    started = time.perf_counter()
    beneficiary_import = beneficiary_import_start(
        actor=user, uploaded_file=SimpleUploadedFile("bench.csv", data, content_type="text/csv")
    )
    # Without a broker the task runs right after the upload's commit, as on the page.
    result = beneficiary_import_run(beneficiary_import=beneficiary_import)
    result.refresh_from_db()
    seconds = time.perf_counter() - started
    print(
        f"{connection.vendor}: {args.rows} rows in {seconds:.1f} s ({args.rows / seconds:,.0f} rows/s); "
        f"registered {result.created_count}, refused {result.rejected_count}, "
        f"history rows written {Beneficiary.history.model.objects.count() - history}; status {result.status}"
    )


if __name__ == "__main__":
    main()
