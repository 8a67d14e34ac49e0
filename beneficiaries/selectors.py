"""Reads of the registry. Every one starts from what the user may see."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from beneficiaries.import_models import BeneficiaryImport
from beneficiaries.models import (
    Beneficiary,
    ChangeRequest,
    ChangeRequestStatus,
    Document,
    HouseholdMember,
    InquiryStatus,
    Interaction,
)
from beneficiaries.privacy_models import BeneficiaryAccessLog, Consent, ConsentPurpose, ConsentStatus
from beneficiaries.validators import normalize_arabic_name, normalize_digits
from policies.models import ContactOfficer
from policies.roles import Role, user_roles
from policies.selectors import policy_parameters


def beneficiaries_visible_to(*, user) -> QuerySet[Beneficiary]:
    """The records a user may open: everything for reception and managers, their own for others."""
    roles = user_roles(user)
    queryset = Beneficiary.objects.all()
    if roles & {Role.RECEPTION, Role.MANAGER}:
        return queryset
    # Each scope is an indexed column of the record or a subquery, never a join: an OR across a
    # join made PostgreSQL read all 100,000 records to count a contact officer's few. The officer's
    # categories are read first so that both sides of their OR are index look-ups.
    scopes = []
    if Role.CONTACT_OFFICER in roles:
        covered = list(ContactOfficer.objects.filter(user=user).order_by().values_list("category_id", flat=True))
        scopes.append(Q(contact_officer=user) | Q(category_id__in=covered))
    if Role.SOCIAL_RESEARCHER in roles:
        scopes.append(Q(pk__in=Interaction.objects.filter(referred_to=user).values("beneficiary")))
    if not scopes:
        return queryset.none()
    scope = scopes[0]
    for extra in scopes[1:]:
        scope |= extra
    return queryset.filter(scope)


_LATIN = re.compile(r"[A-Za-z0-9]")


def _search_filter(query: str) -> Q:
    text = normalize_digits(query).strip()
    compact = text.replace(" ", "").replace("-", "")
    if compact.lstrip("+").isdigit():
        digits = compact.lstrip("+")
        mobile_tail = None
        if digits.startswith("05"):
            mobile_tail = digits[1:]
        elif digits.startswith("9665"):
            mobile_tail = digits[3:]
        elif digits.startswith("5") and len(digits) >= 4:
            mobile_tail = digits
        condition = Q(identity_number__startswith=digits)
        if mobile_tail:
            condition |= Q(mobile__startswith="+966" + mobile_tail)
        return condition
    words = normalize_arabic_name(text).split()
    condition = Q()
    for word in words:
        condition &= Q(full_name_normalized__contains=word)
    # English names and passport numbers are written in Latin letters and digits. An Arabic
    # fragment is matched on the folded name alone: on PostgreSQL its trigram index
    # (migration 0006) serves that LIKE, which an OR with the other columns would defeat.
    if _LATIN.search(compact):
        condition |= Q(name_en__icontains=text) | Q(identity_number=compact.upper())
    elif not words:
        return Q(pk__in=[])
    return condition


def reverification_cutoff() -> datetime:
    """Records verified before this moment are due for re-verification (R4; the admin sets the period)."""
    return timezone.now() - timedelta(days=policy_parameters().reverification_days)


def beneficiary_reverification_due(*, beneficiary: Beneficiary) -> bool:
    return beneficiary.last_verified_at is None or beneficiary.last_verified_at < reverification_cutoff()


LIST_ROW_FIELDS = (
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "anonymised_at",
    "identity_number",
    "mobile",
    "kind",
    "status",
    "last_verified_at",
    "category__name",
    "category__name_en",
)


def beneficiary_list(
    *,
    user,
    query: str = "",
    category_id: int | None = None,
    status: str = "",
    kind: str = "",
    needs_reverification: bool = False,
) -> QuerySet[Beneficiary]:
    """The reception list: one query per page, whatever the page size (then mark_expired_documents)."""
    # Only what a row shows: the record has about 40 columns, the page up to 100 rows.
    queryset = beneficiaries_visible_to(user=user).select_related("category").only(*LIST_ROW_FIELDS)
    if query.strip():
        queryset = queryset.filter(_search_filter(query))
    if category_id:
        queryset = queryset.filter(category_id=category_id)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if needs_reverification:
        queryset = queryset.filter(Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=reverification_cutoff()))
    return queryset.order_by("-created_at", "-pk")


def mark_expired_documents(beneficiaries: list[Beneficiary]) -> list[Beneficiary]:
    """Sets ``has_expired_documents`` on one page of records, in one query.

    Not an annotation of the list query: PostgreSQL planned that as a scan of every expired
    document of the association (85,000 at a large one) to show a page of 25 people.
    """
    expired = set(
        Document.objects.filter(
            beneficiary_id__in=[person.pk for person in beneficiaries], expiry_date__lt=timezone.localdate()
        ).values_list("beneficiary_id", flat=True)
    )
    for person in beneficiaries:
        person.has_expired_documents = person.pk in expired
    return beneficiaries


def beneficiary_possible_duplicates(
    *, full_name: str, birth_date, exclude_pk: int | None = None
) -> QuerySet[Beneficiary]:
    """Records with the same folded name and birth date: probably the same person typed again."""
    queryset = Beneficiary.objects.filter(full_name_normalized=normalize_arabic_name(full_name), birth_date=birth_date)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset


def beneficiary_documents(*, beneficiary: Beneficiary) -> QuerySet[Document]:
    return beneficiary.documents.select_related("document_type", "uploaded_by")


def documents_visible_to(*, user) -> QuerySet[Document]:
    return Document.objects.filter(beneficiary__in=beneficiaries_visible_to(user=user)).select_related("beneficiary")


def interactions_visible_to(*, user) -> QuerySet[Interaction]:
    roles = user_roles(user)
    queryset = Interaction.objects.select_related("beneficiary", "recorded_by", "referred_to")
    if roles & {Role.RECEPTION, Role.MANAGER, Role.CONTACT_OFFICER}:
        return queryset.filter(beneficiary__in=beneficiaries_visible_to(user=user))
    if Role.SOCIAL_RESEARCHER in roles:
        return queryset.filter(referred_to=user)
    return queryset.none()


def inquiries_referred_to(*, user) -> QuerySet[Interaction]:
    return (
        Interaction.objects.filter(referred_to=user, inquiry_status=InquiryStatus.REFERRED)
        .select_related("beneficiary", "recorded_by")
        .order_by("occurred_at")
    )


def open_inquiries(*, user) -> QuerySet[Interaction]:
    return interactions_visible_to(user=user).filter(inquiry_status=InquiryStatus.OPEN).order_by("occurred_at")


def change_requests_awaiting(*, user) -> QuerySet[ChangeRequest]:
    """Pending changes another staff member received: the ones this user can decide."""
    return (
        ChangeRequest.objects.filter(status=ChangeRequestStatus.PENDING)
        .exclude(received_by=user)
        .filter(beneficiary__in=beneficiaries_visible_to(user=user))
        .select_related("beneficiary", "received_by")
        .order_by("received_at")
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    record: str
    reason: str
    changes: tuple[FieldChange, ...]


def _display(model, field_name: str, value) -> str:
    field = model._meta.get_field(field_name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else "—"
    if isinstance(value, datetime):
        # History stores aware UTC; people read Riyadh time.
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


_HIDDEN_IN_HISTORY = {"full_name_normalized", "updated_at", "file"}


def _entries_for(history_qs, record_label) -> list[HistoryEntry]:
    entries = []
    records = list(history_qs.select_related("history_user").order_by("history_date", "history_id"))
    previous_by_object: dict[int, object] = {}
    for record in records:
        previous = previous_by_object.get(record.id)
        changes: tuple[FieldChange, ...] = ()
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=_HIDDEN_IN_HISTORY)
            model = record.instance_type
            changes = tuple(
                FieldChange(
                    field=str(model._meta.get_field(change.field).verbose_name),
                    old=_display(model, change.field, change.old),
                    new=_display(model, change.field, change.new),
                )
                for change in delta.changes
            )
        previous_by_object[record.id] = record
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(record.history_user.get_full_name() or record.history_user.get_username())
                if record.history_user
                else "",
                kind=record.history_type,
                record=record_label(record),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def beneficiary_history(*, beneficiary: Beneficiary) -> list[HistoryEntry]:
    """Who changed what on the record and its household, documents and interactions, newest first."""
    entries = _entries_for(beneficiary.history.all(), lambda r: _("Beneficiary record"))
    entries += _entries_for(
        HouseholdMember.history.filter(beneficiary_id=beneficiary.pk),
        lambda r: _("Household: %(name)s") % {"name": r.full_name},
    )
    entries += _entries_for(
        Document.history.filter(beneficiary_id=beneficiary.pk),
        lambda r: _("Document #%(number)s") % {"number": r.id},
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def change_request_proposed_display(*, change_request: ChangeRequest) -> list[tuple[str, str]]:
    """The proposed values as a person reads them: field label and display value."""
    return [
        (str(Beneficiary._meta.get_field(field).verbose_name), _display(Beneficiary, field, value))
        for field, value in change_request.proposed_changes.items()
    ]


@dataclass(frozen=True)
class ConsentLine:
    purpose: str
    label: str
    consent: Consent | None

    @property
    def is_granted(self) -> bool:
        return self.consent is not None and self.consent.is_granted


def beneficiary_consents(*, beneficiary: Beneficiary) -> list[ConsentLine]:
    """Every purpose with where the person stands on it; one query."""
    held = {c.purpose: c for c in Consent.objects.filter(beneficiary=beneficiary).select_related("recorded_by")}
    return [
        ConsentLine(purpose=value, label=str(label), consent=held.get(value)) for value, label in ConsentPurpose.choices
    ]


def beneficiary_has_consent(*, beneficiary: Beneficiary | int, purpose: str) -> bool:
    """Whether the person's agreement to ``purpose`` stands now (not withdrawn)."""
    beneficiary_id = beneficiary.pk if isinstance(beneficiary, Beneficiary) else beneficiary
    return Consent.objects.filter(beneficiary_id=beneficiary_id, purpose=purpose, status=ConsentStatus.GRANTED).exists()


def beneficiaries_with_consent(*, purpose: str) -> QuerySet[Beneficiary]:
    """For bulk use (a survey batch): the people whose agreement to ``purpose`` stands."""
    return Beneficiary.objects.filter(consents__purpose=purpose, consents__status=ConsentStatus.GRANTED)


def access_log_list(
    *, beneficiary_id: int | None = None, user_id: int | None = None, action: str = ""
) -> QuerySet[BeneficiaryAccessLog]:
    """The managers' view of who opened whose data, newest first; one query per page."""
    queryset = BeneficiaryAccessLog.objects.select_related("user", "beneficiary")
    if beneficiary_id:
        queryset = queryset.filter(beneficiary_id=beneficiary_id)
    if user_id:
        queryset = queryset.filter(user_id=user_id)
    if action:
        queryset = queryset.filter(action=action)
    return queryset.order_by("-at", "-pk")


def beneficiary_imports_visible_to(*, user):
    """Bulk imports: an importer follows their own; the admin sees every import."""
    imports = BeneficiaryImport.objects.select_related("uploaded_by")
    if user.is_superuser or Role.ADMIN in user_roles(user):
        return imports
    return imports.filter(uploaded_by=user)
