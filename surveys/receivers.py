"""What surveys does when an earlier app signals: invite the beneficiary to say what they thought."""

from surveys.services import invitation_after_complaint, invitation_after_delivery


def invite_after_delivery(sender, *, request, **kwargs):
    invitation_after_delivery(request=request)


def invite_after_complaint(sender, *, complaint, **kwargs):
    invitation_after_complaint(complaint=complaint)
