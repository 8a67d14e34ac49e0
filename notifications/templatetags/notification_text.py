"""Filters available inside message templates (loaded automatically by the message engine)."""

import datetime

from django import template
from django.utils import timezone
from hijridate import Gregorian

register = template.Library()

HIJRI_MONTHS_EN = (
    "Muharram",
    "Safar",
    "Rabi' al-Awwal",
    "Rabi' al-Thani",
    "Jumada al-Ula",
    "Jumada al-Akhirah",
    "Rajab",
    "Sha'ban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qi'dah",
    "Dhu al-Hijjah",
)


@register.filter
def hijri(value) -> str:
    """``2026-03-01`` → ``12 رمضان 1447 هـ`` (or ``12 Ramadan 1447 AH`` in an English message)."""
    from django.utils.translation import get_language

    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return ""
    if not isinstance(value, datetime.date):
        return ""
    try:
        day = Gregorian(value.year, value.month, value.day).to_hijri()
    except OverflowError:
        return ""
    if (get_language() or "ar").startswith("ar"):
        return f"{day.day} {day.month_name('ar')} {day.year} هـ"
    return f"{day.day} {HIJRI_MONTHS_EN[day.month - 1]} {day.year} AH"
