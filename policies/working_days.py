"""Working days (R11): the weekend, Saudi official holidays and the association's own closures.

Everything here is pure: no database access. ``selectors.working_calendar`` reads the policy
parameters, the announced holiday dates and the closures once and hands them to
``build_calendar``; the resulting ``WorkingCalendar`` then answers any number of due-date
questions (one per open request) without touching the database again.

The policy's rule: the day a request is completed does not count. The deadline is reached on
the N-th working day *after* it, so a due date always falls on a working day.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from hijridate import Gregorian, Hijri

HOLIDAYS_COUNTRY = "SA"


class Weekday(models.IntegerChoices):
    """Python's weekday numbers (Monday is 0), listed in the Saudi week's order, Sunday first."""

    SUNDAY = 6, _("Sunday")
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")


class OfficialHoliday(models.TextChoices):
    """The Saudi official holidays an admin may re-date once their dates are announced."""

    FOUNDING_DAY = "founding_day", _("Founding Day")
    EID_AL_FITR = "eid_al_fitr", _("Eid al-Fitr")
    # The Day of Arafah opens the Eid al-Adha holiday; the announcement gives one range for both.
    EID_AL_ADHA = "eid_al_adha", _("Eid al-Adha (with the Day of Arafah)")
    NATIONAL_DAY = "national_day", _("National Day")


# Dated by the moon, so identified by their Umm al-Qura year: one Gregorian year can hold two
# Eid al-Fitr holidays (January and December 2033), one Hijri year never can.
HIJRI_HOLIDAYS = frozenset({OfficialHoliday.EID_AL_FITR, OfficialHoliday.EID_AL_ADHA})

# Hijri months an announced Eid may start in: the Eid itself, or the last days of the month before.
HIJRI_START_MONTHS = {
    OfficialHoliday.EID_AL_FITR: (9, 10),
    OfficialHoliday.EID_AL_ADHA: (11, 12),
}

# An announced holiday longer than this is almost certainly a typing mistake in a year.
MAX_HOLIDAY_DAYS = 30

# The package's English names (without its "(observed)"/"(estimated)" suffixes) of each holiday.
# Anything else the package returns (a one-off royal holiday) stays a day off but cannot be re-dated.
_HOLIDAY_BY_PACKAGE_NAME = {
    "Founding Day Holiday": OfficialHoliday.FOUNDING_DAY,
    "Eid al-Fitr Holiday": OfficialHoliday.EID_AL_FITR,
    "Day of Arafah": OfficialHoliday.EID_AL_ADHA,
    "Eid al-Adha Holiday": OfficialHoliday.EID_AL_ADHA,
    "National Day Holiday": OfficialHoliday.NATIONAL_DAY,
}

# Names shown for announced dates: the package's own wording, without the "estimated" mark.
_ANNOUNCED_NAMES = {
    OfficialHoliday.FOUNDING_DAY: ("يوم التأسيس", "Founding Day Holiday"),
    OfficialHoliday.EID_AL_FITR: ("عطلة عيد الفطر", "Eid al-Fitr Holiday"),
    OfficialHoliday.EID_AL_ADHA: ("عطلة عيد الأضحى", "Eid al-Adha Holiday"),
    OfficialHoliday.NATIONAL_DAY: ("اليوم الوطني", "National Day Holiday"),
}


class DayOffSource(models.TextChoices):
    OFFICIAL = "official", _("Official holiday (holidays package)")
    ANNOUNCED = "announced", _("Official holiday (announced dates)")
    CLOSURE = "closure", _("Association closure")


class CalendarRangeError(LookupError):
    """The arithmetic reached a day the calendar was not loaded for.

    Treating an unloaded day as a working day would silently give a wrong due date, so the
    caller must load a wider range instead.
    """


@dataclass(frozen=True, slots=True)
class DayOff:
    """One reason a day is not a working day (a day may have several)."""

    day: date
    name_ar: str
    name_en: str
    source: str
    holiday: str = ""
    holiday_year: int | None = None
    estimated: bool = False
    observed: bool = False

    @property
    def name(self) -> str:
        if (get_language() or "ar").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ar


@dataclass(frozen=True, slots=True)
class ClosurePeriod:
    """A closure of the association, as the calendar sees it."""

    name_ar: str
    name_en: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class AnnouncedHoliday:
    """Officially announced dates that replace the package's dates of ``holiday`` in ``year``."""

    holiday: str
    year: int
    start: date
    end: date


def _days(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def hijri_year(day: date) -> int | None:
    """The Umm al-Qura year of ``day``; None outside the tables (1924–2077)."""
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except OverflowError:
        return None


def hijri_month(day: date) -> int | None:
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().month
    except OverflowError:
        return None


def holiday_year(holiday: str, day: date) -> int | None:
    """The year that identifies an occurrence of ``holiday`` falling on ``day``.

    The Eids are identified by their Hijri year, the Gregorian holidays by their Gregorian year.
    """
    if holiday in HIJRI_HOLIDAYS:
        return hijri_year(day)
    return day.year


def _split_package_name(name: str) -> tuple[str, bool, bool]:
    """``"Eid al-Fitr Holiday (observed, estimated)"`` -> base name, observed?, estimated?"""
    base, _sep, suffix = name.partition(" (")
    return base, "observed" in suffix, "estimated" in suffix


@functools.lru_cache(maxsize=128)
def official_holidays(year: int) -> tuple[DayOff, ...]:
    """Saudi official holidays of a Gregorian year, as the ``holidays`` package has them.

    The package marks moon-dependent dates it has not confirmed as estimated; they stand until
    an admin records the announced dates (``HolidayOverride``).
    """
    arabic = holidays.country_holidays(HOLIDAYS_COUNTRY, years=year, language="ar", islamic_show_estimated=True)
    english = holidays.country_holidays(HOLIDAYS_COUNTRY, years=year, language="en_US", islamic_show_estimated=True)
    result = []
    for day in sorted(english):
        for name_en, name_ar in zip(english.get_list(day), arabic.get_list(day), strict=True):
            base, observed, estimated = _split_package_name(name_en)
            holiday = _HOLIDAY_BY_PACKAGE_NAME.get(base, "")
            result.append(
                DayOff(
                    day=day,
                    name_ar=name_ar,
                    name_en=name_en,
                    source=DayOffSource.OFFICIAL,
                    holiday=holiday,
                    holiday_year=holiday_year(holiday, day) if holiday else None,
                    estimated=estimated,
                    observed=observed,
                )
            )
    return tuple(result)


def package_dates(holiday: str, year: int) -> tuple[date, ...]:
    """The days the package gives for one occurrence of ``holiday``: what an announcement replaces."""
    return tuple(
        sorted(
            {
                day_off.day
                for gregorian_year in _gregorian_years_of(holiday, year)
                for day_off in official_holidays(gregorian_year)
                if day_off.holiday == holiday and day_off.holiday_year == year
            }
        )
    )


def _gregorian_years_of(holiday: str, year: int) -> tuple[int, ...]:
    """The Gregorian years an occurrence identified by ``year`` may fall in."""
    if holiday not in HIJRI_HOLIDAYS:
        return (year,)
    try:
        first = Hijri(year, 1, 1).to_gregorian()
        last = Hijri(year, 12, Hijri(year, 12, 1).month_length()).to_gregorian()
    except OverflowError:
        return ()
    return tuple(range(first.year, last.year + 1))


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days between ``first_day`` and ``last_day`` are working days, and why the others are not."""

    first_day: date
    last_day: date
    weekend: frozenset[int]
    days_off: Mapping[date, tuple[DayOff, ...]]

    def __post_init__(self):
        if self.first_day > self.last_day:
            raise ValueError("A calendar's first day must not be after its last day.")
        if not self.weekend <= set(range(7)) or len(self.weekend) == 7:
            raise ValueError(f"Invalid weekend: {sorted(self.weekend)}")

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def is_working_day(self, day: date) -> bool:
        if not self.covers(day):
            raise CalendarRangeError(f"{day} is outside the loaded calendar {self.first_day}–{self.last_day}.")
        return day.weekday() not in self.weekend and day not in self.days_off

    @functools.cached_property
    def _working_days_through(self) -> list[int]:
        """Entry ``i``: the working days from ``first_day`` to the day ``i - 1`` days after it (entry 0
        is the day before ``first_day``). Built once, so a count is two look-ups however long the span:
        the dashboard counts thousands of spans per page."""
        counts = [0]
        for day in _days(self.first_day, self.last_day):
            counts.append(counts[-1] + (day.weekday() not in self.weekend and day not in self.days_off))
        return counts

    def working_days_through(self, day: date) -> int:
        """The working days from ``first_day`` up to and including ``day`` (0 the day before it)."""
        counts = self._working_days_through
        index = (day - self.first_day).days + 1
        if not 0 <= index < len(counts):
            raise CalendarRangeError(f"{day} is outside the loaded calendar {self.first_day}–{self.last_day}.")
        return counts[index]

    def reasons_off(self, day: date) -> tuple[DayOff, ...]:
        """The holidays and closures on ``day`` (the weekend is not listed)."""
        return self.days_off.get(day, ())

    def add_working_days(self, start: date, days: int) -> date:
        return add_working_days(start, days, calendar=self)

    def count_working_days(self, start: date, end: date) -> int:
        return count_working_days(start, end, calendar=self)


def add_working_days(start: date, days: int, *, calendar: WorkingCalendar) -> date:
    """The day ``days`` working days after ``start``; ``start`` itself never counts.

    With ``days == 0`` the answer is ``start`` when it is a working day, else the next one, so
    a due date never falls on a weekend, a holiday or a closure.
    """
    if days < 0:
        raise ValueError("The number of working days to add must not be negative.")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def count_working_days(start: date, end: date, *, calendar: WorkingCalendar) -> int:
    """Working days after ``start`` up to and including ``end``.

    The counterpart of ``add_working_days``: ``count(d, add(d, n)) == n``. With ``end`` before
    ``start`` the count is negative, so "working days left" turns into "working days overdue".
    """
    if end < start:
        return -count_working_days(end, start, calendar=calendar)
    if end == start:
        return 0
    return calendar.working_days_through(end) - calendar.working_days_through(start)


def build_calendar(
    *,
    first_day: date,
    last_day: date,
    weekend: Iterable[int],
    announced: Iterable[AnnouncedHoliday] = (),
    closures: Iterable[ClosurePeriod] = (),
) -> WorkingCalendar:
    """Merge the package's holidays, the announced replacements and the closures for a range.

    An announced holiday removes every package day of the same holiday with the same key year
    (observed and estimated days included) and puts its own range in their place.
    """
    announced = tuple(announced)
    replaced = {(item.holiday, item.year) for item in announced}
    days_off: dict[date, list[DayOff]] = defaultdict(list)
    for gregorian_year in range(first_day.year, last_day.year + 1):
        for day_off in official_holidays(gregorian_year):
            if not first_day <= day_off.day <= last_day:
                continue
            if (day_off.holiday, day_off.holiday_year) in replaced:
                continue
            days_off[day_off.day].append(day_off)
    for item in announced:
        name_ar, name_en = _ANNOUNCED_NAMES[item.holiday]
        for day in _days(max(item.start, first_day), min(item.end, last_day)):
            days_off[day].append(
                DayOff(
                    day=day,
                    name_ar=name_ar,
                    name_en=name_en,
                    source=DayOffSource.ANNOUNCED,
                    holiday=item.holiday,
                    holiday_year=item.year,
                )
            )
    for closure in closures:
        for day in _days(max(closure.start, first_day), min(closure.end, last_day)):
            days_off[day].append(
                DayOff(day=day, name_ar=closure.name_ar, name_en=closure.name_en, source=DayOffSource.CLOSURE)
            )
    return WorkingCalendar(
        first_day=first_day,
        last_day=last_day,
        weekend=frozenset(weekend),
        days_off={day: tuple(reasons) for day, reasons in days_off.items()},
    )
