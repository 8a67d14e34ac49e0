"""Staff, beneficiaries, their households, documents and interactions."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from bench.fill import names
from bench.fill.base import PLACEHOLDER_PDF, Context, insert, insert_history, next_id
from bench.visitors import luhn_complete
from beneficiaries.models import (
    Beneficiary,
    Document,
    DocumentType,
    HouseholdMember,
    HouseholdRelation,
    IdentityType,
    Interaction,
    InteractionDirection,
)
from beneficiaries.validators import normalize_arabic_name
from policies.choices import Channel, ContactChannel
from policies.models import BeneficiaryCategory
from policies.roles import Role

# How many of each role a large association has; a tiny run keeps at least one.
STAFF = {
    Role.RECEPTION: 20,
    Role.SOCIAL_RESEARCHER: 30,
    Role.COMMITTEE_MEMBER: 12,
    Role.COMMITTEE_SECRETARY: 4,
    Role.COMPLAINTS_OFFICER: 8,
    Role.CONTACT_OFFICER: 8,
    Role.MANAGER: 3,
}
BENEFICIARIES = 100_000
# Household size cycles 0..5 (2.5 on average); documents: the ID copy and one more paper.
HOUSEHOLD_CYCLE = 6
DOCUMENTS_PER_BENEFICIARY = 2
INTERACTIONS_PER_BENEFICIARY = 0.5
CHUNK = 10_000


def make_staff(ctx: Context) -> None:
    user_model = get_user_model()
    password = make_password(None)
    for role, count in STAFF.items():
        group = Group.objects.get(name=role)
        people = []
        for index in range(1, count + 1):
            user, _created = user_model.objects.get_or_create(
                username=f"bench_{role}_{index}",
                defaults={
                    "first_name": names.MALE[index % len(names.MALE)],
                    "last_name": names.FAMILIES[index % len(names.FAMILIES)],
                    "email": f"bench_{role}_{index}@silah.test",
                    "password": password,
                    "is_staff": role in (Role.COMMITTEE_MEMBER, Role.COMMITTEE_SECRETARY, Role.MANAGER),
                },
            )
            user.groups.add(group)
            people.append(user)
        ctx.staff[role] = people


def _registration_moments(ctx: Context, count: int) -> list:
    """Two thirds registered before the year, one third during it; oldest first (ids follow time)."""
    start = ctx.today - timedelta(days=3 * 365)
    days = sorted(start + timedelta(days=ctx.rng.randint(0, 3 * 365 - 1)) for _ in range(count))
    return [ctx.moment(day) for day in days]


def make_beneficiaries(ctx: Context) -> None:
    rng = ctx.rng
    count = ctx.n(BENEFICIARIES)
    categories = list(BeneficiaryCategory.objects.filter(is_active=True).exclude(code="assembly_members"))
    doc_types = list(DocumentType.objects.filter(is_active=True).order_by("pk"))
    id_type = next((t for t in doc_types if t.has_expiry), doc_types[0])
    other_types = [t for t in doc_types if t.pk != id_type.pk] or doc_types
    first_id = next_id(Beneficiary)
    member_id = next_id(HouseholdMember)
    document_id = next_id(Document)
    interaction_id = next_id(Interaction)
    rows, members, documents, interactions = [], [], [], []
    for offset, registered in enumerate(_registration_moments(ctx, count)):
        pk = first_id + offset
        female = rng.random() < 0.55
        first = rng.choice(names.FEMALE if female else names.MALE)
        father, grandfather = rng.choice(names.MALE), rng.choice(names.MALE)
        family = rng.choice(names.FAMILIES)
        iqama = rng.random() < 0.15
        identity = luhn_complete(("2" if iqama else "1") + f"{pk:08d}")
        verified = registered + timedelta(days=rng.randint(0, 400)) if rng.random() < 0.7 else None
        if verified and verified.date() > ctx.today:
            verified = None
        reception = ctx.pick(Role.RECEPTION)
        beneficiary = Beneficiary(
            pk=pk,
            identity_type=IdentityType.IQAMA if iqama else IdentityType.NATIONAL_ID,
            identity_number=identity,
            identity_expiry_date=ctx.today + timedelta(days=rng.randint(-200, 1500)),
            first_name=first,
            father_name=father,
            grandfather_name=grandfather,
            family_name=family,
            full_name_normalized=normalize_arabic_name(f"{first} {father} {grandfather} {family}"),
            gender="female" if female else "male",
            birth_date=ctx.today - timedelta(days=rng.randint(18 * 365, 85 * 365)),
            nationality="غير سعودي" if iqama else "سعودي",
            marital_status=rng.choice(("single", "married", "married", "divorced", "widowed")),
            mobile=f"+9665{(pk * 7_919_113) % 100_000_000:08d}",
            city=rng.choice(names.CITIES),
            district=rng.choice(names.DISTRICTS),
            address=f"شارع {rng.randint(1, 400)}",
            category=rng.choice(categories),
            contact_channel=rng.choices(ContactChannel.values, weights=(80, 10, 5, 5))[0],
            status=rng.choices(("active", "suspended", "archived"), weights=(95, 2, 3))[0],
            monthly_income=Decimal(rng.randint(0, 60) * 100),
            monthly_expenses=Decimal(rng.randint(10, 80) * 100),
            health_status=rng.choices(("healthy", "chronic_illness", "disability", "other"), weights=(70, 18, 8, 4))[0],
            last_verified_at=verified,
            verified_by=ctx.pick(Role.RECEPTION) if verified else None,
            registered_by=reception,
            created_at=registered,
        )
        beneficiary._history_date = registered
        beneficiary._history_user = reception
        rows.append(beneficiary)
        ctx.beneficiaries.append((pk, registered))
        for index in range(pk % HOUSEHOLD_CYCLE):
            member = HouseholdMember(
                pk=member_id,
                beneficiary_id=pk,
                full_name=f"{rng.choice(names.MALE + names.FEMALE)} {first} {family}",
                relation=HouseholdRelation.SPOUSE if index == 0 else rng.choice(("son", "daughter")),
                identity_number=luhn_complete("1" + f"{member_id % 100_000_000:08d}"),
                birth_date=ctx.today - timedelta(days=rng.randint(1 * 365, 60 * 365)),
                gender=rng.choice(("male", "female")),
            )
            member._history_date, member._history_user = registered, reception
            members.append(member)
            member_id += 1
        for index in range(DOCUMENTS_PER_BENEFICIARY):
            doc_type = id_type if index == 0 else rng.choice(other_types)
            issued = (registered - timedelta(days=rng.randint(30, 1500))).date()
            expiry = issued + timedelta(days=rng.randint(200, 1900)) if doc_type.has_expiry else None
            document = Document(
                pk=document_id,
                beneficiary_id=pk,
                document_type=doc_type,
                number=str(rng.randint(10_000, 99_999_999)),
                issue_date=issued,
                expiry_date=expiry,
                file=PLACEHOLDER_PDF,
                original_filename="scan.pdf",
                content_type="application/pdf",
                size_bytes=1_024,
                uploaded_by=reception,
                uploaded_at=registered,
            )
            document._history_date, document._history_user = registered, reception
            documents.append(document)
            document_id += 1
        if rng.random() < INTERACTIONS_PER_BENEFICIARY:
            moment = registered + timedelta(days=rng.randint(0, 300))
            if moment.date() > ctx.today:
                moment = registered
            interaction = Interaction(
                pk=interaction_id,
                beneficiary_id=pk,
                direction=InteractionDirection.INBOUND,
                channel=rng.choice(Channel.values),
                subject="استفسار عن الخدمات",
                summary="استفسر المستفيد عن الخدمات المتاحة وشروطها",
                occurred_at=moment,
                recorded_by=reception,
            )
            interaction._history_date, interaction._history_user = moment, reception
            interactions.append(interaction)
            interaction_id += 1
        ctx.beneficiary_names[pk] = (f"{first} {family}", beneficiary.mobile)
        if len(rows) >= CHUNK:
            _flush(ctx, rows, members, documents, interactions)
    _flush(ctx, rows, members, documents, interactions)


def _flush(ctx: Context, *lists) -> None:
    """Insert what a chunk built and let it go: a full run never holds half a million objects."""
    for model, objects in zip((Beneficiary, HouseholdMember, Document, Interaction), lists, strict=True):
        insert(ctx, model, objects)
        insert_history(ctx, model, objects)
        objects.clear()
