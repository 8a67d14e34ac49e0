"""What the bench's simulated visitors type: shared by locust (bench/locustfile.py), bench/throughput.py
and bench/scaleout.py. Plain Python (no Django), so the locust processes can import it."""

import re
import uuid

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(page_text: str) -> str:
    found = CSRF.search(page_text or "")
    return found.group(1) if found else ""


def luhn_complete(body: str) -> str:
    """``body`` and the check digit that makes it a valid Saudi ID or iqama number."""
    total = 0
    for index, char in enumerate(reversed(body + "0")):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return body + str((10 - total % 10) % 10)


def identity_number(serial: int) -> str:
    return luhn_complete(f"1{serial % 100_000_000:08d}")


def request_form(*, plan: dict, serial: int, csrf: str = "") -> dict:
    """A complete, valid public request form for a new applicant numbered ``serial``."""
    return {
        "csrfmiddlewaretoken": csrf,
        "submission_key": str(uuid.uuid4()),
        "service_type": plan["service_type"],
        "category": plan["category"],
        "identity_type": "national_id",
        "identity_number": identity_number(serial),
        "mobile": f"05{serial % 100_000_000:08d}",
        "first_name": "سارة",
        "father_name": "عبدالرحمن",
        "grandfather_name": "حمد",
        "family_name": "العنزي",
        "gender": "female",
        "birth_date": "1988-02-11",
        "nationality": "سعودية",
        "marital_status": "widowed",
        "city": "الرياض",
        "need_description": "مساعدة في سداد إيجار المنزل",
        "reason": "توفي زوجي وانقطع دخل الأسرة",
        "amount_requested": "2500",
        "acknowledge_duties": "on",
    }
