"""Dates as people here read them: Gregorian beside Hijri (Umm al-Qura)."""

import datetime
import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
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
    return _hijri_text_of(day, get_language())


# A day's text depends only on the day and the language (the catalogues and formats do not change while
# the process runs): a list page shows the same few dates on every row and every request.
@functools.lru_cache(maxsize=4096)
def _hijri_text_of(day: datetime.date, language_code: str | None) -> str:
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except OverflowError:
        # The Umm al-Qura tables cover 1343–1500 AH; older birth dates show Gregorian only.
        return ""
    language = "ar" if (language_code or "ar").startswith("ar") else "en"
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
    return _dual_date_of(day, get_language())


@functools.lru_cache(maxsize=4096)
def _dual_date_of(day: datetime.date, language_code: str | None) -> str:
    gregorian = formats.date_format(day, "j F Y")
    hijri_part = _hijri_text_of(day, language_code)
    if not hijri_part:
        return format_html('<span class="dual-date">{}</span>', _("%(date)s CE") % {"date": gregorian})
    return format_html(
        '<span class="dual-date">{} <span class="text-body-secondary">· {}</span></span>',
        _("%(date)s CE") % {"date": gregorian},
        hijri_part,
    )


@receiver(setting_changed)
def _forget_date_texts(**kwargs) -> None:
    """Tests that change the languages or formats see texts made with the new settings."""
    _hijri_text_of.cache_clear()
    _dual_date_of.cache_clear()


@register.filter
def dual_datetime(value) -> str:
    if not isinstance(value, datetime.datetime):
        return dual_date(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html(
        '{} <span class="text-body-secondary">{}</span>', dual_date(local), formats.time_format(local, "H:i")
    )
