from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, IntegerField, QuerySet, Value, When

from policies.choices import FieldOfWork
from policies.models import (
    PARAMETERS_PK,
    AssociationProfile,
    BeneficiaryCategory,
    Closure,
    ContactOfficer,
    HolidayOverride,
    PolicyParameters,
)
from policies.working_days import (
    CalendarRangeError,
    DayOff,
    DayOffSource,
    OfficialHoliday,
    WorkingCalendar,
    add_working_days,
    build_calendar,
)


def association_profile() -> AssociationProfile:
    """The configured profile, or an unsaved placeholder before an admin fills it in."""
    return AssociationProfile.objects.order_by("pk").first() or AssociationProfile(name="صلة")


def active_categories() -> QuerySet[BeneficiaryCategory]:
    return BeneficiaryCategory.objects.filter(is_active=True)


def contact_officer_for_category(*, category: BeneficiaryCategory):
    """The officer for a category: the general field first, then any other field."""
    assignment = (
        ContactOfficer.objects.filter(category=category, user__is_active=True)
        .select_related("user")
        .annotate(
            general_first=Case(
                When(field_of_work=FieldOfWork.GENERAL, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("general_first", "pk")
        .first()
    )
    return assignment.user if assignment else None


def categories_of_contact_officer(*, user) -> QuerySet[BeneficiaryCategory]:
    return BeneficiaryCategory.objects.filter(contact_officers__user=user).distinct()


# --- Policy parameters and the working-day calendar -------------------------------------------


def policy_parameters() -> PolicyParameters:
    """The association's parameters; the seed defaults (unsaved) if the row is missing.

    Read fresh on every call (one primary-key query), so a page always sees an admin's last edit.
    """
    return PolicyParameters.objects.filter(pk=PARAMETERS_PK).first() or PolicyParameters(pk=PARAMETERS_PK)


def closures_between(*, start: date, end: date) -> QuerySet[Closure]:
    """Closures that touch any day from ``start`` to ``end``."""
    return Closure.objects.filter(start_date__lte=end, end_date__gte=start).order_by("start_date")


def holiday_overrides() -> QuerySet[HolidayOverride]:
    return HolidayOverride.objects.order_by("start_date")


def working_calendar(*, start: date, end: date, parameters: PolicyParameters | None = None) -> WorkingCalendar:
    """The working days from ``start`` to ``end``: three queries, then any number of due dates.

    Every announced holiday is loaded, not only those inside the range: an announcement for an
    Eid just outside the range still removes the package's estimated days inside it.
    """
    parameters = parameters or policy_parameters()
    return build_calendar(
        first_day=start,
        last_day=end,
        weekend=parameters.weekend,
        announced=[override.as_announced() for override in holiday_overrides()],
        closures=[closure.as_period() for closure in closures_between(start=start, end=end)],
    )


def working_days_after(*, start: date, days: int, parameters: PolicyParameters | None = None) -> date:
    """``start`` plus ``days`` working days, loading as much calendar as the answer needs."""
    parameters = parameters or policy_parameters()
    # Two calendar days per working day plus a month covers the Eids; long closures widen it.
    span = 2 * days + 31
    while True:
        calendar = working_calendar(start=start, end=start + timedelta(days=span), parameters=parameters)
        try:
            return add_working_days(start, days, calendar=calendar)
        except CalendarRangeError:
            span *= 2


def response_due_date(*, completed_on: date, parameters: PolicyParameters | None = None) -> date:
    """When the committee's answer is due for a request completed on ``completed_on`` (R11)."""
    parameters = parameters or policy_parameters()
    return working_days_after(start=completed_on, days=parameters.response_deadline_working_days, parameters=parameters)


@dataclass(frozen=True)
class HolidayOccurrence:
    """One official holiday as the calendar applies it, for the admin's overview."""

    name: str
    holiday: str
    year: int | None
    first_day: date
    last_day: date
    announced: bool
    estimated: bool


def official_holidays_between(*, start: date, end: date) -> list[HolidayOccurrence]:
    """The official holidays from ``start`` to ``end``: the package's dates, or the announced ones."""
    calendar = working_calendar(start=start, end=end)
    groups: dict[tuple[str, int | None], list[DayOff]] = {}
    for day in sorted(calendar.days_off):
        for reason in calendar.reasons_off(day):
            if reason.source == DayOffSource.CLOSURE:
                continue
            key = (reason.holiday, reason.holiday_year) if reason.holiday else (reason.name_en, day.year)
            groups.setdefault(key, []).append(reason)
    return [
        HolidayOccurrence(
            name=str(OfficialHoliday(reasons[0].holiday).label) if reasons[0].holiday else reasons[0].name,
            holiday=reasons[0].holiday,
            year=reasons[0].holiday_year,
            first_day=reasons[0].day,
            last_day=reasons[-1].day,
            announced=any(reason.source == DayOffSource.ANNOUNCED for reason in reasons),
            estimated=any(reason.estimated for reason in reasons),
        )
        for reasons in groups.values()
    ]
