"""Message templates rendered with Django's template language, as plain text.

Autoescaping is off: the output goes into SMS, plain-text email, printed letters and call
scripts, where ``&amp;`` would be wrong. Pages that show a message escape it as usual.
"""

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from notifications.models import Event
from policies.selectors import association_profile

ENGINE = Engine(
    autoescape=False,
    builtins=["notifications.templatetags.notification_text"],
    # No loaders: a template from the database cannot include files from disk.
    loaders=[],
)

COMMON_PLACEHOLDERS = ("recipient_name", "association_name")

# What each event's caller puts in the context; shown to admins who edit the texts.
EVENT_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    Event.REQUEST_RECEIVED: ("request_number", "service_name", "received_date", "tracking_code"),
    Event.REQUEST_INCOMPLETE: ("request_number", "service_name", "missing_items (a list)"),
    Event.REQUEST_COMPLETE: ("request_number", "service_name", "completed_date", "expected_date", "working_days"),
    Event.DECISION: ("request_number", "service_name", "decision", "decision_note", "amount"),
    Event.DELIVERY: ("request_number", "service_name", "delivery_date", "delivery_details"),
    Event.COMPLAINT_ACKNOWLEDGED: ("complaint_number", "received_date", "expected_date", "tracking_code"),
    Event.COMPLAINT_ANSWERED: ("complaint_number", "answer"),
    Event.SURVEY_INVITATION: ("survey_url", "deadline"),
    Event.DEADLINE_APPROACHING: ("case_label", "case_number", "due_date", "days_left", "url"),
    Event.DEADLINE_PASSED: ("case_label", "case_number", "due_date", "days_overdue", "url"),
}

PLACEHOLDER_HELP = _(
    "Write {{ name }} to insert a value. Every message knows recipient_name and association_name; "
    "filters such as {{ expected_date|date:'j F Y' }}, {{ expected_date|hijri }} and "
    "{{ missing_items|join:'، ' }} are available."
)

_BLANK_LINES = re.compile(r"\n{3,}")


def check_template_syntax(*, subject: str, body: str) -> None:
    errors = {}
    for field, source in (("subject", subject), ("body", body)):
        try:
            ENGINE.from_string(source or "")
        except TemplateSyntaxError as error:
            errors[field] = _("This text has a template error: %(error)s") % {"error": error}
    if errors:
        raise ValidationError(errors)


def association_name(language: str) -> str:
    """``NOTIFICATIONS_ASSOCIATION_NAME`` if set, else the association profile's name in the message's language."""
    if settings.NOTIFICATIONS_ASSOCIATION_NAME:
        return settings.NOTIFICATIONS_ASSOCIATION_NAME
    profile = association_profile()
    if profile.pk is None:
        return ""  # not configured yet: the texts fall back to "the association"
    if language == "en" and profile.name_en:
        return profile.name_en
    return profile.name


def global_context(*, language: str) -> dict[str, Any]:
    """Values every message may use: the association's name, plus any configured processors."""
    values: dict[str, Any] = {"association_name": association_name(language)}
    for path in settings.NOTIFICATIONS_CONTEXT_PROCESSORS:
        values.update(import_string(path)())
    return values


def render_text(source: str, *, context: Mapping[str, Any], language: str) -> str:
    with translation.override(language):
        text = ENGINE.from_string(source).render(Context(dict(context), autoescape=False))
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines))
