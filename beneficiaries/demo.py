"""A realistic Arabic demo set: an association, one user per role, 200 beneficiaries."""

import io
import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from beneficiaries import services
from beneficiaries.models import (
    Beneficiary,
    BeneficiaryKind,
    DocumentType,
    Gender,
    HealthStatus,
    HouseholdRelation,
    IdentityType,
    InteractionDirection,
    MaritalStatus,
)
from beneficiaries.validators import luhn_is_valid
from policies.choices import Channel, ContactChannel, FieldOfWork
from policies.models import AssociationProfile, BeneficiaryCategory, ContactOfficer
from policies.roles import Role

DEMO_PASSWORD = "Silah-demo-2026"  # noqa: S105 - documented demo logins, refused when DEBUG is off

DEMO_USERS = (
    # username, role, first name, last name, uses the admin
    ("reception", Role.RECEPTION, "نورة", "القحطاني", False),
    ("reception2", Role.RECEPTION, "فهد", "الشمري", False),
    ("researcher", Role.SOCIAL_RESEARCHER, "منيرة", "الدوسري", False),
    ("committee", Role.COMMITTEE_MEMBER, "عبدالرحمن", "العتيبي", True),
    ("secretary", Role.COMMITTEE_SECRETARY, "خالد", "الزهراني", True),
    ("complaints", Role.COMPLAINTS_OFFICER, "سارة", "الغامدي", False),
    ("officer", Role.CONTACT_OFFICER, "ريم", "المطيري", False),
    ("manager", Role.MANAGER, "عبدالله", "السبيعي", True),
    ("admin", Role.ADMIN, "ماجد", "الحربي", True),
)

MALE_NAMES = (
    "محمد",
    "أحمد",
    "عبدالله",
    "عبدالرحمن",
    "خالد",
    "سعد",
    "فهد",
    "سلطان",
    "ناصر",
    "إبراهيم",
    "يوسف",
    "علي",
    "حمد",
    "تركي",
    "بندر",
    "ماجد",
    "عمر",
    "صالح",
)
FEMALE_NAMES = (
    "فاطمة",
    "نورة",
    "عائشة",
    "مريم",
    "سارة",
    "هيا",
    "منيرة",
    "لطيفة",
    "أمل",
    "هند",
    "ريم",
    "جواهر",
    "حصة",
    "موضي",
    "خديجة",
    "أسماء",
    "رقية",
    "ليلى",
)
FAMILY_NAMES = (
    "القحطاني",
    "الدوسري",
    "العتيبي",
    "الشمري",
    "الغامدي",
    "الزهراني",
    "المطيري",
    "الحربي",
    "السبيعي",
    "العنزي",
    "الشهري",
    "الأحمدي",
    "البلوي",
    "الجهني",
    "الرشيدي",
    "المالكي",
    "الخالدي",
    "التميمي",
    "السهلي",
    "الهاجري",
)
CITIES = (
    ("الرياض", ("النسيم", "الروضة", "السويدي", "الشفا", "العزيزية")),
    ("الأحساء", ("المبرز", "الهفوف", "العيون", "الجفر")),
    ("الباحة", ("الظفير", "بلجرشي", "المندق")),
    ("جدة", ("الصفا", "البوادي", "الفيصلية", "النزهة")),
    ("بقعاء", ("الشملي", "الخطة")),
)


def _saudi_id(rng: random.Random, first_digit: str) -> str:
    while True:
        body = first_digit + "".join(rng.choice("0123456789") for _ in range(8))
        for check in "0123456789":
            if luhn_is_valid(body + check):
                return body + check


def _pdf_bytes(title: str) -> bytes:
    # The smallest well-formed one-page PDF; enough to open in a viewer.
    content = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _png_bytes(rng: random.Random) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (120, 80), (rng.randrange(180, 255), rng.randrange(180, 255), rng.randrange(180, 255)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def create_demo_users() -> dict[str, object]:
    User = get_user_model()
    users = {}
    for username, role, first, last, is_staff in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@silah.example"
        user.is_staff = is_staff
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users[username] = user
    return users


@transaction.atomic
def load_demo(*, beneficiary_count: int = 200, seed: int = 2026, stdout=None) -> dict[str, object]:
    rng = random.Random(seed)
    AssociationProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name": "جمعية صلة الخيرية",
            "name_en": "Silah Charity Association",
            "registration_number": "1072",
            "city": "الرياض",
            "phone": "0112345678",
            "email": "info@silah.example",
            "website": "https://silah.example",
            "address": "حي النسيم، الرياض",
        },
    )
    users = create_demo_users()
    categories = list(BeneficiaryCategory.objects.filter(is_active=True))
    for category in categories:
        ContactOfficer.objects.get_or_create(
            category=category, field_of_work=FieldOfWork.GENERAL, defaults={"user": users["officer"]}
        )
    existing = Beneficiary.objects.count()
    if existing >= beneficiary_count:
        return users

    document_types = {dt.code: dt for dt in DocumentType.objects.all()}
    reception = users["reception"]
    today = timezone.localdate()
    assembly = next((c for c in categories if c.code == "assembly_members"), None)
    for index in range(existing, beneficiary_count):
        gender = rng.choice(Gender.values)
        first = rng.choice(MALE_NAMES if gender == Gender.MALE else FEMALE_NAMES)
        is_citizen = rng.random() < 0.85
        city, districts = rng.choice(CITIES)
        category = rng.choice(categories)
        income = Decimal(rng.randrange(0, 60) * 100)
        beneficiary = services.beneficiary_register(
            actor=reception,
            data={
                "identity_type": IdentityType.NATIONAL_ID if is_citizen else IdentityType.IQAMA,
                "identity_number": _saudi_id(rng, "1" if is_citizen else "2"),
                "identity_expiry_date": today + timedelta(days=rng.randrange(-120, 1800)),
                "first_name": first,
                "father_name": rng.choice(MALE_NAMES),
                "grandfather_name": rng.choice(MALE_NAMES),
                "family_name": rng.choice(FAMILY_NAMES),
                "gender": gender,
                "birth_date": date(rng.randrange(1945, 2004), rng.randrange(1, 13), rng.randrange(1, 29)),
                "nationality": "سعودي" if is_citizen else rng.choice(("يمني", "سوداني", "مصري", "سوري")),
                "marital_status": rng.choice(MaritalStatus.values),
                "mobile": f"05{rng.randrange(0, 10)}{rng.randrange(1000000, 9999999)}",
                "city": city,
                "district": rng.choice(districts),
                "category": category,
                "kind": BeneficiaryKind.ASSEMBLY_MEMBER if category == assembly else BeneficiaryKind.BENEFICIARY,
                "contact_channel": rng.choice(ContactChannel.values),
                "monthly_income": income,
                "monthly_expenses": income + Decimal(rng.randrange(0, 30) * 100),
                "health_status": rng.choice(HealthStatus.values),
            },
        )
        for _member_index in range(rng.randrange(0, 6)):
            relation = rng.choice(
                (HouseholdRelation.SON, HouseholdRelation.DAUGHTER, HouseholdRelation.SPOUSE, HouseholdRelation.MOTHER)
            )
            female = relation in (HouseholdRelation.DAUGHTER, HouseholdRelation.MOTHER) or (
                relation == HouseholdRelation.SPOUSE and gender == Gender.MALE
            )
            given_name = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
            if relation in (HouseholdRelation.SON, HouseholdRelation.DAUGHTER):
                member_name = f"{given_name} {beneficiary.first_name} {beneficiary.family_name}"
            else:
                member_name = f"{given_name} {rng.choice(MALE_NAMES)} {rng.choice(FAMILY_NAMES)}"
            services.household_member_add(
                actor=reception,
                beneficiary=beneficiary,
                data={
                    "full_name": member_name,
                    "relation": relation,
                    "birth_date": date(rng.randrange(1950, 2024), rng.randrange(1, 13), rng.randrange(1, 29)),
                    "monthly_income": Decimal(0),
                },
            )
        id_copy = document_types["national_id"]
        services.document_upload(
            actor=reception,
            beneficiary=beneficiary,
            document_type=id_copy,
            file=SimpleUploadedFile("id.pdf", _pdf_bytes(f"ID copy {index}"), content_type="application/pdf"),
            number=beneficiary.identity_number,
            expiry_date=beneficiary.identity_expiry_date,
        )
        if rng.random() < 0.5:
            services.document_upload(
                actor=reception,
                beneficiary=beneficiary,
                document_type=document_types["income_proof"],
                file=SimpleUploadedFile("income.png", _png_bytes(rng), content_type="image/png"),
            )
        if rng.random() < 0.3:
            services.interaction_log(
                actor=reception,
                beneficiary=beneficiary,
                direction=InteractionDirection.INBOUND,
                channel=rng.choice(Channel.values),
                subject="استفسار عن موعد صرف المساعدة",
                summary="اتصل المستفيد يسأل عن موعد صرف المساعدة الشهرية وأُبلغ بالإجراءات.",
                is_inquiry=rng.random() < 0.5,
            )
    # A share of old records, so the re-verification flag has something to show.
    stale = Beneficiary.objects.order_by("pk").values_list("pk", flat=True)[: beneficiary_count // 8]
    Beneficiary.objects.filter(pk__in=list(stale)).update(last_verified_at=timezone.now() - timedelta(days=400))
    return users
