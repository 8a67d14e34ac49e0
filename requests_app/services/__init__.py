"""Every write of support requests. Views, forms, admin and commands call these."""

from requests_app.services.deadlines import deadline_reminders_send
from requests_app.services.intake import (
    VERIFICATION_FACTS,
    declaration_sign,
    due_dates_recompute,
    research_report_write,
    support_request_verify,
)
from requests_app.services.numbers import (
    normalize_tracking_code,
    reference_number_allocate,
    tracking_code_generate,
)
from requests_app.services.requests import (
    service_type_check_eligible,
    support_request_create,
)

__all__ = [
    "VERIFICATION_FACTS",
    "deadline_reminders_send",
    "declaration_sign",
    "due_dates_recompute",
    "normalize_tracking_code",
    "reference_number_allocate",
    "research_report_write",
    "service_type_check_eligible",
    "support_request_create",
    "support_request_verify",
    "tracking_code_generate",
]
