"""The outbox as a year leaves it: one message per request, letter tasks and in-app notices."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType

from bench.fill.base import Context, insert, next_id
from beneficiaries.models import Beneficiary
from notifications.models import Message, StaffNotification, StaffTask
from policies.roles import Role

STAFF_NOTIFICATIONS = 20_000
EVENT_BY_STATUS = {
    "draft": "request_received",
    "incomplete": "request_incomplete",
    "complete": "request_complete",
    "referred": "request_referred",
    "under_research": "request_referred",
    "on_hold": "request_referred",
    "decided": "decision",
    "notified": "decision",
    "delivered": "delivery",
    "closed": "decision",
    "withdrawn": "request_received",
    "cancelled": "request_received",
}


def make_notifications(ctx: Context) -> None:
    rng = ctx.rng
    beneficiary_type = ContentType.objects.get_for_model(Beneficiary)
    message_id, task_id = next_id(Message), next_id(StaffTask)
    messages, tasks = [], []
    recent = ctx.today - timedelta(days=7)
    for request in ctx.requests:
        name, mobile = ctx.beneficiary_names.get(request.beneficiary_id, ("", ""))
        at = request.last_moment
        letter = rng.random() < 0.03
        waiting = letter and at.date() >= recent
        messages.append(
            Message(
                pk=message_id,
                idempotency_key=f"bench:request:{request.pk}:{request.status}",
                event=EVENT_BY_STATUS[request.status],
                channel="letter" if letter else "sms",
                language="ar",
                recipient_content_type=beneficiary_type,
                recipient_object_id=request.beneficiary_id,
                recipient_name=name,
                address="" if letter else mobile,
                subject="جمعية صلة",
                body="عزيزنا المستفيد، نفيدكم بتحديث حالة طلبكم. يمكنكم المتابعة برمز التتبع.",
                status="awaiting_staff" if waiting else "sent",
                attempts=0 if letter else 1,
                last_attempt_at=None if letter else at,
                sent_at=None if waiting else at + timedelta(seconds=rng.randint(2, 60)),
                created_at=at,
            )
        )
        if letter:
            tasks.append(
                StaffTask(
                    pk=task_id,
                    message_id=message_id,
                    kind="letter",
                    status="open" if waiting else "done",
                    created_at=at,
                    completed_at=None if waiting else at + timedelta(days=1),
                    completed_by=None if waiting else ctx.pick(Role.RECEPTION),
                )
            )
            task_id += 1
        message_id += 1
    insert(ctx, Message, messages)
    insert(ctx, StaffTask, tasks)
    staff = [user for people in ctx.staff.values() for user in people]
    notices = []
    notice_id = next_id(StaffNotification)
    for _index in range(ctx.n(STAFF_NOTIFICATIONS)):
        at = ctx.moment(ctx.year_start + timedelta(days=rng.randint(0, 365)))
        notices.append(
            StaffNotification(
                pk=notice_id,
                user=rng.choice(staff),
                title="طلب يقترب موعد الرد عليه",
                body="يرجى مراجعة الطلب قبل انتهاء المهلة",
                url="/requests/",
                created_at=at,
                read_at=at + timedelta(hours=3) if rng.random() < 0.8 else None,
            )
        )
        notice_id += 1
    insert(ctx, StaffNotification, notices)
