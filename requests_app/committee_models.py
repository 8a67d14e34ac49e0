"""The research committee: members, meetings, agendas, votes, recusals and minutes (R13).

Imported at the end of requests_app/models.py so Django finds these models in the app.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Beneficiary
from requests_app.models import SupportRequest

# No committee is larger than this; a quorum beyond it is a typing mistake.
MAX_QUORUM = 50


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class Committee(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    # The quorum is either a number of members or a fraction of the membership (e.g. 2/3), never both.
    quorum = models.PositiveSmallIntegerField(
        _("quorum (members)"),
        null=True,
        blank=True,
        help_text=_("How many attending members, not recused, a decision needs. Leave empty to use a fraction."),
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum fraction: numerator"), null=True, blank=True)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum fraction: denominator"),
        null=True,
        blank=True,
        help_text=_("For example 2 and 3: two thirds of the committee's members, rounded up."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CommitteeMembership",
        related_name="committees",
        verbose_name=_("members"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("research committee")
        verbose_name_plural = _("research committees")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum__isnull=False, quorum_numerator__isnull=True, quorum_denominator__isnull=True)
                | Q(quorum__isnull=True, quorum_numerator__isnull=False, quorum_denominator__isnull=False),
                name="committee_quorum_number_or_fraction",
            ),
            models.CheckConstraint(
                condition=Q(quorum__isnull=True) | Q(quorum__gte=1, quorum__lte=MAX_QUORUM),
                name="committee_quorum_number_range",
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__isnull=True)
                | Q(
                    quorum_numerator__gte=1,
                    quorum_denominator__gte=1,
                    quorum_denominator__lte=MAX_QUORUM,
                    quorum_numerator__lte=F("quorum_denominator"),
                ),
                name="committee_quorum_fraction_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def quorum_display(self) -> str:
        if self.quorum is not None:
            return str(self.quorum)
        return _("%(numerator)s/%(denominator)s of the members") % {
            "numerator": self.quorum_numerator,
            "denominator": self.quorum_denominator,
        }


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("committee")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
        verbose_name=_("member"),
    )
    role = models.CharField(_("role"), max_length=10, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="committee_membership_unique"),
            models.CheckConstraint(condition=Q(role__in=CommitteeRole.values), name="committee_membership_role_valid"),
            models.UniqueConstraint(
                fields=["committee"], condition=Q(role=CommitteeRole.CHAIR), name="committee_one_chair"
            ),
            models.UniqueConstraint(
                fields=["committee"], condition=Q(role=CommitteeRole.SECRETARY), name="committee_one_secretary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class MeetingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Meeting(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    number = models.PositiveIntegerField(_("meeting number"))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="attended_meetings", verbose_name=_("attendees")
    )
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        # The id last, so that meetings of several committees on one day keep their places from page to page.
        ordering = ["-date", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="meeting_number_unique_per_committee"),
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"),
            models.CheckConstraint(
                condition=Q(status=MeetingStatus.OPEN, closed_at__isnull=True)
                | Q(status=MeetingStatus.CLOSED, closed_at__isnull=False),
                name="meeting_closed_has_time",
            ),
        ]
        # In the list's order: the agenda items' list (newest meeting first) reads its meetings
        # from here and sorts only the first meeting's items, not a year's 270,000.
        indexes = [models.Index(fields=["-date", "-number", "-id"], name="meeting_date_number")]

    def __str__(self) -> str:
        return _("Meeting %(number)s of %(committee)s") % {"number": self.number, "committee": self.committee}

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.OPEN


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PARTIALLY_APPROVED = "partially_approved", _("Partially approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")
    MORE_INFORMATION = "more_information", _("More information needed")


class AgendaItem(models.Model):
    """One request on a meeting's agenda, and the committee's decision on it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting"))
    request = models.ForeignKey(
        SupportRequest, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("request")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    approved_amount = models.DecimalField(
        _("approved amount (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    aid_form = models.CharField(_("form of aid"), max_length=200, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]
        # A meeting's page reads its first items in agenda order without sorting the whole agenda.
        indexes = [models.Index(fields=["meeting", "order", "id"], name="agenda_item_meeting_order")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "request"], name="agenda_item_unique_per_meeting"),
            models.CheckConstraint(condition=Q(outcome__in=["", *Outcome.values]), name="agenda_item_outcome_valid"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gt=0),
                name="agenda_item_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", decided_at__isnull=True) | (~Q(outcome="") & Q(decided_at__isnull=False)),
                name="agenda_item_decision_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=[Outcome.REJECTED, Outcome.PARTIALLY_APPROVED]) | ~Q(reasons=""),
                name="agenda_item_reasons_required",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.PARTIALLY_APPROVED) | Q(approved_amount__isnull=False),
                name="agenda_item_partial_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.request}"


class Vote(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class MemberVote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes", verbose_name=_("agenda item"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_votes", verbose_name=_("member")
    )
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices)
    dissent_note = models.TextField(_("dissent note"), blank=True)
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member vote")
        verbose_name_plural = _("member votes")
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="member_vote_unique"),
            models.CheckConstraint(condition=Q(vote__in=Vote.values), name="member_vote_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_vote_display()}"


class Recusal(models.Model):
    """A member's declared conflict of interest with a beneficiary: they take no part in decisions on them."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recusals", verbose_name=_("member")
    )
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="recusals", verbose_name=_("beneficiary")
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.UniqueConstraint(fields=["member", "beneficiary"], name="recusal_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="recusal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.beneficiary}"


class MinutesApproval(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes_approvals", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes approval")
        verbose_name_plural = _("minutes approvals")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="minutes_approval_unique")]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.member}"
