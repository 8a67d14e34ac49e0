"""Reads of the outbox, as querysets the views, templates and domain apps filter further."""

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from notifications.models import Message, MessageStatus, StaffNotification, StaffTask, StaffTaskStatus


def messages_for_recipient(*, recipient_object: models.Model) -> QuerySet[Message]:
    """Every message sent to this person or record, newest first, with its delivery status."""
    return (
        Message.objects.filter(
            recipient_content_type=ContentType.objects.get_for_model(recipient_object),
            recipient_object_id=recipient_object.pk,
        )
        .prefetch_related("staff_tasks__completed_by")
        .order_by("-created_at", "-pk")
    )


def messages_failed() -> QuerySet[Message]:
    return Message.objects.filter(status=MessageStatus.FAILED).order_by("-created_at", "-pk")


def messages_due_count() -> int:
    return Message.objects.filter(status=MessageStatus.PENDING).count()


def staff_tasks_open() -> QuerySet[StaffTask]:
    """Letters to print and people to call, oldest first."""
    return StaffTask.objects.filter(status=StaffTaskStatus.OPEN).select_related("message").order_by("created_at", "pk")


def staff_tasks_recently_done(*, limit: int = 20) -> QuerySet[StaffTask]:
    return (
        StaffTask.objects.exclude(status=StaffTaskStatus.OPEN)
        .select_related("message", "completed_by")
        .order_by("-completed_at", "-pk")[:limit]
    )


def staff_notifications_for(*, user: AbstractBaseUser) -> QuerySet[StaffNotification]:
    return StaffNotification.objects.filter(user=user).order_by("-created_at", "-pk")


def staff_notifications_unread_count(*, user: AbstractBaseUser) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return StaffNotification.objects.filter(user=user, read_at__isnull=True).count()
