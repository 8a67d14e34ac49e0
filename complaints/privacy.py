"""This app's part of anonymising a person (PDPL): complaints about them hold the record while open,
and their complaints' personal details, free text, attachments and history are scrubbed when the
registry anonymises them. Connected to the registry's signals in ComplaintsConfig.ready()."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from beneficiaries.privacy import REDACTED, redact_texts
from complaints.models import (
    OPEN_STATUSES,
    CompensationFile,
    Complaint,
    ComplaintAttachment,
    ComplaintNote,
    ComplaintStatusChange,
)

IDENTITY_VALUES = {
    "complainant_name": "",
    "complainant_identity_number": "",
    "complainant_mobile": "",
    "complainant_email": "",
}
COMPLAINT_TEXTS = ("subject", "description", "response", "settlement_terms")
COMPENSATION_TEXTS = ("harm_size", "harm_causes", "negotiation_notes")


def complaint_retention_holds(*, sender, beneficiary, cutoff, **kwargs) -> list[str]:
    complaints = Complaint.objects.filter(beneficiary=beneficiary)
    holds = []
    if complaints.filter(status__in=OPEN_STATUSES).exists():
        holds.append(_("a complaint or inquiry is open"))
    if cutoff is not None and complaints.filter(Q(received_at__gt=cutoff) | Q(closed_at__gt=cutoff)).exists():
        holds.append(_("a complaint is newer than the retention period"))
    return holds


def complaints_scrub(*, sender, beneficiary, **kwargs) -> None:
    """Kinds, categories, dates, outcomes and amounts stay for the follow-up committee's figures."""
    ids = list(Complaint.objects.filter(beneficiary=beneficiary).values_list("pk", flat=True))
    if not ids:
        return
    for manager in (Complaint.objects, Complaint.history):
        manager.filter(id__in=ids).update(**IDENTITY_VALUES)
    redact_texts(Complaint, {"id__in": ids}, COMPLAINT_TEXTS)
    redact_texts(ComplaintNote, {"complaint_id__in": ids}, ("text",))
    redact_texts(ComplaintStatusChange, {"complaint_id__in": ids}, ("note",))
    redact_texts(CompensationFile, {"complaint_id__in": ids}, COMPENSATION_TEXTS)
    names = [n for n in ComplaintAttachment.objects.filter(complaint_id__in=ids).values_list("file", flat=True) if n]
    ComplaintAttachment.objects.filter(complaint_id__in=ids).delete()
    ComplaintAttachment.history.filter(complaint_id__in=ids).update(file="", original_filename="")
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    # What was sent to the complainant about these complaints.
    from notifications.models import Message

    addressed = {"recipient_content_type": ContentType.objects.get_for_model(Complaint), "recipient_object_id__in": ids}
    values = {"recipient_name": "", "address": "", "subject": REDACTED, "body": REDACTED, "context": {}}
    Message.objects.filter(**addressed).update(**values)
    Message.history.filter(**addressed).update(**values)
