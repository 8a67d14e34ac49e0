"""factory-boy factories for Silah's tests: staff with a role, the registry, and real file bytes."""

from .files import (
    DAMAGED_PNG,
    EXE,
    HTML,
    JPEG,
    PDF,
    PNG,
    TEXT,
    noisy_jpeg_bytes,
    saudi_check_digit,
    saudi_identity_number,
    with_wrong_check_digit,
)
from .registry import (
    BeneficiaryFactory,
    CategoryFactory,
    ChangeRequestFactory,
    ContactOfficerFactory,
    DocumentFactory,
    DocumentTypeFactory,
    HouseholdMemberFactory,
    InquiryFactory,
    InteractionFactory,
    ReferredInquiryFactory,
)
from .requests import ServiceTypeFactory, make_support_request
from .users import UserFactory

__all__ = [
    "DAMAGED_PNG",
    "EXE",
    "HTML",
    "JPEG",
    "PDF",
    "PNG",
    "TEXT",
    "BeneficiaryFactory",
    "CategoryFactory",
    "ChangeRequestFactory",
    "ContactOfficerFactory",
    "DocumentFactory",
    "DocumentTypeFactory",
    "HouseholdMemberFactory",
    "InquiryFactory",
    "InteractionFactory",
    "ReferredInquiryFactory",
    "ServiceTypeFactory",
    "UserFactory",
    "make_support_request",
    "noisy_jpeg_bytes",
    "saudi_check_digit",
    "saudi_identity_number",
    "with_wrong_check_digit",
]
