"""Service types and support requests, in any state of the workflow."""

from decimal import Decimal

import factory

from policies.choices import Channel
from policies.roles import Role
from requests_app.models import ServiceType
from requests_app.services import support_request_create

from .registry import BeneficiaryFactory
from .users import UserFactory


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceType
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"مساعدة اختبار {n}")
    name_en = factory.Sequence(lambda n: f"Test assistance {n}")
    description = "مساعدة مالية لمرة واحدة للأسر المحتاجة."
    eligibility_conditions = "أن يكون المتقدم مسجلاً لدى الجمعية\nألا يزيد دخل الأسرة عن حد الكفاية"
    max_amount = Decimal("5000.00")
    is_active = True

    @factory.post_generation
    def required_documents(self, create, extracted, **kwargs):
        if create and extracted:
            self.required_documents.set(extracted)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


def make_support_request(*, actor=None, beneficiary=None, service_type=None, channel=Channel.IN_PERSON, **kwargs):
    """A draft request taken through the service, as reception would."""
    if actor is None:
        actor = UserFactory(role=Role.RECEPTION)
    return support_request_create(
        actor=actor,
        beneficiary=beneficiary or BeneficiaryFactory(),
        service_type=service_type or ServiceTypeFactory(),
        channel=channel,
        amount_requested=kwargs.pop("amount_requested", Decimal("1500.00")),
        need_description=kwargs.pop("need_description", "سداد إيجار متأخر"),
        reason=kwargs.pop("reason", "انقطاع الدخل بعد وفاة العائل"),
        **kwargs,
    )


def signature_data_url(*, strokes: int = 3, size=(400, 150)) -> str:
    """A PNG data URL like the signature pad's: dark strokes on a transparent canvas."""
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for index in range(strokes):
        y = 30 + index * 35
        draw.line([(20, y), (150, y + 30), (300, y - 10), (380, y + 20)], fill=(20, 20, 60, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def blank_signature_data_url() -> str:
    return signature_data_url(strokes=0)


class Staff:
    """One user per role, made on first use, for driving requests through the workflow."""

    def __init__(self):
        self._users = {}

    def __getitem__(self, role):
        if role not in self._users:
            self._users[role] = UserFactory(role=role)
        return self._users[role]


def advance_request(request, to_status: str, *, staff: Staff | None = None):
    """Drive ``request`` through the workflow (the real services) until it reaches ``to_status``."""
    from requests_app.models import Decision, DeclarationMethod, DeliveryKind, Recommendation, RequestStatus
    from requests_app.services import (
        VERIFICATION_FACTS,
        declaration_sign,
        research_report_write,
        support_request_verify,
    )
    from requests_app.workflow import support_request_transition

    staff = staff or Staff()
    reception = staff[Role.RECEPTION]
    researcher = request.assigned_researcher or staff[Role.SOCIAL_RESEARCHER]
    secretary = staff[Role.COMMITTEE_SECRETARY]
    S = RequestStatus

    def move(actor, target, note="", **details):
        return support_request_transition(actor=actor, request=request, to_status=target, note=note, **details)

    if to_status == S.DRAFT:
        return request
    if to_status == S.INCOMPLETE:
        return move(reception, S.INCOMPLETE, missing_items=["صورة عقد الإيجار"])
    if to_status in (S.WITHDRAWN, S.CANCELLED) and request.status != S.DRAFT:
        return move(reception, to_status, note="طلب المستفيد")
    if to_status in (S.WITHDRAWN, S.CANCELLED):
        return move(reception, to_status, note="طلب المستفيد")
    # Everything else goes through completion.
    if request.status == S.DRAFT:
        support_request_verify(actor=reception, request=request, confirmed_facts=list(VERIFICATION_FACTS))
        declaration_sign(
            actor=reception,
            request=request,
            method=DeclarationMethod.SIGNATURE_PAD,
            signature_data_url=signature_data_url(),
        )
        move(reception, S.COMPLETE)
    path = [S.COMPLETE, S.REFERRED, S.UNDER_RESEARCH, S.ON_HOLD, S.DECIDED, S.NOTIFIED, S.DELIVERED, S.CLOSED]
    while request.status != to_status:
        current = request.status
        if current == S.COMPLETE:
            move(reception, S.REFERRED)
        elif current == S.REFERRED:
            move(reception, S.UNDER_RESEARCH, researcher=researcher)
        elif current == S.UNDER_RESEARCH and to_status == S.ON_HOLD:
            move(researcher, S.ON_HOLD, note="بانتظار صك الإعالة")
        elif current == S.UNDER_RESEARCH:
            if not request.research_reports.exists():
                research_report_write(
                    actor=researcher,
                    request=request,
                    summary="الأسرة بحاجة إلى المساعدة",
                    recommendation=Recommendation.APPROVE,
                )
            move(secretary, S.DECIDED, decision=Decision.APPROVED, approved_amount=Decimal("1000"))
        elif current == S.DECIDED:
            move(reception, S.NOTIFIED)
        elif current == S.NOTIFIED:
            move(
                reception,
                S.DELIVERED,
                kind=DeliveryKind.CASH,
                amount=Decimal("1000"),
                receipt_number=f"R-{request.pk}",
            )
        elif current == S.DELIVERED:
            move(reception, S.CLOSED)
        else:
            raise AssertionError(f"No path from {current} to {to_status}")
        if to_status not in path:
            raise AssertionError(f"Unknown target {to_status}")
    return request
