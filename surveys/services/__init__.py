"""Every write of the surveys app, by topic; import from here."""

from surveys.services.building import (
    question_create,
    question_delete,
    question_update,
    survey_create,
    survey_update,
)
from surveys.services.fieldwork import response_enter, supervision_note_create, supervisory_visit_record
from surveys.services.invitations import (
    InvitationUnavailable,
    answers_build,
    invitation_after_complaint,
    invitation_after_delivery,
    invitation_check,
    invitation_create,
    response_submit,
    survey_url,
)
from surveys.services.reminders import survey_reminders_send
from surveys.services.sampling import survey_sample_draw

__all__ = [
    "InvitationUnavailable",
    "answers_build",
    "invitation_after_complaint",
    "invitation_after_delivery",
    "invitation_check",
    "invitation_create",
    "question_create",
    "question_delete",
    "question_update",
    "response_enter",
    "response_submit",
    "supervision_note_create",
    "supervisory_visit_record",
    "survey_create",
    "survey_reminders_send",
    "survey_sample_draw",
    "survey_update",
    "survey_url",
]
