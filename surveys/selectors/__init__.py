"""Every read of the surveys app; import from here."""

from surveys.selectors.core import (
    beneficiary_cities,
    contact_officers,
    invitation_by_token,
    sample_draws,
    sample_population,
    staff_visitors,
    supervision_notes,
    supervisory_visits,
    surveys_for_staff_entry,
    surveys_open_on,
    surveys_with_counts,
)
from surveys.selectors.results import MIN_GROUP_SIZE, SurveyResults, answer_display, survey_results

__all__ = [
    "MIN_GROUP_SIZE",
    "SurveyResults",
    "answer_display",
    "beneficiary_cities",
    "contact_officers",
    "invitation_by_token",
    "sample_draws",
    "sample_population",
    "staff_visitors",
    "supervision_notes",
    "supervisory_visits",
    "survey_results",
    "surveys_for_staff_entry",
    "surveys_open_on",
    "surveys_with_counts",
]
