"""Periodic sweeps that domain apps plug in without this app importing them.

Celery beat (``CELERY_BEAT_SCHEDULE`` in settings) runs ``notifications.run_sweep`` with a sweep
name on a fixed schedule; the ``run_sweep`` management command does the same from cron on an
installation without beat. A domain app registers its function under that name, typically in
its ``AppConfig.ready()``::

    from notifications.sweeps import DEADLINES, register_sweep

    @register_sweep(DEADLINES)
    def remind_deadlines(*, now):
        ...  # call notification_send(...) with an idempotency key that includes the day
        return number_of_notices

A sweep receives the current time (aware) and returns how many notices it produced. It must be
safe to run twice: use idempotency keys that name the day, so a second run sends nothing new.
One failing sweep is logged and does not stop the others.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

logger = logging.getLogger("notifications")

DEADLINES = "deadlines"
SURVEY_REMINDERS = "survey_reminders"

Sweep = Callable[..., int | None]

_registry: dict[str, dict[str, Sweep]] = {}


def _label(func: Sweep) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def register_sweep(name: str, func: Sweep | None = None):
    """Register ``func`` under ``name``; usable as ``@register_sweep(name)``. Registering twice is harmless."""

    def decorator(function: Sweep) -> Sweep:
        _registry.setdefault(name, {})[_label(function)] = function
        return function

    return decorator(func) if func is not None else decorator


def unregister_sweep(name: str, func: Sweep) -> None:
    _registry.get(name, {}).pop(_label(func), None)


def registered_sweeps(name: str | None = None) -> dict[str, list[str]]:
    names = [name] if name else sorted(_registry)
    return {key: sorted(_registry.get(key, {})) for key in names}


def run_sweep(name: str, *, now: datetime | None = None) -> dict[str, int]:
    """Run every sweep registered under ``name``; returns notices produced per sweep (-1: it failed)."""
    now = now or timezone.now()
    results: dict[str, int] = {}
    functions = dict(_registry.get(name, {}))
    if not functions:
        logger.info("No sweep is registered under %r yet.", name)
    for label, function in sorted(functions.items()):
        try:
            results[label] = int(function(now=now) or 0)
        except Exception:
            logger.exception("Sweep %s (%s) failed", label, name)
            results[label] = -1
    return results
