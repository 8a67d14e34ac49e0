"""Demo complaints, inquiries and suggestions in every state, through the services."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from beneficiaries.models import Beneficiary
from complaints import services
from complaints.models import Complaint, ComplaintCategory, ComplaintKind, ComplaintStatus

# kind, category code, subject, details
SUBJECTS = (
    (
        ComplaintKind.COMPLAINT,
        "delay",
        "تأخر صرف المساعدة الشهرية",
        "لم تصرف المساعدة الشهرية منذ شهرين دون إبلاغي بالسبب.",
    ),
    (ComplaintKind.COMPLAINT, "service_quality", "طول الانتظار في الاستقبال", "انتظرت أكثر من ساعتين في مقر الجمعية."),
    (
        ComplaintKind.COMPLAINT,
        "staff_conduct",
        "أسلوب تعامل موظف الاستقبال",
        "تعامل الموظف معي بأسلوب غير لائق أمام المراجعين.",
    ),
    (
        ComplaintKind.COMPLAINT,
        "privacy",
        "مشاركة بياناتي دون إذني",
        "وصلتني رسالة من جهة أخرى تذكر بيانات قدمتها للجمعية.",
    ),
    (ComplaintKind.INQUIRY, "technical_support", "تعذر رفع المستندات في الموقع", "تظهر رسالة خطأ عند رفع صورة الهوية."),
    (
        ComplaintKind.INQUIRY,
        "other",
        "الاستفسار عن شروط السلة الغذائية",
        "ما الشروط المطلوبة للاستفادة من السلة الغذائية؟",
    ),
    (
        ComplaintKind.SUGGESTION,
        "suggestion",
        "اقتراح خدمة المواعيد المسبقة",
        "أقترح حجز موعد مسبق عبر الموقع لتقليل الانتظار.",
    ),
    (
        ComplaintKind.COMPLAINT,
        "delay",
        "تأخر الرد على طلب ترميم المنزل",
        "مضى شهر على اكتمال طلبي ولم يصلني رد اللجنة.",
    ),
)
CHANNELS = ("phone", "in_person", "letter", "fax", "email", "social_media", "branch_representative")
RESPONSES = {
    "upheld": "نعتذر عن التأخير، وقد تم صرف المستحقات ومعالجة السبب مع الجهة المختصة.",
    "partly_upheld": "تمت دراسة الشكوى، وعولج جزء منها، وسيتم التواصل معكم بشأن بقية الملاحظات.",
    "not_upheld": "تمت دراسة الشكوى وتبين أن الإجراء تم وفق سياسة الجمعية، ونشكر لكم تواصلكم.",
}


def _data(rng, beneficiary, kind, code, subject, details, *, days_ago: int):
    data = {
        "kind": kind,
        "channel": rng.choice(CHANNELS),
        "category": ComplaintCategory.objects.get(code=code),
        "priority": rng.choice(("normal", "normal", "high", "low")),
        "subject": subject,
        "description": details,
        "received_at": timezone.now() - timedelta(days=days_ago, hours=rng.randrange(0, 6)),
    }
    if beneficiary is not None:
        data["beneficiary"] = beneficiary
        data["contact_channel"] = beneficiary.contact_channel if beneficiary.contact_channel != "letter" else "sms"
    return data


@transaction.atomic
def load_complaints_demo(*, users, seed: int = 1447) -> int:
    """About forty complaints: open, overdue, paused, resolved (one settled amicably), a sensitive
    report, one about a staff member, anonymous ones from the public form and a compensation file."""
    if Complaint.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    officer, manager, reception = users["complaints"], users["manager"], users["reception"]
    beneficiaries = list(Beneficiary.objects.order_by("pk")[:60])
    created = []
    for index in range(36):
        kind, code, subject, details = SUBJECTS[index % len(SUBJECTS)]
        beneficiary = rng.choice(beneficiaries) if beneficiaries else None
        data = _data(rng, beneficiary, kind, code, subject, details, days_ago=rng.randrange(0, 40))
        if beneficiary is None:
            data["complainant_name"] = "مراجع من الجمهور"
        if code == "staff_conduct":
            data["concerned_staff"] = reception
        complaint, _new = services.complaint_submit(actor=rng.choice((officer, reception)), data=data)
        created.append(complaint)

    # Move them along the workflow: older ones further.
    for complaint in created:
        age = (timezone.now() - complaint.received_at).days
        steps = (
            ["acknowledge"]
            if age < 3
            else ["acknowledge", "investigate"]
            if age < 12
            else ["acknowledge", "investigate", "resolve"]
            if age < 30
            else ["acknowledge", "investigate", "resolve", "close"]
        )
        if age < 1:
            steps = []
        elif 12 <= age < 30 and rng.random() < 0.3:
            steps = ["acknowledge", "investigate"]  # left open past its deadline: red in the queue
        for action in steps:
            kwargs = {}
            if action == "resolve":
                outcome = rng.choice(list(RESPONSES))
                kwargs["data"] = {"outcome": outcome, "response": RESPONSES[outcome], "response_channel": "sms"}
                if complaint.beneficiary_id is None:
                    kwargs["data"]["response_channel"] = "phone"
                    if not complaint.complainant_mobile:
                        break
            services.complaint_transition(actor=officer, complaint=complaint, action=action, **kwargs)
        # Realistic handling times on the monitoring page: the demo stamps when each step happened.
        if "acknowledge" in steps:
            acknowledged = complaint.received_at + timedelta(hours=rng.randrange(2, 60))
            Complaint.objects.filter(pk=complaint.pk).update(acknowledged_at=acknowledged)
        if "resolve" in steps:
            Complaint.objects.filter(pk=complaint.pk, resolved_at__isnull=False).update(
                resolved_at=complaint.received_at + timedelta(days=rng.randrange(3, 14))
            )

    # One waiting on the complainant, one settled amicably.
    waiting = next(c for c in created if Complaint.objects.get(pk=c.pk).status == ComplaintStatus.UNDER_INVESTIGATION)
    services.complaint_transition(
        actor=officer, complaint=waiting, action="pause", note="بانتظار صورة إيصال الاستلام من المستفيد"
    )
    settled = next(
        c
        for c in created
        if Complaint.objects.get(pk=c.pk).status == ComplaintStatus.UNDER_INVESTIGATION and c.beneficiary_id
    )
    services.complaint_note_add(
        actor=officer, complaint=settled, text="تم التواصل مع المستفيد وعقد لقاء ودي في مقر الجمعية."
    )
    services.complaint_transition(
        actor=officer,
        complaint=settled,
        action="resolve",
        data={
            "outcome": "partly_upheld",
            "response": "تم الاتفاق ودياً على إعادة دراسة الطلب خلال أسبوع مع زيارة ميدانية.",
            "response_channel": "sms",
            "amicable_settlement": True,
            "settlement_terms": "إعادة دراسة الطلب خلال أسبوع، وزيارة ميدانية من الباحثة الاجتماعية.",
        },
    )

    # A sensitive report, assigned by senior management to the committee.
    fraud, _new = services.complaint_submit(
        actor=officer,
        data={
            **_data(rng, None, ComplaintKind.COMPLAINT, "fraud", "بلاغ عن استغلال اسم الجمعية", "", days_ago=2),
            "description": "تلقيت اتصالاً من شخص يطلب مبلغاً مقابل تسريع صرف المساعدة باسم الجمعية.",
            "is_anonymous": True,
        },
    )
    services.complaint_assign(actor=manager, complaint=fraud, officer=officer)

    # Anonymous messages from the public form.
    for subject, details in (
        ("ملاحظة على نظافة المقر", "أرجو الاهتمام بنظافة صالة الانتظار للنساء."),
        ("اقتراح توسيع ساعات العمل", "أقترح فتح الاستقبال مساء يوم الأربعاء للعاملين."),
    ):
        services.complaint_submit(
            actor=None,
            data={
                "kind": ComplaintKind.SUGGESTION,
                "category": ComplaintCategory.objects.get(code="suggestion"),
                "subject": subject,
                "description": details,
                "is_anonymous": True,
            },
        )

    # A compensation file, approved by management.
    harmed = next(
        (
            c
            for c in created
            if c.beneficiary_id
            and c.kind == ComplaintKind.COMPLAINT
            and Complaint.objects.get(pk=c.pk).status == ComplaintStatus.UNDER_INVESTIGATION
        ),
        None,
    )
    if harmed is not None:
        compensation = services.compensation_open(actor=officer, complaint=harmed)
        services.compensation_update(
            actor=officer,
            compensation=compensation,
            data={
                "harm_caused_by_association": True,
                "minutes_date": timezone.localdate() - timedelta(days=3),
                "minutes_approved_by_members": True,
                "harm_size": "تأخر صرف إعانة شهرين كاملين",
                "harm_causes": "خطأ في إدخال رقم الآيبان عند تحديث البيانات",
                "negotiation_notes": "تم التفاوض مع المستفيد واتفق الطرفان على تعويض يعادل قيمة الإعانة المتأخرة.",
                "agreed_amount": Decimal("1200.00"),
            },
        )
        services.compensation_approve(actor=manager, compensation=compensation)

    services.complaint_deadline_sweep()
    return Complaint.objects.count()
