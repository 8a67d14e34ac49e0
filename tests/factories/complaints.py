"""Complaints in each state, built through the model (the services are what the tests exercise)."""

import importlib
from datetime import timedelta

import factory
from django.utils import timezone

from complaints.models import Complaint, ComplaintCategory, ComplaintKind, ComplaintStatus, Priority
from complaints.services import new_tracking_code
from policies.choices import Channel, ContactChannel

SEEDED = {row[0]: row for row in importlib.import_module("complaints.migrations.0002_categories_and_roles").CATEGORIES}


def category(code: str = "service_quality") -> ComplaintCategory:
    """A category from the migration (or made again, with the same names, after a flush)."""
    _code, name, name_en, sensitive = SEEDED[code]
    obj, _created = ComplaintCategory.objects.get_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "is_sensitive": sensitive}
    )
    return obj


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A named complaint received today by phone; due dates as the defaults (2 and 10 working days) give them."""

    class Meta:
        model = Complaint

    kind = ComplaintKind.COMPLAINT
    tracking_code = factory.LazyFunction(new_tracking_code)
    channel = Channel.PHONE
    category = factory.LazyFunction(category)
    priority = Priority.NORMAL
    subject = "تأخر صرف المساعدة"
    description = "تأخر صرف المساعدة الشهرية ثلاثة أسابيع دون إبلاغي بالسبب."
    complainant_name = "هيا سعد العتيبي"
    complainant_mobile = factory.Sequence(lambda n: f"+9665{40_000_000 + n:08d}")
    contact_channel = ContactChannel.SMS
    status = ComplaintStatus.RECEIVED
    received_at = factory.LazyFunction(timezone.now)
    acknowledge_due = factory.LazyAttribute(lambda c: timezone.localdate(c.received_at) + timedelta(days=2))
    resolve_due = factory.LazyAttribute(lambda c: timezone.localdate(c.received_at) + timedelta(days=14))


class AnonymousComplaintFactory(ComplaintFactory):
    is_anonymous = True
    complainant_name = ""
    complainant_mobile = ""
    contact_channel = ""


def in_status(status: str, **kwargs) -> Complaint:
    """A complaint that has reached ``status`` with everything that state needs."""
    now = timezone.now()
    values: dict = {"status": status}
    if status != ComplaintStatus.RECEIVED:
        values["acknowledged_at"] = now
    if status in (ComplaintStatus.UNDER_INVESTIGATION, ComplaintStatus.AWAITING_COMPLAINANT):
        values.setdefault("assigned_to", kwargs.pop("assigned_to", None))
    if status == ComplaintStatus.AWAITING_COMPLAINANT:
        values.update(paused_on=timezone.localdate(), paused_working_days_left=6)
    if status in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED):
        values.update(
            resolved_at=now, outcome="upheld", response="نعتذر عن التأخير وتم صرف المساعدة.", response_channel="sms"
        )
    if status == ComplaintStatus.CLOSED:
        values["closed_at"] = now
    values.update(kwargs)
    if values.get("assigned_to") is None and status in (
        ComplaintStatus.UNDER_INVESTIGATION,
        ComplaintStatus.AWAITING_COMPLAINANT,
    ):
        from policies.roles import Role

        from .users import UserFactory

        values["assigned_to"] = UserFactory(role=Role.COMPLAINTS_OFFICER)
    if values.get("assigned_to") is None:
        values.pop("assigned_to", None)
    return ComplaintFactory(**values)
