"""What this app does when another app signals something, and its registered sweeps."""

from requests_app.services import deadline_reminders_send, due_dates_recompute

# Parameters that move a request's due date; other parameter edits leave them alone.
DEADLINE_PARAMETERS = {"response_deadline_working_days", "weekend_days"}


def recompute_due_dates(sender, *, reason="", actor=None, changed_parameters=frozenset(), **kwargs):
    if changed_parameters and not set(changed_parameters) & DEADLINE_PARAMETERS:
        return
    due_dates_recompute(reason=str(reason), actor=actor)


def deadline_sweep(*, now):
    return deadline_reminders_send(now=now)
