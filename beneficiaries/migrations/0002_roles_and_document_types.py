from django.db import migrations

CASE_MODELS = ("beneficiary", "householdmember", "document", "interaction", "changerequest")

DOCUMENT_TYPES = (
    ("national_id", "صورة الهوية الوطنية / الإقامة", "National ID or iqama copy", True),
    ("family_card", "سجل الأسرة", "Family register", False),
    ("income_proof", "إثبات الدخل", "Proof of income", False),
    ("social_security", "مشهد الضمان الاجتماعي", "Social security statement", False),
    ("medical_report", "تقرير طبي", "Medical report", True),
    ("lease_contract", "عقد الإيجار", "Lease contract", True),
    ("death_certificate", "شهادة الوفاة", "Death certificate", False),
    ("divorce_deed", "صك الطلاق", "Divorce deed", False),
    ("bank_iban", "شهادة الآيبان البنكي", "Bank IBAN certificate", False),
    ("disability_card", "بطاقة الإعاقة", "Disability card", True),
)


def grant(apps, schema_editor):
    from policies.roles import grant_model_permissions

    grant_model_permissions(
        apps,
        schema_editor,
        "beneficiaries",
        {
            "reception": dict.fromkeys(CASE_MODELS, ("view", "add", "change")),
            "manager": dict.fromkeys((*CASE_MODELS, "documenttype"), ("view",)),
            "contact_officer": {"beneficiary": ("view",), "interaction": ("view", "add", "change")},
            "social_researcher": {"interaction": ("view", "change")},
            "admin": {"documenttype": ("view", "add", "change", "delete")},
        },
    )


def create_document_types(apps, schema_editor):
    DocumentType = apps.get_model("beneficiaries", "DocumentType")
    for code, name, name_en, has_expiry in DOCUMENT_TYPES:
        DocumentType.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "has_expiry": has_expiry}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0001_initial"),
        ("policies", "0002_roles_and_defaults"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(create_document_types, migrations.RunPython.noop),
    ]
