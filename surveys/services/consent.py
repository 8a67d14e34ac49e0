"""Survey answers linked to a person follow that person's consent (PDPL).

The tick on the answer page and the staff entry form is the consent itself, so it is recorded in
the registry's consent record; a withdrawal, or the record's anonymisation, unlinks the answers.
"""

from beneficiaries.privacy_models import ConsentPurpose
from beneficiaries.services import consent_grant
from policies.choices import Channel
from surveys.models import Answer, Response, ResponseChannel

# How the agreement reached the association, in the registry's channel terms.
CONSENT_CHANNEL = {
    ResponseChannel.SMS: Channel.WEBSITE,
    ResponseChannel.EMAIL: Channel.WEBSITE,
    ResponseChannel.LETTER: Channel.WEBSITE,
    ResponseChannel.PHONE: Channel.PHONE,
    ResponseChannel.IN_PERSON: Channel.IN_PERSON,
    ResponseChannel.FIELD_VISIT: Channel.IN_PERSON,
}


def survey_link_consent_record(*, actor, beneficiary, response_channel: str) -> None:
    """Call inside the response's transaction when the person agreed to be named."""
    consent_grant(
        actor=actor,
        beneficiary=beneficiary,
        purpose=ConsentPurpose.SURVEY_LINKED,
        channel=CONSENT_CHANNEL.get(response_channel, Channel.WEBSITE),
    )


def responses_unlink(*, beneficiary, blank_text: bool = False) -> int:
    """Keep the answers for the figures but no longer say whose they are."""
    responses = Response.objects.filter(beneficiary=beneficiary)
    if blank_text:
        # Anonymisation: what the person wrote may name them, so free text goes too.
        Answer.objects.filter(response__in=responses).exclude(text="").update(text="")
    return responses.update(beneficiary=None, invitation=None, consent_to_link=False)
