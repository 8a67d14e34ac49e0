from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from beneficiaries.models import (
    Beneficiary,
    ChangeRequest,
    Document,
    DocumentType,
    Gender,
    HouseholdMember,
    HouseholdRelation,
    IdentityType,
    InquiryStatus,
    Interaction,
    InteractionDirection,
    MaritalStatus,
)
from beneficiaries.validators import normalize_arabic_name
from policies.choices import Channel, FieldOfWork
from policies.models import BeneficiaryCategory, ContactOfficer
from policies.roles import Role

from .files import PDF, saudi_identity_number
from .users import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BeneficiaryCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test_category_{n}")
    name = factory.Sequence(lambda n: f"فئة اختبار {n}")
    name_en = factory.Sequence(lambda n: f"Test category {n}")
    sort_order = 100
    is_active = True


class ContactOfficerFactory(factory.django.DjangoModelFactory):
    """Assigns a contact officer to a category (R5)."""

    class Meta:
        model = ContactOfficer

    user = factory.SubFactory(UserFactory, role=Role.CONTACT_OFFICER)
    category = factory.SubFactory(CategoryFactory)
    field_of_work = FieldOfWork.GENERAL


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    """A registered beneficiary with a valid Saudi national ID and a normalised mobile."""

    class Meta:
        model = Beneficiary

    identity_type = IdentityType.NATIONAL_ID
    identity_number = factory.Sequence(lambda n: saudi_identity_number("1", 10_000_000 + n))
    first_name = factory.Iterator(["محمد", "فاطمة", "سعد", "هيا", "ناصر", "مريم"])
    father_name = "صالح"
    grandfather_name = "علي"
    family_name = factory.Iterator(["القحطاني", "الدوسري", "العتيبي", "الشمري"])
    full_name_normalized = factory.LazyAttribute(
        lambda b: normalize_arabic_name(" ".join((b.first_name, b.father_name, b.grandfather_name, b.family_name)))
    )
    gender = Gender.MALE
    birth_date = date(1980, 5, 17)
    nationality = "سعودي"
    marital_status = MaritalStatus.MARRIED
    mobile = factory.Sequence(lambda n: f"+9665{30_000_000 + n:08d}")
    city = "الرياض"
    district = "النسيم"
    category = factory.SubFactory(CategoryFactory)
    monthly_income = Decimal("3000.00")
    monthly_expenses = Decimal("2500.00")
    last_verified_at = factory.LazyFunction(timezone.now)


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    full_name = "ليلى محمد القحطاني"
    relation = HouseholdRelation.DAUGHTER
    gender = Gender.FEMALE
    birth_date = date(2012, 3, 1)


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    """Document types come from a migration; this fetches one (or makes it after a flush)."""

    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)

    code = "family_card"
    name = "سجل الأسرة"
    name_en = "Family register"
    has_expiry = False


class DocumentFactory(factory.django.DjangoModelFactory):
    """A stored PDF in the private media storage."""

    class Meta:
        model = Document

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    document_type = factory.SubFactory(DocumentTypeFactory)
    # Another kind: DocumentFactory(file__data=PNG, file__filename="scan.png", content_type="image/png")
    file = factory.django.FileField(data=PDF, filename="scan.pdf")
    original_filename = "scan.pdf"
    content_type = "application/pdf"
    size_bytes = factory.LazyAttribute(lambda d: d.file.size)


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    direction = InteractionDirection.INBOUND
    channel = Channel.PHONE
    subject = factory.Sequence(lambda n: f"استفسار رقم {n}")
    summary = "سأل المستفيد عن موعد صرف المساعدة."
    recorded_by = factory.SubFactory(UserFactory, role=Role.RECEPTION)


class InquiryFactory(InteractionFactory):
    """An inquiry awaiting an answer (R3, R18)."""

    inquiry_status = InquiryStatus.OPEN


class ReferredInquiryFactory(InteractionFactory):
    inquiry_status = InquiryStatus.REFERRED
    referred_to = factory.SubFactory(UserFactory, role=Role.SOCIAL_RESEARCHER)


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    """A reported change in situation (R4), awaiting a second staff member."""

    class Meta:
        model = ChangeRequest

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    description = "توفي الزوج وانقطع الدخل"
    proposed_changes = factory.LazyFunction(lambda: {"marital_status": "widowed", "monthly_income": "500.00"})
    received_by = factory.SubFactory(UserFactory, role=Role.RECEPTION)
