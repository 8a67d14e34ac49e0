"""How to fill each URL's arguments from the objects of world.py (a missing object: a pk nothing has)."""

from django.contrib.contenttypes.models import ContentType

from .walk import admin_model

MISSING = 999_999


def o(key, attr="pk"):
    return lambda world: getattr(world.objects[key], attr)


def const(value):
    return lambda world: value


BENEFICIARY = {"pk": o("beneficiary")}
REQUEST = {"pk": o("request")}
COMPLAINT = {"pk": o("complaint")}
NOTHING = {"pk": const(MISSING)}

ARGS = {
    "password_reset_confirm": {"uidb64": const("MQ"), "token": const("set-password")},
    "beneficiaries:detail": BENEFICIARY,
    "beneficiaries:edit": BENEFICIARY,
    "beneficiaries:verify": BENEFICIARY,
    "beneficiaries:household_add": BENEFICIARY,
    "beneficiaries:household_remove": {"pk": o("beneficiary"), "member_pk": o("member")},
    "beneficiaries:document_upload": BENEFICIARY,
    "beneficiaries:document_download": {"document_pk": o("document")},
    "beneficiaries:interaction_create": BENEFICIARY,
    "beneficiaries:inquiry_answer": {"pk": o("inquiry")},
    "beneficiaries:change_request_create": BENEFICIARY,
    "beneficiaries:change_request_decide": {"pk": o("change")},
    "beneficiaries:consent_edit": BENEFICIARY,
    "beneficiaries:erasure_create": BENEFICIARY,
    "beneficiaries:erasure_decide": NOTHING,
    "beneficiaries:breach_edit": NOTHING,
    "beneficiaries:import_detail": NOTHING,
    "beneficiaries:import_refused_rows": NOTHING,
    "notifications:open": {"pk": o("notification")},
    "notifications:task_detail": {"pk": o("task")},
    "notifications:message_resend": {"pk": o("message")},
    "policies:public_attachment": {"pk": o("policy_attachment")},
    "policies:sign": {"pk": o("version")},
    "policies:remind": {"pk": o("version")},
    "policies:version_review": {"pk": o("version")},
    "policies:staff_attachment": {"pk": o("policy_attachment")},
    "policies:public_document": {"slug": lambda world: world.objects["version"].document.slug},
    "policies:public_version": {
        "slug": lambda world: world.objects["version"].document.slug,
        "number": o("version", "number"),
    },
    "requests_app:intake_create": {"beneficiary_pk": o("beneficiary")},
    "requests_app:detail": REQUEST,
    "requests_app:intake_step": {"pk": o("request"), "step": const("documents")},
    "requests_app:transition": {"pk": o("request"), "to_status": const("on_hold")},
    "requests_app:research_report": REQUEST,
    "requests_app:declaration_file": {"pk": o("request"), "declaration_pk": o("declaration")},
    "reports:request_receipt": REQUEST,
    "reports:decision_letter": REQUEST,
    "reports:meeting_minutes": {"pk": o("meeting")},
    "reports:case_file": BENEFICIARY,
    "reports:beneficiary_export": BENEFICIARY,
    "reports:complaint_response_letter": COMPLAINT,
    "complaints:detail": COMPLAINT,
    "complaints:resolve": COMPLAINT,
    "complaints:assign": COMPLAINT,
    "complaints:note": COMPLAINT,
    "complaints:attachment_upload": COMPLAINT,
    "complaints:compensation": COMPLAINT,
    "complaints:transition": {"pk": o("complaint"), "action": const("acknowledge")},
    "complaints:attachment_download": {"attachment_pk": o("complaint_attachment")},
    "surveys:results": {"pk": o("survey")},
    "surveys:results_csv": {"pk": o("survey")},
    "surveys:entry": {"pk": o("survey")},
    "surveys:sample_detail": NOTHING,
    "surveys:visit_detail": NOTHING,
    "public_surveys:answer": {"token": o("invitation", "token")},
    "admin:app_list": {"app_label": const("beneficiaries")},
    "admin:auth_user_password_change": {"id": o("user")},
    "admin:otp_totp_totpdevice_config": {"pk": o("device")},
    "admin:otp_totp_totpdevice_qrcode": {"pk": o("device")},
    "admin:policies_policyversion_publish": {"pk": o("version")},
    "admin:requests_app_agendaitem_document": {"object_id": const(MISSING), "document_pk": o("document")},
    "admin:view_on_site": {
        "content_type_id": lambda world: ContentType.objects.get_for_model(world.objects["beneficiary"]).pk,
        "object_id": o("beneficiary"),
    },
}


def reverse_arguments(name: str, world) -> tuple[dict, list]:
    """(kwargs, args) for reverse(); an admin model's pages point at its first row (or none)."""
    if name in ARGS:
        return {key: fill(world) for key, fill in ARGS[name].items()}, []
    found = admin_model(name)
    if found is None:
        return {}, []
    model, action = found
    if action in ("changelist", "add"):
        return {}, []
    row = model._default_manager.order_by("pk").first()
    pk = row.pk if row is not None else MISSING
    if action == "simple_history":
        history = getattr(row, "history", None) if row is not None else None
        version = history.order_by("history_id").first() if history is not None else None
        return {}, [pk, version.history_id if version is not None else MISSING]
    return {"object_id": pk}, []
