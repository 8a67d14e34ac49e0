"""Demo service catalog and ~60 support requests across the workflow, written through the services."""

import base64
import io
import random
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from beneficiaries.models import Beneficiary, DocumentType
from policies.choices import Channel
from policies.errors import DomainError
from policies.selectors import response_due_date
from requests_app.models import (
    Decision,
    Declaration,
    DeclarationMethod,
    DeliveryKind,
    Recommendation,
    RequestStatus,
    RequestStatusChange,
    RequiredData,
    ResearchReport,
    ServiceType,
    SupportRequest,
)
from requests_app.services import (
    VERIFICATION_FACTS,
    declaration_sign,
    research_report_write,
    support_request_create,
    support_request_verify,
)
from requests_app.workflow import support_request_transition

S = RequestStatus

SERVICE_TYPES = (
    # name, English name, description, conditions, documents, data, maximum
    (
        "مساعدة مالية طارئة",
        "Emergency financial assistance",
        "مساعدة مالية لمرة واحدة للأسر التي تمر بظرف طارئ.",
        "أن يكون المتقدم مسجلاً لدى الجمعية\nأن يثبت الظرف الطارئ بمستند رسمي",
        ("national_id", "income_proof"),
        (RequiredData.IDENTITY, RequiredData.INCOME),
        Decimal("5000"),
    ),
    (
        "سداد إيجار السكن",
        "Rent payment",
        "المساهمة في سداد إيجار السكن المتأخر للأسر المحتاجة.",
        "ألا يتجاوز دخل الأسرة حد الكفاية\nأن يكون عقد الإيجار موثقاً في منصة إيجار",
        ("national_id", "lease_contract"),
        (RequiredData.IDENTITY, RequiredData.CONTACT),
        Decimal("12000"),
    ),
    (
        "سلة غذائية شهرية",
        "Monthly food basket",
        "سلة غذائية تُسلَّم شهرياً للأسر المسجلة.",
        "أن تكون الأسرة مسجلة ومحدَّثة البيانات",
        ("national_id",),
        (RequiredData.IDENTITY,),
        None,
    ),
    (
        "المساعدة العلاجية",
        "Medical assistance",
        "المساهمة في تكاليف العلاج والأدوية والأجهزة الطبية.",
        "تقرير طبي حديث لا يتجاوز ثلاثة أشهر",
        ("national_id", "medical_report"),
        (RequiredData.IDENTITY, RequiredData.HEALTH),
        Decimal("8000"),
    ),
    (
        "الحقيبة المدرسية",
        "School bag",
        "حقيبة مدرسية ومستلزمات دراسية لأبناء الأسر المسجلة.",
        "أن يكون في الأسرة أبناء في مراحل التعليم العام",
        ("national_id",),
        (RequiredData.IDENTITY,),
        None,
    ),
)

# How many demo requests end in each status.
PLAN = (
    (S.DRAFT, 8),
    (S.INCOMPLETE, 6),
    (S.COMPLETE, 8),
    (S.REFERRED, 7),
    (S.UNDER_RESEARCH, 9),
    (S.ON_HOLD, 3),
    (S.DECIDED, 4),
    (S.NOTIFIED, 3),
    (S.DELIVERED, 4),
    (S.CLOSED, 4),
    (S.WITHDRAWN, 2),
    (S.CANCELLED, 2),
)
ORDER = [S.COMPLETE, S.REFERRED, S.UNDER_RESEARCH, S.ON_HOLD, S.DECIDED, S.NOTIFIED, S.DELIVERED, S.CLOSED]


def _signature(rng: random.Random) -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + i * 40, 75 + rng.randrange(-40, 40)) for i in range(10)]
    draw.line(points, fill=(20, 20, 60, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def load_service_types() -> list[ServiceType]:
    documents = {dt.code: dt for dt in DocumentType.objects.all()}
    services = []
    for order, (name, name_en, description, conditions, docs, data, maximum) in enumerate(SERVICE_TYPES):
        service, _created = ServiceType.objects.update_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "description": description,
                "eligibility_conditions": conditions,
                "required_data": [str(code) for code in data],
                "max_amount": maximum,
                "sort_order": order,
                "is_active": True,
            },
        )
        service.required_documents.set([documents[code] for code in docs if code in documents])
        services.append(service)
    return services


def _drive(request, target, *, users, rng):
    reception, researcher, secretary = users["reception"], users["researcher"], users["secretary"]

    def move(actor, to_status, note="", **details):
        support_request_transition(actor=actor, request=request, to_status=to_status, note=note, **details)

    if target == S.DRAFT:
        return
    if target == S.INCOMPLETE:
        move(reception, S.INCOMPLETE, missing_items=["صورة حديثة من سجل الأسرة"])
        return
    if target in (S.WITHDRAWN, S.CANCELLED):
        move(reception, target, note="بناءً على طلب المستفيد" if target == S.WITHDRAWN else "تكرار الطلب")
        return
    support_request_verify(actor=reception, request=request, confirmed_facts=list(VERIFICATION_FACTS))
    declaration_sign(
        actor=reception, request=request, method=DeclarationMethod.SIGNATURE_PAD, signature_data_url=_signature(rng)
    )
    move(reception, S.COMPLETE)
    for step in ORDER[1:]:
        if request.status == target:
            return
        if step == S.REFERRED:
            move(reception, S.REFERRED)
        elif step == S.UNDER_RESEARCH:
            move(reception, S.UNDER_RESEARCH, researcher=researcher)
        elif step == S.ON_HOLD:
            if target == S.ON_HOLD:
                move(researcher, S.ON_HOLD, note="بانتظار تقرير طبي محدث من المستفيد")
                return
            research_report_write(
                actor=researcher,
                request=request,
                summary="زيارة الأسرة أكدت الحاجة، والدخل لا يغطي الاحتياجات الأساسية.",
                recommendation=Recommendation.APPROVE,
                field_visit_date=timezone.localdate() - timedelta(days=1),
                field_visit_findings="السكن بحاجة إلى صيانة، وعدد أفراد الأسرة مطابق للسجل.",
            )
        elif step == S.DECIDED:
            maximum = request.service_type.max_amount
            amount = min(maximum, Decimal("1500")) if maximum else None
            move(secretary, S.DECIDED, decision=Decision.APPROVED, approved_amount=amount, note="اعتماد اللجنة")
        elif step == S.NOTIFIED:
            move(reception, S.NOTIFIED)
        elif step == S.DELIVERED:
            amount = request.approved_amount
            move(
                reception,
                S.DELIVERED,
                kind=DeliveryKind.CASH if amount else DeliveryKind.IN_KIND,
                amount=amount,
                items_description="" if amount else "سلة غذائية متكاملة",
                receipt_number=f"RC-{request.reference_number}",
            )
        elif step == S.CLOSED:
            move(reception, S.CLOSED)


def _backdate(request: SupportRequest, days: int) -> None:
    """Move a demo request into the past, so the queues show on-track, at-risk and overdue rows."""
    if days <= 0:
        return
    delta = timedelta(days=days)
    fields = {"created_at": F("created_at") - delta}
    if request.completed_at:
        completed = request.completed_at - delta
        fields["completed_at"] = completed
        fields["due_date"] = response_due_date(completed_on=timezone.localdate(completed))
    if request.verified_at:
        fields["verified_at"] = F("verified_at") - delta
    if request.referred_at:
        fields["referred_at"] = F("referred_at") - delta
    SupportRequest.objects.filter(pk=request.pk).update(**fields)
    RequestStatusChange.objects.filter(request=request).update(at=F("at") - delta)
    Declaration.objects.filter(request=request).update(signed_at=F("signed_at") - delta)
    ResearchReport.objects.filter(request=request).update(written_at=F("written_at") - delta)


def load_requests_demo(*, users, seed: int = 1448, count_scale: int = 1) -> int:
    """Service types and requests across every status; skips the requests if some exist already.

    Timeline notes are written in the language of the person acting: here, Arabic.
    """
    with translation.override("ar"):
        return _load_requests_demo(users=users, seed=seed, count_scale=count_scale)


def _load_requests_demo(*, users, seed: int, count_scale: int) -> int:
    with transaction.atomic():
        services = load_service_types()
    if SupportRequest.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    candidates = list(
        Beneficiary.objects.filter(identity_expiry_date__gt=today, status="active")
        .select_related("category")
        .order_by("pk")[:400]
    )
    rng.shuffle(candidates)
    made = 0
    for target, count in PLAN:
        for _index in range(count * count_scale):
            if not candidates:
                return made
            beneficiary = candidates.pop()
            held = set(beneficiary.documents.values_list("document_type_id", flat=True))
            fitting = [s for s in services if {d.pk for d in s.required_documents.all()} <= held]
            service = rng.choice(fitting if fitting and target not in (S.DRAFT, S.INCOMPLETE) else services)
            try:
                with transaction.atomic():
                    request = support_request_create(
                        actor=users["reception"] if rng.random() < 0.8 else users["reception2"],
                        beneficiary=beneficiary,
                        service_type=service,
                        channel=rng.choice([Channel.IN_PERSON, Channel.PHONE, Channel.LETTER, Channel.IN_PERSON]),
                        amount_requested=Decimal(rng.randrange(5, 30) * 100) if service.max_amount else None,
                        need_description="المساعدة في تغطية الاحتياجات الأساسية للأسرة",
                        reason=rng.choice(
                            ("انقطاع الدخل بعد وفاة العائل", "مرض رب الأسرة وتوقفه عن العمل", "تراكم الديون والإيجار")
                        ),
                    )
                    _drive(request, target, users=users, rng=rng)
                    request.refresh_from_db()
                    _backdate(request, rng.randrange(0, 25) if target != S.DRAFT else rng.randrange(0, 4))
                made += 1
            except (DomainError, ValidationError):
                # A beneficiary without the documents this service needs: take the next one.
                continue
    return made
