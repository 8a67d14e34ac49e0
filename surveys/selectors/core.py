"""Reads for surveys: the survey an event invites to, invitations by token, lists for staff pages."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet, Sum

from policies.aggregates import per_row
from policies.roles import Role
from surveys.models import (
    AGE_BAND_LIMITS,
    STAFF_ENTERED_KINDS,
    Invitation,
    InvitationTally,
    ResponseTally,
    SampleDraw,
    SupervisionNote,
    SupervisoryVisit,
    Survey,
)


def surveys_open_on(*, kind: str, day: date) -> QuerySet[Survey]:
    """Active surveys of ``kind`` whose period includes ``day``, the most recent first."""
    return (
        Survey.objects.filter(kind=kind, is_active=True, active_from__lte=day)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=day))
        .order_by("-active_from", "-pk")
    )


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return Invitation.objects.select_related("survey").filter(token=token).first()


def surveys_with_counts() -> QuerySet[Survey]:
    """Every survey with its invitations and responses, the numbers its results page shows (read
    from the tallies kept as invitations go out and answers come in)."""
    return Survey.objects.annotate(
        invitation_count=per_row(InvitationTally.objects.all(), link="survey", figure=Sum("invitations")),
        response_count=per_row(ResponseTally.objects.all(), link="survey", figure=Sum("responses")),
    ).order_by("-active_from", "-pk")


def surveys_for_staff_entry(*, day: date) -> QuerySet[Survey]:
    """Field surveys and interviews open on ``day``: the ones staff enter answers for."""
    return (
        Survey.objects.filter(kind__in=STAFF_ENTERED_KINDS, is_active=True, active_from__lte=day)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=day))
        .order_by("title", "pk")
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_band_filter(bands: list[str], day: date) -> Q:
    """Birth dates whose age on ``day`` falls in one of ``bands``."""
    combined = Q(pk__in=[])
    for band in bands:
        youngest, oldest = AGE_BAND_LIMITS[band]
        condition = Q()
        if youngest is not None:
            condition &= Q(birth_date__lte=_years_before(day, youngest))
        if oldest is not None:
            # Aged at most ``oldest``: born after the day they would have turned oldest + 1.
            condition &= Q(birth_date__gt=_years_before(day, oldest + 1))
        combined |= condition
    return combined


def sample_population(*, survey: Survey, day: date, categories=(), genders=(), age_bands=(), cities=()) -> QuerySet:
    """Active beneficiaries matching the filters (an empty filter is "all") not yet invited to ``survey``."""
    from beneficiaries.models import Beneficiary, BeneficiaryKind, BeneficiaryStatus

    queryset = Beneficiary.objects.filter(status=BeneficiaryStatus.ACTIVE, kind=BeneficiaryKind.BENEFICIARY)
    if categories:
        queryset = queryset.filter(category_id__in=categories)
    if genders:
        queryset = queryset.filter(gender__in=genders)
    if age_bands:
        queryset = queryset.filter(_age_band_filter(list(age_bands), day))
    if cities:
        queryset = queryset.filter(city__in=cities)
    return queryset.exclude(survey_invitations__survey=survey)


def beneficiary_cities() -> list[str]:
    from beneficiaries.models import Beneficiary

    return list(Beneficiary.objects.exclude(city="").order_by("city").values_list("city", flat=True).distinct())


def sample_draws() -> QuerySet[SampleDraw]:
    """The draws with how many people each chose and how many of them answered."""
    return SampleDraw.objects.select_related("survey", "drawn_by").annotate(
        chosen_count=per_row(SampleDraw.chosen.through.objects.all(), link="sampledraw"),
        answered_count=per_row(Invitation.objects.filter(used_at__isnull=False), link="sample"),
    )


def supervisory_visits() -> QuerySet[SupervisoryVisit]:
    return SupervisoryVisit.objects.select_related("visitor", "recorded_by")


def supervision_notes(*, officer=None) -> QuerySet[SupervisionNote]:
    queryset = SupervisionNote.objects.select_related("officer", "written_by")
    return queryset.filter(officer=officer) if officer is not None else queryset


def contact_officers() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(groups__name=Role.CONTACT_OFFICER, is_active=True)
        .order_by("first_name", "last_name", "pk")
    )


def staff_visitors() -> QuerySet:
    """Who may have made a supervisory visit: managers and contact officers."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=[Role.MANAGER, Role.CONTACT_OFFICER], is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )
