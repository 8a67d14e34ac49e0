"""A beneficiary with something in every part of their record, and a second person who must never show."""

from dataclasses import dataclass
from datetime import date

from factories import (
    BeneficiaryFactory,
    DocumentFactory,
    DocumentTypeFactory,
    HouseholdMemberFactory,
    InteractionFactory,
    ServiceTypeFactory,
    make_support_request,
    saudi_identity_number,
)
from factories.complaints import in_status
from factories.requests import Staff, advance_request

from complaints.models import ComplaintStatus
from policies.roles import Role


@dataclass
class Person:
    beneficiary: object
    request: object
    complaint: object
    other: object
    other_request: object


def build_person(*, beneficiary, reception) -> Person:
    """``beneficiary`` with household, a document, an interaction, a decided request and a resolved complaint."""
    HouseholdMemberFactory(beneficiary=beneficiary, full_name="ليلى أحمد الشهري", identity_number="1000000016")
    DocumentFactory(
        beneficiary=beneficiary,
        document_type=DocumentTypeFactory(code="lease", name="عقد الإيجار", name_en="Lease", has_expiry=True),
        original_filename="lease-2026.pdf",
        expiry_date=date(2027, 6, 30),
    )
    InteractionFactory(beneficiary=beneficiary, subject="سؤال عن موعد الصرف", recorded_by=reception)
    staff = Staff()
    staff._users[Role.RECEPTION] = reception
    request = make_support_request(
        actor=reception, beneficiary=beneficiary, service_type=ServiceTypeFactory(name="مساعدة إيجار")
    )
    advance_request(request, "decided", staff=staff)
    request.refresh_from_db()
    complaint = in_status(
        ComplaintStatus.RESOLVED,
        beneficiary=beneficiary,
        complainant_name="",
        complainant_mobile="",
        subject="تأخر الرد على الطلب",
        description="انتظرت طويلا دون رد من الجمعية",
        response="راجعنا طلبكم واعتذرنا عن التأخير",
    )
    other = BeneficiaryFactory(
        category=beneficiary.category,
        first_name="سلطان",
        father_name="فهد",
        grandfather_name="ناصر",
        family_name="الحربي",
        identity_number=saudi_identity_number("1", 24),
        mobile="+966559998877",
    )
    InteractionFactory(beneficiary=other, subject="زيارة منزلية للأسرة الأخرى")
    other_request = make_support_request(actor=reception, beneficiary=other)
    in_status(ComplaintStatus.RESOLVED, beneficiary=other, complainant_name="", subject="شكوى الشخص الآخر")
    return Person(beneficiary, request, complaint, other, other_request)
