"""The public answer form, built from a survey's questions (one field per question: q<id>)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.models import Question, QuestionType

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
