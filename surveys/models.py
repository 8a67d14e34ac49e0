"""Satisfaction surveys (R22–R25, R33): surveys and their questions, personal invitations, answers.

Answers are kept apart from the person: a response points to the invitation and the beneficiary
only when the beneficiary agreed to it (``consent_to_link``); otherwise nothing in the response
says who gave it, and the invitation only records that it was used.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SurveyKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic questionnaire")
    AFTER_SERVICE = "after_service", _("After a service")
    AFTER_COMPLAINT = "after_complaint", _("After a complaint")
    FIELD = "field", _("Field survey")
    INTERVIEW = "interview", _("Interview")
    SUPERVISORY_VISIT = "supervisory_visit", _("Supervisory visit to an office")


class QuestionType(models.TextChoices):
    RATING = "rating_1_5", _("Rating from 1 to 5")
    NPS = "nps_0_10", _("Likelihood to recommend (0 to 10)")
    YES_NO = "yes_no", _("Yes or no")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    FREE_TEXT = "free_text", _("Free text")


class ResponseChannel(models.TextChoices):
    """How the answers reached the association: a personal link sent by a channel, or a staff member."""

    SMS = "sms", _("Link by text message")
    EMAIL = "email", _("Link by email")
    LETTER = "letter", _("Link by letter")
    PHONE = "phone", _("Phone call")
    IN_PERSON = "in_person", _("In person at the office")
    FIELD_VISIT = "field_visit", _("Field visit")


# The channels a staff member records when entering answers on a beneficiary's behalf (R23).
STAFF_CHANNELS = (ResponseChannel.PHONE, ResponseChannel.IN_PERSON, ResponseChannel.FIELD_VISIT)
# Kinds whose answers staff enter; the others are answered by the beneficiary through a link.
STAFF_ENTERED_KINDS = (SurveyKind.FIELD, SurveyKind.INTERVIEW)

CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)
# The range of the whole number each type stores (yes = 1, no = 0; a single choice is its index).
INTEGER_RANGES = {QuestionType.RATING: (1, 5), QuestionType.NPS: (0, 10), QuestionType.YES_NO: (0, 1)}


def _localized(arabic: str, english: str) -> str:
    if translation.get_language() == "en" and english:
        return english
    return arabic


class Survey(models.Model):
    title = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices)
    introduction = models.TextField(_("introduction (Arabic)"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    invitation_valid_days = models.PositiveSmallIntegerField(
        _("days an invitation stays valid"), default=14, help_text=_("Between 1 and 90 days.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ("-active_from", "-pk")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SurveyKind.values), name="surveys_survey_kind_valid"),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=models.F("active_from")),
                name="surveys_survey_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(invitation_valid_days__gte=1, invitation_valid_days__lte=90),
                name="surveys_survey_valid_days_range",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return _localized(self.title, self.title_en)

    @property
    def display_introduction(self) -> str:
        return _localized(self.introduction, self.introduction_en)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    text = models.CharField(_("question (Arabic)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    # Questions with the same group number share one screen of the public page, in group order.
    group = models.PositiveSmallIntegerField(
        _("screen"), default=1, help_text=_("Questions with the same number are shown on one screen.")
    )
    group_title = models.CharField(
        _("screen title (Arabic)"),
        max_length=150,
        blank=True,
        help_text=_("Shown above the screen; the first question's title counts."),
    )
    group_title_en = models.CharField(_("screen title (English)"), max_length=150, blank=True)
    choices = models.JSONField(
        _("choices (Arabic)"), default=list, blank=True, help_text=_("A list of texts, for choice questions only.")
    )
    choices_en = models.JSONField(
        _("choices (English)"), default=list, blank=True, help_text=_("The same choices in English, in the same order.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("survey", "group", "order", "pk")
        constraints = [
            models.UniqueConstraint(fields=("survey", "order"), name="surveys_question_order_unique"),
            models.CheckConstraint(condition=Q(group__gte=1), name="surveys_question_group_positive"),
            models.CheckConstraint(condition=Q(type__in=QuestionType.values), name="surveys_question_type_valid"),
        ]

    def __str__(self):
        return self.display_text

    @property
    def display_text(self) -> str:
        return _localized(self.text, self.text_en)

    @property
    def display_group_title(self) -> str:
        return _localized(self.group_title, self.group_title_en)

    @property
    def display_choices(self) -> list[str]:
        if translation.get_language() == "en" and len(self.choices_en or []) == len(self.choices or []):
            return list(self.choices_en)
        return list(self.choices or [])

    def clean(self):
        choices = self.choices or []
        if not isinstance(choices, list) or not all(isinstance(c, str) and c.strip() for c in choices):
            raise ValidationError({"choices": _("Write the choices as a list of texts.")})
        if self.type in CHOICE_TYPES and len(choices) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two choices.")})
        if self.type not in CHOICE_TYPES and choices:
            raise ValidationError({"choices": _("Only choice questions have choices.")})
        english = self.choices_en or []
        if not isinstance(english, list) or (english and len(english) != len(choices)):
            raise ValidationError({"choices_en": _("Give as many English choices as Arabic ones, or none.")})


class Invitation(models.Model):
    """A personal, single-use link to answer a survey, sent after a service or a complaint."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("survey"))
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("beneficiary"),
    )
    support_request = models.ForeignKey(
        "requests_app.SupportRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("support request"),
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("complaint"),
    )
    sample = models.ForeignKey(
        "SampleDraw",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("sample draw"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    # The channel the link was sent through, kept for the results by channel.
    channel = models.CharField(_("channel"), max_length=20, choices=ResponseChannel.choices, blank=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ("-created_at", "-pk")
        # The results count a survey's invitations by channel (the response rate) from the index alone.
        indexes = [models.Index(fields=["survey", "channel"], name="survey_invitation_channel")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="surveys_invitation_expiry"
            ),
            models.CheckConstraint(condition=~Q(token=""), name="surveys_invitation_token_set"),
            models.UniqueConstraint(
                fields=("survey", "support_request"),
                condition=Q(support_request__isnull=False),
                name="surveys_invitation_once_per_request",
            ),
            models.UniqueConstraint(
                fields=("survey", "complaint"),
                condition=Q(complaint__isnull=False),
                name="surveys_invitation_once_per_complaint",
            ),
            models.UniqueConstraint(
                fields=("sample", "beneficiary"),
                condition=Q(sample__isnull=False),
                name="surveys_invitation_once_per_sampled_person",
            ),
        ]

    def __str__(self):
        return f"{self.survey} · {self.created_at:%Y-%m-%d}"

    def is_expired(self, now) -> bool:
        return now >= self.expires_at


class Response(models.Model):
    """One completed questionnaire. Linked to its invitation and person only with their consent."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey"))
    submitted_on = models.DateField(_("submitted on"))
    consent_to_link = models.BooleanField(_("agreed to link the answers to their name"), default=False)
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("invitation"),
    )
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("beneficiary"),
    )
    # Coarse facts kept for the results by channel, service and category, never the person.
    channel = models.CharField(_("channel"), max_length=20, choices=ResponseChannel.choices, blank=True)
    service_type = models.ForeignKey(
        "requests_app.ServiceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    category = models.ForeignKey(
        "policies.BeneficiaryCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    # Field surveys and interviews: the staff member who wrote the answers down (R23).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ("-submitted_on", "-pk")
        indexes = [
            # Results and the dashboard read the answers of a period.
            models.Index(fields=["submitted_on"], name="survey_response_submitted_on"),
            # The results page lists a survey's latest responses whose beneficiary agreed to be named.
            models.Index(
                fields=["survey", "-submitted_on", "-id"],
                condition=Q(consent_to_link=True, beneficiary__isnull=False),
                name="survey_response_named",
            ),
        ]
        constraints = [
            # Without consent nothing in the response points back to the person.
            models.CheckConstraint(
                condition=Q(consent_to_link=True) | Q(invitation__isnull=True, beneficiary__isnull=True),
                name="surveys_response_unlinked_without_consent",
            ),
            models.CheckConstraint(
                condition=Q(channel="") | Q(channel__in=ResponseChannel.values), name="surveys_response_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(entered_by__isnull=True) | Q(channel__in=[c.value for c in STAFF_CHANNELS]),
                name="surveys_response_staff_entry_channel",
            ),
        ]

    def __str__(self):
        return f"{self.survey} · {self.submitted_on}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    # Ratings, NPS, yes (1) / no (0) and the index of a single choice.
    number = models.SmallIntegerField(_("number"), null=True, blank=True)
    # The indexes of the choices ticked in a multiple-choice question.
    selected = models.JSONField(_("choices ticked"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        # The results page reads a question's latest comments, newest id first.
        indexes = [models.Index(fields=["question", "-id"], condition=~Q(text=""), name="survey_answer_comments")]
        constraints = [
            models.UniqueConstraint(fields=("response", "question"), name="surveys_answer_once_per_question"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0, number__lte=10), name="surveys_answer_number_range"
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.number if self.number is not None else self.selected or self.text}"

    def clean(self):
        question = self.question
        if question.type in INTEGER_RANGES:
            low, high = INTEGER_RANGES[question.type]
            if self.number is None or not low <= self.number <= high:
                raise ValidationError(
                    {"number": _("Choose a value from %(low)d to %(high)d.") % {"low": low, "high": high}}
                )
        elif question.type == QuestionType.SINGLE_CHOICE:
            if self.number is None or not 0 <= self.number < len(question.choices):
                raise ValidationError({"number": _("Choose one of the choices given.")})
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            count = len(question.choices)
            if not self.selected or any(not isinstance(i, int) or not 0 <= i < count for i in self.selected):
                raise ValidationError({"selected": _("Choose from the choices given.")})
        elif question.type == QuestionType.FREE_TEXT and not self.text.strip():
            raise ValidationError({"text": _("Write an answer.")})


# --- Tallies: the results' figures, counted as answers arrive (R33) ------------------------------
#
# Answers never change once stored (a question's type and choices are frozen once answered, and
# responses are never deleted), so their counts can be kept as they arrive instead of being read
# from every answer on each page view. surveys.services.tallies writes them in the response's own
# transaction; ``rebuild_survey_tallies`` recounts everything from the answers. Two answers stored
# at the same moment may each start a row for the same group: the figures are always the sums of
# the rows, so that is harmless.


# The counts of TallyCounts, for the code that adds them up.
TALLY_COUNTS = ("ratings", "satisfied", "nps_answers", "promoters", "detractors")


class TallyCounts(models.Model):
    """The rating and NPS counts the satisfaction score and the NPS are computed from."""

    ratings = models.PositiveIntegerField(_("ratings (1–5)"), default=0)
    satisfied = models.PositiveIntegerField(_("ratings of 4 or 5"), default=0)
    nps_answers = models.PositiveIntegerField(_("NPS answers"), default=0)
    promoters = models.PositiveIntegerField(_("promoters (9–10)"), default=0)
    detractors = models.PositiveIntegerField(_("detractors (0–6)"), default=0)

    class Meta:
        abstract = True


def _tally_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(condition=Q(satisfied__lte=models.F("ratings")), name=f"{prefix}_satisfied_of_ratings"),
        models.CheckConstraint(
            condition=Q(promoters__lte=models.F("nps_answers") - models.F("detractors")),
            name=f"{prefix}_nps_groups_of_answers",
        ),
    ]


class ResponseTally(TallyCounts):
    """A survey's responses of a month for one service, category and channel, with their counts."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey"))
    month = models.DateField(_("month"))
    service_type = models.ForeignKey(
        "requests_app.ServiceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    category = models.ForeignKey(
        "policies.BeneficiaryCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=ResponseChannel.choices, blank=True)
    responses = models.PositiveIntegerField(_("responses"), default=0)

    class Meta:
        verbose_name = _("survey response tally")
        verbose_name_plural = _("survey response tallies")
        indexes = [models.Index(fields=["survey", "month"], name="survey_tally_survey_month")]
        constraints = _tally_constraints("surveys_response_tally")

    def __str__(self):
        return f"{self.survey_id} · {self.month:%Y-%m} · {self.responses}"


class ChoiceTally(models.Model):
    """How many answers to a question gave one value: a rating, an NPS score, yes (1) or no (0), a
    choice's index. For a multiple-choice question each ticked choice counts, and the row without a
    value counts the answers themselves."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question"))
    number = models.SmallIntegerField(_("value"), null=True, blank=True)
    answers = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("answer tally")
        verbose_name_plural = _("answer tallies")
        indexes = [models.Index(fields=["question", "number"], name="survey_choice_tally_question")]

    def __str__(self):
        return f"{self.question_id}: {self.number} × {self.answers}"


class InvitationTally(models.Model):
    """How many invitations to a survey went through one channel: the response rate's denominator."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey"))
    channel = models.CharField(_("channel"), max_length=20, choices=ResponseChannel.choices, blank=True)
    invitations = models.PositiveIntegerField(_("invitations"), default=0)

    class Meta:
        verbose_name = _("invitation tally")
        verbose_name_plural = _("invitation tallies")
        indexes = [models.Index(fields=["survey", "channel"], name="survey_invitation_tally")]

    def __str__(self):
        return f"{self.survey_id} · {self.channel or '-'} · {self.invitations}"


class SatisfactionDay(TallyCounts):
    """The association's rating and NPS answers of a day, all surveys together (the dashboard)."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("satisfaction of a day")
        verbose_name_plural = _("satisfaction by day")
        indexes = [models.Index(fields=["day"], name="survey_satisfaction_day")]
        constraints = _tally_constraints("surveys_satisfaction_day")

    def __str__(self):
        return f"{self.day}: {self.ratings} ratings, {self.nps_answers} NPS"


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18 = "18_29", _("18 to 29")
    FROM_30 = "30_44", _("30 to 44")
    FROM_45 = "45_59", _("45 to 59")
    FROM_60 = "60_plus", _("60 and over")


# Each band's ages, inclusive; None is open-ended.
AGE_BAND_LIMITS = {
    AgeBand.UNDER_18: (None, 17),
    AgeBand.FROM_18: (18, 29),
    AgeBand.FROM_30: (30, 44),
    AgeBand.FROM_45: (45, 59),
    AgeBand.FROM_60: (60, None),
}


class SampleDraw(models.Model):
    """A recorded random draw of beneficiaries for a periodic questionnaire (R22).

    Kept so anyone can check later who drew it, when, from which population and with which seed:
    the same seed on the same population chooses the same people.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="sample_draws", verbose_name=_("survey"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("drawn by")
    )
    drawn_at = models.DateTimeField(_("drawn at"))
    # {"categories": [ids], "genders": [...], "age_bands": [...], "cities": [...]}; an empty list is "all".
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    seed = models.CharField(_("seed"), max_length=64)
    population_size = models.PositiveIntegerField(_("population size"))
    sample_size = models.PositiveIntegerField(_("sample size asked for"))
    chosen = models.ManyToManyField(
        "beneficiaries.Beneficiary", related_name="+", blank=True, verbose_name=_("chosen beneficiaries")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sample draw")
        verbose_name_plural = _("sample draws")
        ordering = ("-drawn_at", "-pk")
        constraints = [
            models.CheckConstraint(condition=Q(sample_size__gte=1), name="surveys_sample_size_positive"),
            models.CheckConstraint(condition=~Q(seed=""), name="surveys_sample_seed_set"),
        ]

    def __str__(self):
        return f"{self.survey} · {self.drawn_at:%Y-%m-%d}"


class VisitChecklistItem(models.TextChoices):
    """What a supervisor scores from 1 to 5 on a visit to an office (R23)."""

    RECEPTION = "reception", _("Reception and welcome of beneficiaries")
    RIGHTS_DISPLAYED = "rights_displayed", _("Beneficiary rights, duties and the policy on display")
    PRIVACY = "privacy", _("Privacy and confidentiality of files")
    WAITING = "waiting", _("Waiting time and order of service")
    RECORDS = "records", _("Records and interaction log kept up to date")
    COMPLAINTS = "complaints", _("Complaint and suggestion channels available")


class SupervisoryVisit(models.Model):
    office = models.CharField(_("office"), max_length=150)
    visit_date = models.DateField(_("visit date"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("visitor")
    )
    # {checklist item: score from 1 to 5}, one score for every VisitChecklistItem.
    scores = models.JSONField(_("checklist scores"), default=dict)
    findings = models.TextField(_("findings"), max_length=4000)
    recommendations = models.TextField(_("recommendations"), blank=True, max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervisory visit")
        verbose_name_plural = _("supervisory visits")
        ordering = ("-visit_date", "-pk")
        constraints = [models.CheckConstraint(condition=~Q(office=""), name="surveys_visit_office_set")]

    def __str__(self):
        return f"{self.office} · {self.visit_date}"

    @property
    def average_score(self) -> float | None:
        values = [v for v in (self.scores or {}).values() if isinstance(v, int)]
        return round(sum(values) / len(values), 1) if values else None

    def score_rows(self) -> list[tuple[str, int | None]]:
        return [(item.label, (self.scores or {}).get(item.value)) for item in VisitChecklistItem]

    def clean(self):
        scores = self.scores if isinstance(self.scores, dict) else None
        if scores is None or set(scores) != set(VisitChecklistItem.values):
            raise ValidationError({"scores": _("Score every item of the checklist.")})
        if any(not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= 5 for v in scores.values()):
            raise ValidationError({"scores": _("Each score is a whole number from 1 to 5.")})


class SupervisionNote(models.Model):
    """A manager's note on a contact officer's work (R24)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("contact officer")
    )
    noted_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    note = models.TextField(_("note"), max_length=4000)
    follow_up = models.TextField(_("follow-up agreed"), blank=True, max_length=2000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    written_at = models.DateTimeField(_("written at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision note")
        verbose_name_plural = _("supervision notes")
        ordering = ("-noted_on", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=~Q(officer=models.F("written_by")), name="surveys_supervision_not_on_oneself"
            ),
        ]

    def __str__(self):
        return f"{self.officer} · {self.noted_on}"
