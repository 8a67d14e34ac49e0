"""Every write to the policy parameters and the working-day calendar.

Each function validates (``full_clean``) and saves inside one transaction, leaves a history row
with who and why, and — when days off or deadline lengths change — sends ``calendar_changed``
after commit, so the apps that keep due dates recompute them only for changes that really happened.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policies.choices import Channel
from policies.errors import DomainError
from policies.malware import scan_upload
from policies.models import (
    PARAMETERS_PK,
    Closure,
    HolidayOverride,
    PolicyAttachment,
    PolicyDocument,
    PolicyParameters,
    PolicySignOff,
    PolicyVersion,
    SignOffReminder,
    VersionStatus,
    encode_weekdays,
)
from policies.signals import calendar_changed, policy_version_published, signoff_reminder_sent
from policies.working_days import Weekday

PARAMETER_FIELDS = (
    "response_deadline_working_days",
    "weekend_days",
    "channels",
    "declaration_text",
    "declaration_text_en",
    "beneficiary_duties",
    "beneficiary_duties_en",
    "beneficiary_rights",
    "beneficiary_rights_en",
    "privacy_statement",
    "privacy_statement_en",
    "confidentiality_pledge",
    "confidentiality_pledge_en",
    "complaint_acknowledge_working_days",
    "complaint_resolve_working_days",
    "reverification_days",
    "retention_years",
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


# --- Policy documents, versions, attachments and staff sign-off (R26–R31) ---------------------

DOCUMENT_FIELDS = (
    "kind",
    "title",
    "title_en",
    "slug",
    "summary",
    "summary_en",
    "is_public",
    "in_tools_library",
    "requires_signoff",
    "applies_to_roles",
    "sort_order",
)
VERSION_FIELDS = (
    "body",
    "body_en",
    "change_summary",
    "board_meeting_number",
    "board_meeting_date",
    "effective_date",
)
ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


def _normal_roles(value: Any) -> Any:
    from policies.roles import Role

    if not isinstance(value, list | tuple | set | frozenset):
        return value
    chosen = {str(role) for role in value}
    if not chosen <= set(Role.values):
        return list(value)
    return [role for role in Role.values if role in chosen]


@transaction.atomic
def policy_document_create(*, actor: AbstractBaseUser, data: Mapping[str, Any]) -> PolicyDocument:
    _check_fields(data, DOCUMENT_FIELDS, "policy document")
    document = PolicyDocument(**{**data, "applies_to_roles": _normal_roles(data.get("applies_to_roles", []))})
    _save(
        document,
        actor=actor,
        reason=_("Policy document «%(title)s» created by %(actor)s")
        % {"title": data.get("title", ""), "actor": _actor_name(actor)},
    )
    return document


@transaction.atomic
def policy_document_update(
    *, actor: AbstractBaseUser, document: PolicyDocument, data: Mapping[str, Any]
) -> PolicyDocument:
    _check_fields(data, DOCUMENT_FIELDS, "policy document")
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    before = {field: getattr(document, field) for field in DOCUMENT_FIELDS}
    for field, value in data.items():
        setattr(document, field, _normal_roles(value) if field == "applies_to_roles" else value)
    changed = [field for field in DOCUMENT_FIELDS if getattr(document, field) != before[field]]
    if not changed:
        return document
    _save(
        document,
        actor=actor,
        reason=_("Policy document «%(title)s» edited by %(actor)s: %(fields)s")
        % {
            "title": document.title,
            "actor": _actor_name(actor),
            "fields": ", ".join(str(PolicyDocument._meta.get_field(field).verbose_name) for field in changed),
        },
    )
    return document


@transaction.atomic
def policy_version_create(
    *, actor: AbstractBaseUser, document: PolicyDocument, data: Mapping[str, Any]
) -> PolicyVersion:
    """A new draft of ``document``, numbered after its last version."""
    _check_fields(data, VERSION_FIELDS, "policy version")
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = PolicyVersion(document=document, number=last + 1, status=VersionStatus.DRAFT, **data)
    _save(
        version,
        actor=actor,
        reason=_("Draft %(number)s of «%(title)s» written by %(actor)s")
        % {"number": version.number, "title": document.title, "actor": _actor_name(actor)},
    )
    return version


def _locked_version(version: PolicyVersion) -> PolicyVersion:
    return PolicyVersion.objects.select_for_update().select_related("document").get(pk=version.pk)


@transaction.atomic
def policy_version_update(*, actor: AbstractBaseUser, version: PolicyVersion, data: Mapping[str, Any]) -> PolicyVersion:
    """Edit a draft: its text and the board's approval. A version in force is never rewritten."""
    _check_fields(data, VERSION_FIELDS, "policy version")
    version = _locked_version(version)
    if version.status != VersionStatus.DRAFT:
        raise DomainError(_("Only a draft can be edited. Write a new version instead."))
    before = {field: getattr(version, field) for field in VERSION_FIELDS}
    for field, value in data.items():
        setattr(version, field, value)
    changed = [field for field in VERSION_FIELDS if getattr(version, field) != before[field]]
    if not changed:
        return version
    _save(
        version,
        actor=actor,
        reason=_("Draft %(number)s of «%(title)s» edited by %(actor)s: %(fields)s")
        % {
            "number": version.number,
            "title": version.document.title,
            "actor": _actor_name(actor),
            "fields": ", ".join(str(PolicyVersion._meta.get_field(field).verbose_name) for field in changed),
        },
    )
    return version


@transaction.atomic
def policy_version_publish(
    *,
    actor: AbstractBaseUser,
    version: PolicyVersion,
    effective_date: date | None = None,
    board_meeting_number: str | None = None,
    board_meeting_date: date | None = None,
) -> PolicyVersion:
    """Put an approved draft in force; the version it replaces is superseded and stays readable.

    The board's approval (meeting number and date) is required — recorded on the draft before,
    or given here — and the version cannot take effect before that meeting nor on a day still
    to come.
    """
    version = _locked_version(version)
    if version.status != VersionStatus.DRAFT:
        raise DomainError(_("This version has already been put in force."))
    if board_meeting_number is not None:
        version.board_meeting_number = board_meeting_number.strip()
    if board_meeting_date is not None:
        version.board_meeting_date = board_meeting_date
    if not version.is_approved:
        raise DomainError(
            _("Record the board's approval (meeting number and date) before putting this version in force.")
        )
    today = timezone.localdate()
    effective_date = effective_date or version.effective_date or today
    if effective_date > today:
        raise DomainError(_("The effective date cannot be in the future: put the version in force on that day."))
    if effective_date < version.board_meeting_date:
        raise DomainError(_("A version cannot take effect before the board approved it."))
    # Lock the document so two publishers cannot both supersede the same version.
    PolicyDocument.objects.select_for_update().filter(pk=version.document_id).first()
    current = (
        PolicyVersion.objects.select_for_update()
        .filter(document_id=version.document_id, status=VersionStatus.IN_FORCE)
        .first()
    )
    now = timezone.now()
    if current is not None:
        current.status = VersionStatus.SUPERSEDED
        current.superseded_at = now
        _save(
            current,
            actor=actor,
            reason=_("Version %(old)s of «%(title)s» superseded by version %(new)s, by %(actor)s")
            % {
                "old": current.number,
                "new": version.number,
                "title": version.document.title,
                "actor": _actor_name(actor),
            },
        )
    version.status = VersionStatus.IN_FORCE
    version.effective_date = effective_date
    version.published_at = now
    version.published_by = actor
    _save(
        version,
        actor=actor,
        reason=_(
            "Version %(number)s of «%(title)s» put in force from %(date)s by %(actor)s "
            "(board meeting %(meeting)s of %(meeting_date)s)"
        )
        % {
            "number": version.number,
            "title": version.document.title,
            "date": effective_date.isoformat(),
            "actor": _actor_name(actor),
            "meeting": version.board_meeting_number,
            "meeting_date": version.board_meeting_date.isoformat(),
        },
    )
    transaction.on_commit(
        lambda: policy_version_published.send(sender=PolicyVersion, version=version, superseded=current, actor=actor)
    )
    return version


def _attachment_type(file) -> str | None:
    """The MIME type of an uploaded file, read from its first bytes; None if it is not one we accept."""
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            file.seek(0)
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def check_attachment_file(file) -> str:
    """The MIME type of an acceptable attachment; ValidationError for one too large or of another kind."""
    from django.conf import settings

    if file.size > settings.MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": settings.MAX_DOCUMENT_SIZE // (1024 * 1024)}
        )
    content_type = _attachment_type(file)
    if content_type is None:
        raise ValidationError(_("Attach a PDF, Word, Excel, PNG or JPEG file."))
    scan_upload(file)
    return content_type


@transaction.atomic
def policy_attachment_add(
    *,
    actor: AbstractBaseUser,
    version: PolicyVersion,
    title: str,
    file,
    title_en: str = "",
    is_public: bool = True,
) -> PolicyAttachment:
    """Attach a file (PDF, Word, Excel, PNG or JPEG) to a draft or to the version in force."""
    version = _locked_version(version)
    if version.status == VersionStatus.SUPERSEDED:
        raise DomainError(_("A superseded version is kept as it was; attach the file to the version in force."))
    try:
        content_type = check_attachment_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    original_name = (getattr(file, "name", "") or "").rsplit("/", 1)[-1][
        :200
    ] or f"file.{ATTACHMENT_TYPES[content_type]}"
    attachment = PolicyAttachment(
        version=version,
        title=title,
        title_en=title_en,
        file=file,
        original_name=original_name,
        content_type=content_type,
        size=file.size,
        is_public=is_public,
    )
    # The stored name takes the extension of what the file really is, not what it was called.
    file.name = f"upload.{ATTACHMENT_TYPES[content_type]}"
    _save(
        attachment,
        actor=actor,
        reason=_("File «%(title)s» attached to %(version)s by %(actor)s")
        % {"title": title, "version": version, "actor": _actor_name(actor)},
    )
    return attachment


@transaction.atomic
def policy_attachment_delete(*, actor: AbstractBaseUser, attachment: PolicyAttachment) -> None:
    attachment = PolicyAttachment.objects.select_related("version__document").get(pk=attachment.pk)
    if attachment.version.status == VersionStatus.SUPERSEDED:
        raise DomainError(_("A superseded version is kept as it was."))
    stored = attachment.file.name
    _delete(
        attachment,
        actor=actor,
        reason=_("File «%(title)s» removed from %(version)s by %(actor)s")
        % {"title": attachment.title, "version": attachment.version, "actor": _actor_name(actor)},
    )
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def policy_signoff_record(
    *,
    actor: AbstractBaseUser,
    version: PolicyVersion,
    read_confirmed: bool,
    confidentiality_pledged: bool,
) -> PolicySignOff:
    """The staff member ``actor`` signs the version in force after confirming on screen (R27, R30)."""
    from policies.roles import user_roles
    from policies.selectors import policy_parameters

    version = _locked_version(version)
    if version.status != VersionStatus.IN_FORCE:
        raise DomainError(_("Only the version in force can be signed."))
    if not version.document.requires_signoff or not version.document.applies_to(user_roles(actor)):
        raise DomainError(_("This document does not ask you for a signature."))
    errors = {}
    if not read_confirmed:
        errors["read_confirmed"] = _("Confirm that you have read and understood the policy.")
    if not confidentiality_pledged:
        errors["confidentiality_pledged"] = _("Confirm the confidentiality pledge.")
    if errors:
        raise ValidationError(errors)
    if PolicySignOff.objects.filter(version=version, user=actor).exists():
        raise DomainError(_("You have already signed this version."))
    signoff = PolicySignOff(
        version=version,
        user=actor,
        signed_at=timezone.now(),
        read_confirmed=True,
        confidentiality_pledged=True,
        pledge_text=policy_parameters().pledge,
    )
    _save(
        signoff,
        actor=actor,
        reason=_("%(actor)s signed %(version)s and the confidentiality pledge")
        % {"actor": _actor_name(actor), "version": version},
    )
    return signoff


@transaction.atomic
def signoff_reminder_send(*, actor: AbstractBaseUser, version: PolicyVersion, users: Iterable) -> list[SignOffReminder]:
    """Remind staff who have not signed ``version`` yet: a row each (shown in their banner) and an
    email after commit to those who have an address. Staff who signed, or to whom the document
    does not apply, are skipped."""
    from django.core.mail import send_mass_mail

    from policies.selectors import staff_members

    version = _locked_version(version)
    if version.status != VersionStatus.IN_FORCE or not version.document.requires_signoff:
        raise DomainError(_("Only a version in force that staff must sign can be reminded of."))
    wanted = {user.pk for user in users}
    signed = set(version.signoffs.values_list("user_id", flat=True))
    targets = [
        user
        for user in staff_members()
        if user.pk in wanted and user.pk not in signed and version.document.applies_to(user.silah_roles)
    ]
    if not targets:
        raise DomainError(_("Everyone chosen has already signed this version."))
    now = timezone.now()
    reminders = []
    for user in targets:
        reminder = SignOffReminder(version=version, user=user, sent_by=actor, sent_at=now)
        _save(
            reminder,
            actor=actor,
            reason=_("%(actor)s reminded %(user)s to sign %(version)s")
            % {"actor": _actor_name(actor), "user": _actor_name(user), "version": version},
        )
        reminders.append(reminder)
    subject = _("Please read and sign: %(version)s") % {"version": version}
    body = _(
        "%(version)s is in force. Please read it and sign it in Silah, under My policies. Reminder sent by %(actor)s."
    ) % {"version": version, "actor": _actor_name(actor)}
    messages = [(subject, body, None, [user.email]) for user in targets if user.email]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    transaction.on_commit(
        lambda: signoff_reminder_sent.send(sender=PolicyVersion, version=version, users=targets, actor=actor)
    )
    return reminders


@transaction.atomic
def policy_document_delete(*, actor: AbstractBaseUser, document: PolicyDocument) -> None:
    """Remove a document that never had a version; one with versions is kept for the record."""
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    if document.versions.exists():
        raise DomainError(_("A document with versions is kept for the record; it cannot be deleted."))
    _delete(
        document,
        actor=actor,
        reason=_("Policy document «%(title)s» deleted by %(actor)s")
        % {"title": document.title, "actor": _actor_name(actor)},
    )


@transaction.atomic
def policy_version_delete(*, actor: AbstractBaseUser, version: PolicyVersion) -> None:
    """Discard a draft; versions that were in force are kept for the record."""
    version = _locked_version(version)
    if version.status != VersionStatus.DRAFT:
        raise DomainError(_("Only a draft can be deleted; versions that were in force are kept for the record."))
    for attachment in version.attachments.all():
        policy_attachment_delete(actor=actor, attachment=attachment)
    _delete(
        version,
        actor=actor,
        reason=_("Draft %(number)s of «%(title)s» deleted by %(actor)s")
        % {"number": version.number, "title": version.document.title, "actor": _actor_name(actor)},
    )


ATTACHMENT_EDIT_FIELDS = ("title", "title_en", "is_public")


@transaction.atomic
def policy_attachment_update(
    *, actor: AbstractBaseUser, attachment: PolicyAttachment, data: Mapping[str, Any]
) -> PolicyAttachment:
    """Rename a file or change whether the public may download it; the file itself is replaced by a new one."""
    _check_fields(data, ATTACHMENT_EDIT_FIELDS, "policy attachment")
    attachment = PolicyAttachment.objects.select_for_update().select_related("version__document").get(pk=attachment.pk)
    if attachment.version.status == VersionStatus.SUPERSEDED:
        raise DomainError(_("A superseded version is kept as it was."))
    for field, value in data.items():
        setattr(attachment, field, value)
    _save(
        attachment,
        actor=actor,
        reason=_("File «%(title)s» of %(version)s edited by %(actor)s")
        % {"title": attachment.title, "version": attachment.version, "actor": _actor_name(actor)},
    )
    return attachment
