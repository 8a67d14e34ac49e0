"""Reads of the outbox, as querysets the views, templates and domain apps filter further."""

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
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


def staff_header_counts(*, user: AbstractBaseUser, with_open_tasks: bool) -> tuple[int, int | None]:
    """The header's two numbers, the user's unread notices and (if asked) the open letters and
    calls: one query, as every staff page draws them (the ORM would compile and send two counts)."""
    unread_sql, tasks_sql = _header_count_sql()
    with connection.cursor() as cursor:
        if not with_open_tasks:
            cursor.execute(unread_sql, [user.pk])
            return cursor.fetchone()[0], None
        cursor.execute(f"SELECT ({unread_sql}), ({tasks_sql})", [user.pk, StaffTaskStatus.OPEN.value])
        unread, open_tasks = cursor.fetchone()
    return unread, open_tasks


def _header_count_sql() -> tuple[str, str]:
    # Only the models' own table and column names are formatted in; every value is a parameter.
    quote = connection.ops.quote_name
    notice, task = StaffNotification._meta, StaffTask._meta
    table, user, read_at = notice.db_table, notice.get_field("user").column, notice.get_field("read_at").column
    unread = f"SELECT COUNT(*) FROM {quote(table)} WHERE {quote(user)} = %s AND {quote(read_at)} IS NULL"  # noqa: S608
    tasks = f"SELECT COUNT(*) FROM {quote(task.db_table)} WHERE {quote(task.get_field('status').column)} = %s"  # noqa: S608
    return unread, tasks
