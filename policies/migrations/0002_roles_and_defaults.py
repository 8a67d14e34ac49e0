from django.db import migrations

ROLES = (
    "reception",
    "social_researcher",
    "committee_member",
    "committee_secretary",
    "complaints_officer",
    "contact_officer",
    "manager",
    "admin",
)

CONFIG_MODELS = ("associationprofile", "beneficiarycategory", "contactofficer")
ALL = ("view", "add", "change", "delete")

CATEGORIES = (
    ("widows", "الأرامل", "Widows"),
    ("orphans", "الأيتام", "Orphans"),
    ("divorced", "المطلقات", "Divorced women"),
    ("elderly", "كبار السن", "Elderly"),
    ("disabilities", "ذوو الإعاقة", "People with disabilities"),
    ("patients", "المرضى", "Patients"),
    ("low_income", "ذوو الدخل المحدود", "Low income families"),
    ("assembly_members", "أعضاء الجمعية العمومية", "General assembly members"),
)


def create_roles(apps, schema_editor):
    from policies.roles import grant_model_permissions

    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    grant_model_permissions(
        apps,
        schema_editor,
        "policies",
        {
            "admin": dict.fromkeys(CONFIG_MODELS, ALL),
            "manager": dict.fromkeys(CONFIG_MODELS, ("view",)),
        },
    )
    grant_model_permissions(
        apps,
        schema_editor,
        "auth",
        {"admin": {"user": ("view", "add", "change"), "group": ("view",)}},
    )


def create_default_categories(apps, schema_editor):
    Category = apps.get_model("policies", "BeneficiaryCategory")
    for order, (code, name, name_en) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_default_categories, migrations.RunPython.noop),
    ]
