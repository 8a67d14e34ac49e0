import copy
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Case, IntegerField, Max, Prefetch, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from policies import reference
from policies.choices import FieldOfWork
from policies.models import (
    PARAMETERS_PK,
    AssociationProfile,
    BeneficiaryCategory,
    Closure,
    ContactOfficer,
    HolidayOverride,
    PolicyAttachment,
    PolicyDocument,
    PolicyParameters,
    PolicySignOff,
    PolicyVersion,
    SignOffReminder,
    VersionStatus,
)
from policies.working_days import (
    AnnouncedHoliday,
    CalendarRangeError,
    ClosurePeriod,
    DayOff,
    DayOffSource,
    OfficialHoliday,
    WorkingCalendar,
    add_working_days,
    build_calendar,
)


def association_profile() -> AssociationProfile:
    """The configured profile, or an unsaved placeholder before an admin fills it in.

    Kept between requests (``policies.reference``); each call returns a new instance.
    """
    row = reference.kept("association_profile", lambda: reference.row_of(AssociationProfile.objects.order_by("pk")))
    return reference.instance_from_row(AssociationProfile, row) or AssociationProfile(name="صلة")


def active_categories() -> QuerySet[BeneficiaryCategory]:
    return BeneficiaryCategory.objects.filter(is_active=True)


def categories_for_filters() -> tuple[BeneficiaryCategory, ...]:
    """Every category, retired ones too, in their order: the list filters' options.

    Kept between requests (``policies.reference``) and shared by every caller: read-only.
    """
    return reference.kept("beneficiary_categories", lambda: tuple(BeneficiaryCategory.objects.all()))


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

    Kept between requests (``policies.reference``), and read again as soon as anyone changes
    them, so a page always sees an admin's last edit; each call returns a new instance.
    """
    row = reference.kept(
        "policy_parameters", lambda: reference.row_of(PolicyParameters.objects.filter(pk=PARAMETERS_PK))
    )
    return reference.instance_from_row(PolicyParameters, row) or PolicyParameters(pk=PARAMETERS_PK)


def holiday_overrides() -> QuerySet[HolidayOverride]:
    return HolidayOverride.objects.order_by("start_date")


def _announced_holidays() -> tuple[AnnouncedHoliday, ...]:
    return reference.kept(
        "announced_holidays", lambda: tuple(override.as_announced() for override in holiday_overrides())
    )


def _closure_periods() -> tuple[ClosurePeriod, ...]:
    # All of them: an association announces a few a year, and the calendar needs any range.
    return reference.kept(
        "closure_periods", lambda: tuple(closure.as_period() for closure in Closure.objects.order_by("start_date"))
    )


def working_calendar(*, start: date, end: date, parameters: PolicyParameters | None = None) -> WorkingCalendar:
    """The working days from ``start`` to ``end``, then any number of due dates.

    The announced holidays and closures are kept between requests (``policies.reference``).
    Every announced holiday counts, not only those inside the range: an announcement for an
    Eid just outside the range still removes the package's estimated days inside it.
    """
    parameters = parameters or policy_parameters()
    return build_calendar(
        first_day=start,
        last_day=end,
        weekend=parameters.weekend,
        announced=list(_announced_holidays()),
        closures=[period for period in _closure_periods() if period.start <= end and period.end >= start],
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


# --- Policy documents, versions and staff sign-off (R26–R31) ----------------------------------


def versions_in_force() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(status=VersionStatus.IN_FORCE).select_related("document")


def public_versions_in_force() -> QuerySet[PolicyVersion]:
    """The published documents' versions in force, in the documents' order (public pages)."""
    return (
        versions_in_force()
        .filter(document__is_public=True)
        .prefetch_related(Prefetch("attachments", queryset=PolicyAttachment.objects.filter(is_public=True)))
        .order_by("document__sort_order", "document_id")
    )


def public_tools_library() -> QuerySet[PolicyVersion]:
    """The communication tools (R28): bylaws, guides and forms in force, with their public files."""
    return public_versions_in_force().filter(document__in_tools_library=True)


def public_document(*, slug: str) -> PolicyDocument:
    """A published document that has been in force at least once; 404 otherwise."""
    return get_object_or_404(
        PolicyDocument.objects.filter(
            is_public=True, versions__status__in=[VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED]
        ).distinct(),
        slug=slug,
    )


def published_versions(*, document: PolicyDocument) -> QuerySet[PolicyVersion]:
    """Every version of ``document`` that has been in force, newest first; drafts never show."""
    return (
        document.versions.filter(status__in=[VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED])
        .select_related("document")
        .order_by("-number")
    )


def public_attachment(*, pk: int) -> PolicyAttachment:
    """A file the public may download: marked public, of a published document's published version."""
    return get_object_or_404(
        PolicyAttachment.objects.select_related("version__document").filter(
            is_public=True,
            version__document__is_public=True,
            version__status__in=[VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED],
        ),
        pk=pk,
    )


def public_contact_officers() -> QuerySet[ContactOfficer]:
    """The contact officer of each active category and field (R5), for the public pages."""
    return (
        ContactOfficer.objects.filter(category__is_active=True, user__is_active=True)
        .select_related("category", "user")
        .order_by("category__sort_order", "category__name", "field_of_work")
    )


def public_information_updated_at(*, parameters: PolicyParameters | None = None):
    """When the public information last changed (R31): the parameters or a version put in force."""
    parameters = parameters or policy_parameters()
    last_published = versions_in_force().filter(document__is_public=True).aggregate(last=Max("published_at"))["last"]
    moments = [moment for moment in (parameters.updated_at, last_published) if moment]
    return max(moments) if moments else None


def staff_members() -> list:
    """Active users who hold at least one Silah role, each with ``silah_roles`` (a frozenset): two queries."""
    from policies.roles import Role

    users = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=Role.values)
        .distinct()
        .prefetch_related(Prefetch("groups", queryset=Group.objects.filter(name__in=Role.values)))
        .order_by("first_name", "last_name", "username")
    )
    for user in users:
        user.silah_roles = frozenset(group.name for group in user.groups.all())
        user.silah_role_labels = [Role(role).label for role in Role.values if role in user.silah_roles]
    return users


def _versions_to_sign() -> tuple[PolicyVersion, ...]:
    # Every staff page draws the banner: it keeps only what it shows and decides on, not the
    # policies' texts (tens of kilobytes each).
    return reference.kept(
        "versions_to_sign",
        lambda: tuple(
            versions_in_force()
            .filter(document__requires_signoff=True)
            .only("pk", "number", "document__title", "document__title_en", "document__applies_to_roles")
            .order_by("document__sort_order", "document_id")
        ),
    )


def versions_awaiting_signoff(*, user) -> list[PolicyVersion]:
    """The versions in force that ``user`` must sign and has not signed yet (the banner).

    One query for the user's signatures, none when no version in force asks their roles to sign.
    """
    from policies.roles import user_roles

    roles = user_roles(user)
    if not roles:
        return []
    candidates = [version for version in _versions_to_sign() if version.document.applies_to(roles)]
    if not candidates:
        return []
    signed = set(
        PolicySignOff.objects.filter(user=user, version__in=[version.pk for version in candidates]).values_list(
            "version_id", flat=True
        )
    )
    # Copies, so that a caller who changes a version changes only their own.
    return [copy.copy(version) for version in candidates if version.pk not in signed]


def signoffs_of(*, user) -> QuerySet[PolicySignOff]:
    return PolicySignOff.objects.filter(user=user).select_related("version__document")


def my_policies(*, user) -> list[dict]:
    """Each version in force that applies to ``user``, with their signature if any: two queries."""
    from policies.roles import user_roles

    roles = user_roles(user)
    signed = {signoff.version_id: signoff for signoff in signoffs_of(user=user)}
    return [
        {"version": version, "signoff": signed.get(version.pk)}
        for version in versions_in_force().filter(document__requires_signoff=True).order_by("document__sort_order")
        if version.document.applies_to(roles)
    ]


@dataclass
class VersionCompliance:
    version: PolicyVersion
    signed: list = field(default_factory=list)  # (user, signoff)
    unsigned: list = field(default_factory=list)  # (user, last reminder or None)

    @property
    def total(self) -> int:
        return len(self.signed) + len(self.unsigned)

    @property
    def percent(self) -> int:
        return round(100 * len(self.signed) / self.total) if self.total else 100


def signoff_compliance() -> list[VersionCompliance]:
    """Who has signed each version in force that staff must sign, and who has not (R27).

    A fixed number of queries whatever the staff size: versions, staff and their roles,
    sign-offs, reminders.
    """
    versions = list(versions_in_force().filter(document__requires_signoff=True).order_by("document__sort_order"))
    staff = staff_members()
    ids = [version.pk for version in versions]
    signoffs = {(s.version_id, s.user_id): s for s in PolicySignOff.objects.filter(version_id__in=ids)}
    reminders: dict[tuple[int, int], SignOffReminder] = {}
    for reminder in SignOffReminder.objects.filter(version_id__in=ids).order_by("sent_at"):
        reminders[(reminder.version_id, reminder.user_id)] = reminder
    report = []
    for version in versions:
        row = VersionCompliance(version=version)
        for user in staff:
            if not version.document.applies_to(user.silah_roles):
                continue
            signoff = signoffs.get((version.pk, user.pk))
            if signoff:
                row.signed.append((user, signoff))
            else:
                row.unsigned.append((user, reminders.get((version.pk, user.pk))))
        report.append(row)
    return report


def last_reminder_for(*, user, versions) -> SignOffReminder | None:
    return (
        SignOffReminder.objects.filter(user=user, version__in=versions)
        .select_related("sent_by")
        .order_by("-sent_at")
        .first()
    )


def drafts_awaiting_publication() -> QuerySet[PolicyVersion]:
    """Drafts senior management may put in force once the board has approved them, documents in order."""
    return (
        PolicyVersion.objects.filter(status=VersionStatus.DRAFT)
        .select_related("document")
        .order_by("document__sort_order", "document_id", "number")
    )
