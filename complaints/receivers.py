"""Signals from earlier apps: the working-day calendar changed, so open complaints' due dates move."""

from django.dispatch import receiver

from complaints.services import CLOCK_PARAMETERS, complaint_deadlines_recompute
from policies.signals import calendar_changed


@receiver(calendar_changed, dispatch_uid="complaints_recompute_deadlines")
def recompute_deadlines(sender, *, reason, actor, changed_parameters=frozenset(), **kwargs):
    if changed_parameters and not (changed_parameters & CLOCK_PARAMETERS):
        return
    complaint_deadlines_recompute(actor=actor, reason=reason)
