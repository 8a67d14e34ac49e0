"""Celery tasks. They only nudge: the database row, not the broker message, is the source of truth,
so a lost or repeated task never loses or doubles a message."""

from celery import shared_task

from notifications import services, sweeps


@shared_task(name="notifications.deliver_message", ignore_result=True)
def deliver_message(message_id: int) -> dict[str, int]:
    """Deliver one message right after the transaction that wrote it committed."""
    report = services.messages_deliver_due(message_ids=[message_id], limit=1)
    return vars(report)


@shared_task(name="notifications.deliver_due", ignore_result=True)
def deliver_due() -> dict[str, int]:
    """Beat, every minute: recover messages a dead worker left behind, then send what is due (retries)."""
    recovered = services.messages_recover_stuck()
    report = services.messages_deliver_due()
    report.recovered = recovered
    return vars(report)


@shared_task(name="notifications.run_sweep", ignore_result=True)
def run_sweep(name: str) -> dict[str, int]:
    """Beat, on the schedule in settings: run the sweeps domain apps registered under ``name``."""
    return sweeps.run_sweep(name)
