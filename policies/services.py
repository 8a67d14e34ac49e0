"""Every write to the policy parameters and the working-day calendar.

Each function validates (``full_clean``) and saves inside one transaction, leaves a history row
with who and why, and — when days off or deadline lengths change — sends ``calendar_changed``
after commit, so the apps that keep due dates recompute them only for changes that really happened.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext as _

from policies.choices import Channel
from policies.models import PARAMETERS_PK, Closure, HolidayOverride, PolicyParameters, encode_weekdays
from policies.signals import calendar_changed
from policies.working_days import Weekday

PARAMETER_FIELDS = (
    "response_deadline_working_days",
    "weekend_days",
    "channels",
    "declaration_text",
    "declaration_text_en",
    "beneficiary_duties",
    "beneficiary_duties_en",
    "complaint_acknowledge_working_days",
    "complaint_resolve_working_days",
    "reverification_days",
)
# The parameters that move due dates; changing any other one never sends calendar_changed.
CALENDAR_PARAMETERS = frozenset(
    {
        "weekend_days",
        "response_deadline_working_days",
        "complaint_acknowledge_working_days",
        "complaint_resolve_working_days",
    }
)
CLOSURE_FIELDS = ("name", "name_en", "start_date", "end_date", "note")
HOLIDAY_OVERRIDE_FIELDS = ("holiday", "start_date", "end_date", "announcement")


def _actor_name(actor: AbstractBaseUser) -> str:
    return actor.get_full_name() or actor.get_username()


def _save(instance: models.Model, *, actor: AbstractBaseUser, reason: str | Callable[[], str]) -> str:
    """Validate and save with a history row; a callable reason is worded after validation, once
    derived values (an override's year) are known."""
    instance.full_clean()
    if callable(reason):
        reason = reason()
    instance._history_user = actor
    instance._change_reason = reason
    instance.save()
    return reason


def _delete(instance: models.Model, *, actor: AbstractBaseUser, reason: str) -> None:
    instance._history_user = actor
    instance._change_reason = reason
    instance.delete()


def _announce(
    *,
    sender: type[models.Model],
    reason: str,
    start: date | None,
    end: date | None,
    actor: AbstractBaseUser,
    changed_parameters: frozenset[str] = frozenset(),
) -> None:
    # After commit: a receiver that recomputes due dates must read the calendar as saved, and a
    # rolled-back change must not move anything.
    transaction.on_commit(
        lambda: calendar_changed.send(
            sender=sender,
            reason=reason,
            start=start,
            end=end,
            actor=actor,
            changed_parameters=changed_parameters,
        )
    )


def _span(days: Iterable[date]) -> str:
    days = sorted(days)
    if not days:
        return "—"
    if days[0] == days[-1]:
        return days[0].isoformat()
    return f"{days[0].isoformat()}–{days[-1].isoformat()}"


def _check_fields(data: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown {what} fields: {sorted(unknown)}")


# --- Policy parameters ------------------------------------------------------------------------


def _normal_channels(value: Any) -> Any:
    """Channels in the order of the list, each once; anything invalid is left for full_clean to refuse."""
    if not isinstance(value, list | tuple | set | frozenset):
        return value
    chosen = {str(channel) for channel in value}
    if not chosen <= set(Channel.values):
        return list(value)
    return [channel for channel in Channel.values if channel in chosen]


def _weekday_names(digits: str) -> str:
    if not digits:
        return _("no weekend")
    labels = dict(Weekday.choices)
    order = [day.value for day in Weekday]
    return ", ".join(str(labels[day]) for day in sorted((int(d) for d in digits), key=order.index))


def _describe_parameter_change(field: str, old: Any, new: Any) -> str:
    if field == "weekend_days":
        return _("weekend changed from %(old)s to %(new)s") % {
            "old": _weekday_names(old),
            "new": _weekday_names(new),
        }
    if field in CALENDAR_PARAMETERS or field == "reverification_days":
        return _("%(field)s changed from %(old)s to %(new)s") % {
            "field": PolicyParameters._meta.get_field(field).verbose_name,
            "old": old,
            "new": new,
        }
    return _("%(field)s changed") % {"field": PolicyParameters._meta.get_field(field).verbose_name}


@transaction.atomic
def policy_parameters_update(*, actor: AbstractBaseUser, data: Mapping[str, Any]) -> PolicyParameters:
    """Change the association's policy parameters; ``weekend_days`` may be weekday numbers or stored digits."""
    _check_fields(data, PARAMETER_FIELDS, "policy parameter")
    parameters = PolicyParameters.objects.select_for_update().filter(pk=PARAMETERS_PK).first()
    if parameters is None:
        # The migration creates the row; a wiped table is refilled with the seed defaults.
        parameters = PolicyParameters(pk=PARAMETERS_PK)
    before = {field: getattr(parameters, field) for field in PARAMETER_FIELDS}
    for field, value in data.items():
        if field == "weekend_days":
            value = encode_weekdays(value)
        elif field == "channels":
            value = _normal_channels(value)
        setattr(parameters, field, value)
    changed = frozenset(field for field in PARAMETER_FIELDS if getattr(parameters, field) != before[field])
    if not changed and not parameters._state.adding:
        return parameters
    descriptions = [
        _describe_parameter_change(field, before[field], getattr(parameters, field))
        for field in PARAMETER_FIELDS
        if field in changed
    ]
    reason = _("Policy parameters: %(changes)s, by %(actor)s") % {
        "changes": "; ".join(descriptions) or _("created with the defaults"),
        "actor": _actor_name(actor),
    }
    _save(parameters, actor=actor, reason=reason)
    calendar_fields = changed & CALENDAR_PARAMETERS
    if calendar_fields:
        _announce(
            sender=PolicyParameters,
            reason=reason,
            start=None,
            end=None,
            actor=actor,
            changed_parameters=calendar_fields,
        )
    return parameters


# --- Association closures ----------------------------------------------------------------------


@transaction.atomic
def closure_create(
    *,
    actor: AbstractBaseUser,
    name: str,
    start_date: date,
    end_date: date,
    name_en: str = "",
    note: str = "",
) -> Closure:
    closure = Closure(name=name, name_en=name_en, start_date=start_date, end_date=end_date, note=note)
    reason = _("Closure «%(name)s» %(dates)s added by %(actor)s") % {
        "name": name,
        "dates": _span((start_date, end_date)),
        "actor": _actor_name(actor),
    }
    _save(closure, actor=actor, reason=reason)
    _announce(sender=Closure, reason=reason, start=start_date, end=end_date, actor=actor)
    return closure


@transaction.atomic
def closure_update(*, actor: AbstractBaseUser, closure: Closure, data: Mapping[str, Any]) -> Closure:
    _check_fields(data, CLOSURE_FIELDS, "closure")
    closure = Closure.objects.select_for_update().get(pk=closure.pk)
    old_start, old_end = closure.start_date, closure.end_date
    before = {field: getattr(closure, field) for field in CLOSURE_FIELDS}
    for field, value in data.items():
        setattr(closure, field, value)
    if all(getattr(closure, field) == before[field] for field in CLOSURE_FIELDS):
        return closure
    dates_changed = (closure.start_date, closure.end_date) != (old_start, old_end)
    if dates_changed:
        reason = _("Closure «%(name)s» moved from %(old)s to %(new)s by %(actor)s") % {
            "name": closure.name,
            "old": _span((old_start, old_end)),
            "new": _span((closure.start_date, closure.end_date)),
            "actor": _actor_name(actor),
        }
    else:
        reason = _("Closure «%(name)s» %(dates)s edited by %(actor)s") % {
            "name": closure.name,
            "dates": _span((closure.start_date, closure.end_date)),
            "actor": _actor_name(actor),
        }
    _save(closure, actor=actor, reason=reason)
    # A new name or note moves no due date; only new dates are announced.
    if dates_changed:
        _announce(
            sender=Closure,
            reason=reason,
            start=min(old_start, closure.start_date),
            end=max(old_end, closure.end_date),
            actor=actor,
        )
    return closure


@transaction.atomic
def closure_delete(*, actor: AbstractBaseUser, closure: Closure) -> None:
    closure = Closure.objects.select_for_update().get(pk=closure.pk)
    reason = _("Closure «%(name)s» %(dates)s removed by %(actor)s") % {
        "name": closure.name,
        "dates": _span((closure.start_date, closure.end_date)),
        "actor": _actor_name(actor),
    }
    start, end = closure.start_date, closure.end_date
    _delete(closure, actor=actor, reason=reason)
    _announce(sender=Closure, reason=reason, start=start, end=end, actor=actor)


# --- Announced dates of official holidays -----------------------------------------------------


def _override_days(override: HolidayOverride) -> list[date]:
    """Every day whose status an override decides: its own range and the package's dates it replaces."""
    return [override.start_date, override.end_date, *override.replaced_dates()]


@transaction.atomic
def holiday_override_create(
    *,
    actor: AbstractBaseUser,
    holiday: str,
    start_date: date,
    end_date: date,
    announcement: str = "",
) -> HolidayOverride:
    """Record the announced dates of an official holiday, replacing the package's (estimated) ones."""
    override = HolidayOverride(holiday=holiday, start_date=start_date, end_date=end_date, announcement=announcement)
    reason = _save(
        override,
        actor=actor,
        reason=lambda: (
            _("Official dates of %(holiday)s set to %(dates)s by %(actor)s, replacing %(package)s")
            % {
                "holiday": str(override),
                "dates": _span((start_date, end_date)),
                "actor": _actor_name(actor),
                "package": _span(override.replaced_dates()),
            }
        ),
    )
    days = _override_days(override)
    _announce(sender=HolidayOverride, reason=reason, start=min(days), end=max(days), actor=actor)
    return override


@transaction.atomic
def holiday_override_update(
    *, actor: AbstractBaseUser, override: HolidayOverride, data: Mapping[str, Any]
) -> HolidayOverride:
    _check_fields(data, HOLIDAY_OVERRIDE_FIELDS, "holiday override")
    override = HolidayOverride.objects.select_for_update().get(pk=override.pk)
    old_days = _override_days(override)
    old_label, old_dates = str(override), _span((override.start_date, override.end_date))
    before = {field: getattr(override, field) for field in HOLIDAY_OVERRIDE_FIELDS}
    for field, value in data.items():
        setattr(override, field, value)
    if all(getattr(override, field) == before[field] for field in HOLIDAY_OVERRIDE_FIELDS):
        return override
    days_changed = (override.holiday, override.start_date, override.end_date) != (
        before["holiday"],
        before["start_date"],
        before["end_date"],
    )
    reason = _save(
        override,
        actor=actor,
        reason=lambda: (
            _("Official dates of %(old_holiday)s (%(old)s) changed to %(holiday)s (%(new)s) by %(actor)s")
            % {
                "old_holiday": old_label,
                "old": old_dates,
                "holiday": str(override),
                "new": _span((override.start_date, override.end_date)),
                "actor": _actor_name(actor),
            }
        ),
    )
    if days_changed:
        days = old_days + _override_days(override)
        _announce(sender=HolidayOverride, reason=reason, start=min(days), end=max(days), actor=actor)
    return override


@transaction.atomic
def holiday_override_delete(*, actor: AbstractBaseUser, override: HolidayOverride) -> None:
    override = HolidayOverride.objects.select_for_update().get(pk=override.pk)
    days = _override_days(override)
    reason = _(
        "Official dates of %(holiday)s (%(dates)s) removed by %(actor)s; the holidays package's dates %(package)s apply"
    ) % {
        "holiday": str(override),
        "dates": _span((override.start_date, override.end_date)),
        "actor": _actor_name(actor),
        "package": _span(override.replaced_dates()),
    }
    _delete(override, actor=actor, reason=reason)
    _announce(sender=HolidayOverride, reason=reason, start=min(days), end=max(days), actor=actor)
