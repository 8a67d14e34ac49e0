"""What surveys does when an earlier app signals: invite the beneficiary to say what they thought."""

from beneficiaries.privacy_models import ConsentPurpose
from surveys.services import invitation_after_complaint, invitation_after_delivery
from surveys.services.consent import responses_unlink


def invite_after_delivery(sender, *, request, **kwargs):
    invitation_after_delivery(request=request)


def invite_after_complaint(sender, *, complaint, **kwargs):
    invitation_after_complaint(complaint=complaint)


def unlink_after_consent_withdrawn(sender, *, beneficiary, purpose, **kwargs):
    if purpose == ConsentPurpose.SURVEY_LINKED:
        responses_unlink(beneficiary=beneficiary)


def unlink_after_anonymisation(sender, *, beneficiary, **kwargs):
    responses_unlink(beneficiary=beneficiary, blank_text=True)
