"""The answer form, built from a survey's questions (one field per question: q<id>), and the staff forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Gender
from policies.choice_fields import ModelChoiceField, ModelMultipleChoiceField
from policies.models import BeneficiaryCategory
from surveys.models import STAFF_CHANNELS, AgeBand, Question, QuestionType, Survey, VisitChecklistItem
from surveys.services.sampling import MAX_SAMPLE_SIZE

TEXT_MAX_LENGTH = 2000
REQUIRED_MESSAGE = _("This question needs an answer.")


class AnswerForm(forms.Form):
    consent_to_link = forms.BooleanField(
        label=_("I agree that my answers may be linked to my name, so that the association can follow up with me."),
        required=False,
    )

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        fields = {}
        for question in questions:
            fields[self.field_name(question)] = self._field_for(question)
        consent = self.fields.pop("consent_to_link")
        self.fields.update(fields)
        self.fields["consent_to_link"] = consent

    @staticmethod
    def field_name(question: Question) -> str:
        return f"q{question.pk}"

    def _field_for(self, question: Question) -> forms.Field:
        common = {"label": question.display_text, "required": question.required}
        required_message = {"required": REQUIRED_MESSAGE}
        if question.type == QuestionType.RATING:
            return forms.TypedChoiceField(
                choices=[(v, str(v)) for v in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "survey-scale"}),
                error_messages={**required_message, "invalid_choice": _("Choose a rating from 1 to 5.")},
                empty_value=None,
                **common,
            )
        if question.type == QuestionType.NPS:
            return forms.TypedChoiceField(
                choices=[(v, str(v)) for v in range(11)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "survey-scale"}),
                error_messages={**required_message, "invalid_choice": _("Choose a number from 0 to 10.")},
                empty_value=None,
                **common,
            )
        if question.type == QuestionType.YES_NO:
            return forms.TypedChoiceField(
                choices=[(1, _("Yes")), (0, _("No"))],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={**required_message, "invalid_choice": _("Choose yes or no.")},
                empty_value=None,
                **common,
            )
        if question.type == QuestionType.SINGLE_CHOICE:
            return forms.TypedChoiceField(
                choices=list(enumerate(question.display_choices)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={**required_message, "invalid_choice": _("Choose one of the choices given.")},
                empty_value=None,
                **common,
            )
        if question.type == QuestionType.MULTIPLE_CHOICE:
            return forms.TypedMultipleChoiceField(
                choices=list(enumerate(question.display_choices)),
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                error_messages={**required_message, "invalid_choice": _("Choose from the choices given.")},
                **common,
            )
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=TEXT_MAX_LENGTH,
            error_messages=required_message,
            **common,
        )

    def answers(self) -> dict[int, object]:
        return {question.pk: self.cleaned_data.get(self.field_name(question)) for question in self.questions}


class StaffEntryForm(AnswerForm):
    """A field survey or interview taken down by a staff member (R23)."""

    channel = forms.ChoiceField(label=_("How were the answers taken?"), choices=[], widget=forms.RadioSelect)
    identity_number = forms.CharField(
        label=_("Beneficiary's identity number"),
        required=False,
        max_length=20,
        help_text=_("Leave empty for an anonymous interview."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c.value, c.label) for c in STAFF_CHANNELS]
        self.fields["consent_to_link"].label = _(
            "The beneficiary agreed that these answers may be linked to their name."
        )
        # The entry's own fields first, then the questions, then the consent.
        order = ["channel", "identity_number"]
        self.order_fields(order + [n for n in self.fields if n not in order])
        consent = self.fields.pop("consent_to_link")
        self.fields["consent_to_link"] = consent

    def question_fields(self):
        return [self[self.field_name(q)] for q in self.questions]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_to_link") and not cleaned.get("identity_number"):
            self.add_error("identity_number", _("Give the identity number of the beneficiary who agreed to be named."))
        return cleaned


class SampleDrawForm(forms.Form):
    survey = ModelChoiceField(label=_("Periodic questionnaire"), queryset=Survey.objects.none())
    sample_size = forms.IntegerField(
        label=_("Sample size"),
        min_value=1,
        max_value=MAX_SAMPLE_SIZE,
        error_messages={
            "invalid": _("Write the number of people to draw."),
            "min_value": _("Draw at least one person."),
            "max_value": _("Draw at most %(limit_value)s people at a time."),
        },
    )
    categories = ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=BeneficiaryCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every category."),
    )
    genders = forms.MultipleChoiceField(
        label=_("Gender"), choices=Gender.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    age_bands = forms.MultipleChoiceField(
        label=_("Age bands"), choices=AgeBand.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    cities = forms.MultipleChoiceField(
        label=_("Cities"), choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )
    seed = forms.CharField(
        label=_("Seed (optional)"),
        max_length=64,
        required=False,
        help_text=_("Leave empty for a fresh random draw; give the seed of an earlier draw to repeat it."),
    )

    def __init__(self, *args, surveys, cities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys
        self.fields["survey"].initial = surveys.first()  # usually the one open questionnaire
        self.fields["categories"].queryset = BeneficiaryCategory.objects.filter(is_active=True)
        self.fields["cities"].choices = [(city, city) for city in cities]


class SupervisoryVisitForm(forms.Form):
    office = forms.CharField(label=_("Office"), max_length=150)
    visit_date = forms.DateField(label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"}))
    visitor = ModelChoiceField(label=_("Visitor"), queryset=None)
    findings = forms.CharField(label=_("Findings"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    recommendations = forms.CharField(
        label=_("Recommendations"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, visitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visitor"].queryset = visitors
        self.fields["visitor"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        for item in VisitChecklistItem:
            self.fields[f"score_{item.value}"] = forms.TypedChoiceField(
                label=item.label,
                choices=[(v, str(v)) for v in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "survey-scale"}),
                error_messages={
                    "required": _("Give a score from 1 to 5."),
                    "invalid_choice": _("Give a score from 1 to 5."),
                },
            )

    def score_fields(self):
        return [self[f"score_{item.value}"] for item in VisitChecklistItem]

    def scores(self) -> dict[str, int]:
        return {item.value: self.cleaned_data[f"score_{item.value}"] for item in VisitChecklistItem}


class SupervisionNoteForm(forms.Form):
    officer = ModelChoiceField(label=_("Contact officer"), queryset=None)
    noted_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = forms.CharField(
        label=_("Follow-up agreed"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
