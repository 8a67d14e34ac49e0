"""Dates as people here read them: Gregorian beside Hijri (Umm al-Qura)."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from hijridate import Gregorian

register = template.Library()


def _as_local_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def hijri_text(value) -> str:
    day = _as_local_date(value)
    if day is None:
        return ""
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except OverflowError:
        # The Umm al-Qura tables cover 1343–1500 AH; older birth dates show Gregorian only.
        return ""
    language = "ar" if (get_language() or "ar").startswith("ar") else "en"
    return _("%(day)s %(month)s %(year)s AH") % {
        "day": hijri.day,
        "month": hijri.month_name(language),
        "year": hijri.year,
    }


@register.filter
def hijri(value) -> str:
    return hijri_text(value)


@register.filter
def dual_date(value) -> str:
    """``23 نوفمبر 2026 م · 13 جمادى الآخرة 1448 هـ`` — one line a person can read either way."""
    day = _as_local_date(value)
    if day is None:
        return ""
    gregorian = formats.date_format(day, "j F Y")
    hijri_part = hijri_text(day)
    if not hijri_part:
        return format_html('<span class="dual-date">{}</span>', _("%(date)s CE") % {"date": gregorian})
    return format_html(
        '<span class="dual-date">{} <span class="text-body-secondary">· {}</span></span>',
        _("%(date)s CE") % {"date": gregorian},
        hijri_part,
    )


@register.filter
def dual_datetime(value) -> str:
    if not isinstance(value, datetime.datetime):
        return dual_date(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html(
        '{} <span class="text-body-secondary">{}</span>', dual_date(local), formats.time_format(local, "H:i")
    )
