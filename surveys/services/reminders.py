"""The survey_reminders sweep: one polite reminder for a link left unanswered."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from notifications.models import Event
from notifications.services import notification_send
from surveys.models import Invitation, ResponseChannel
from surveys.services.invitations import invitation_context

# Remind once, this many days after the invitation, while the link is still valid.
REMIND_AFTER_DAYS = 3
# Only links sent by SMS or email are reminded: a second letter or call costs a person's time.
REMINDED_CHANNELS = (ResponseChannel.SMS, ResponseChannel.EMAIL)


def invitations_due_reminder(*, now):
    return (
        Invitation.objects.filter(
            used_at__isnull=True,
            reminded_at__isnull=True,
            expires_at__gt=now,
            created_at__lte=now - timedelta(days=REMIND_AFTER_DAYS),
            channel__in=REMINDED_CHANNELS,
            survey__is_active=True,
        )
        .select_related("survey", "beneficiary", "complaint__beneficiary")
        .order_by("pk")
    )


def survey_reminders_send(*, now=None) -> int:
    """Send the reminders due at ``now``; safe to run twice (each invitation is reminded once)."""
    now = now or timezone.now()
    sent = 0
    for invitation in invitations_due_reminder(now=now):
        with transaction.atomic():
            # Marking first: two sweeps running together remind once.
            if not Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            recipient = invitation.beneficiary or invitation.complaint
            contact = invitation.complaint.notification_contact() if invitation.beneficiary is None else None
            notification_send(
                event=Event.SURVEY_INVITATION,
                recipient=recipient,
                context=invitation_context(invitation),
                channel=invitation.channel,
                contact=contact,
                idempotency_key=f"survey_reminder:invitation-{invitation.pk}",
            )
            sent += 1
    return sent


def survey_reminders_sweep(*, now) -> int:
    """Registered as the ``survey_reminders`` sweep (Celery beat, or ``manage.py run_sweep``)."""
    return survey_reminders_send(now=now)
