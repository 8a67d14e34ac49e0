from django.db import migrations

# code, Arabic name, English name, sensitive
CATEGORIES = (
    ("service_quality", "جودة الخدمة", "Service quality", False),
    ("staff_conduct", "سلوك موظف", "Staff conduct", False),
    ("delay", "تأخر في الإجراءات", "Delay", False),
    ("decision_appeal", "تظلم من قرار", "Appeal against a decision", False),
    ("privacy", "الخصوصية وسرية البيانات", "Privacy", False),
    ("technical_support", "الدعم الفني", "Technical support", False),
    ("suggestion", "اقتراح", "Suggestion", False),
    ("other", "أخرى", "Other", False),
    ("fraud", "احتيال", "Fraud", True),
    ("bribery", "رشوة", "Bribery", True),
    ("abuse", "إساءة أو استغلال", "Abuse or exploitation", True),
)

CASE_MODELS = ("complaint", "complaintnote", "complaintattachment", "complaintstatuschange", "compensationfile")


def create_categories(apps, schema_editor):
    ComplaintCategory = apps.get_model("complaints", "ComplaintCategory")
    for order, (code, name, name_en, sensitive) in enumerate(CATEGORIES):
        ComplaintCategory.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "is_sensitive": sensitive, "sort_order": order * 10},
        )


def grant(apps, schema_editor):
    from policies.roles import grant_model_permissions

    grant_model_permissions(
        apps,
        schema_editor,
        "complaints",
        {
            "complaints_officer": {**dict.fromkeys(CASE_MODELS, ("view",)), "complaintcategory": ("view",)},
            "manager": {**dict.fromkeys(CASE_MODELS, ("view",)), "complaintcategory": ("view",)},
            "admin": {"complaintcategory": ("view", "add", "change")},
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("policies", "0002_roles_and_defaults"),
    ]

    operations = [
        migrations.RunPython(create_categories, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
