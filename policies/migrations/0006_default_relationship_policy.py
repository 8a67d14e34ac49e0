from django.db import migrations
from django.utils import timezone

ALL = ("view", "add", "change", "delete")


def _with_history(apps, model_name: str, instance, reason: str) -> None:
    """Migrations run without simple_history's signals: write the first history row by hand."""
    Historical = apps.get_model("policies", f"Historical{model_name}")
    Model = apps.get_model("policies", model_name)
    values = {field.attname: getattr(instance, field.attname) for field in Model._meta.concrete_fields}
    Historical.objects.create(**values, history_date=timezone.now(), history_type="+", history_change_reason=reason)


def create_default_documents(apps, schema_editor):
    """The beneficiary relationship policy as a draft written from the seeds, and the tools it names."""
    from policies import default_texts as texts

    Document = apps.get_model("policies", "PolicyDocument")
    Version = apps.get_model("policies", "PolicyVersion")
    if Document.objects.exists():
        return
    policy = Document.objects.create(
        kind="relationship_policy",
        title=texts.RELATIONSHIP_POLICY_TITLE,
        title_en=texts.RELATIONSHIP_POLICY_TITLE_EN,
        slug=texts.RELATIONSHIP_POLICY_SLUG,
        summary=texts.RELATIONSHIP_POLICY_SUMMARY,
        summary_en=texts.RELATIONSHIP_POLICY_SUMMARY_EN,
        is_public=True,
        in_tools_library=False,
        requires_signoff=True,
        applies_to_roles=[],
        sort_order=0,
    )
    _with_history(apps, "PolicyDocument", policy, "Created with the default policy written from the seed policies")
    draft = Version.objects.create(
        document=policy,
        number=1,
        status="draft",
        body=texts.RELATIONSHIP_POLICY_BODY,
        change_summary="المسودة الافتراضية المعدة من سياسات الجمعيات النموذجية",
    )
    _with_history(apps, "PolicyVersion", draft, "Default draft written from the seed policies")
    for order, (kind, slug, title, title_en) in enumerate(texts.TOOL_DOCUMENTS, start=1):
        document = Document.objects.create(
            kind=kind,
            title=title,
            title_en=title_en,
            slug=slug,
            is_public=True,
            in_tools_library=True,
            requires_signoff=kind == "code_of_ethics",
            applies_to_roles=[],
            sort_order=order * 10,
        )
        _with_history(apps, "PolicyDocument", document, "Created empty: a communication tool the seed policies name")


def grant_permissions(apps, schema_editor):
    from policies.roles import grant_model_permissions

    documents = ("policydocument", "policyversion", "policyattachment")
    grant_model_permissions(
        apps,
        schema_editor,
        "policies",
        {
            "admin": {
                **dict.fromkeys(documents, ALL),
                "policysignoff": ("view",),
                "signoffreminder": ("view",),
                "policyversion": (*ALL, "publish"),
            },
            # Senior management reads everything here; it puts board-approved drafts in force from the
            # staff pages (policies/views.py), not through model permissions.
            "manager": dict.fromkeys(
                ("policydocument", "policyversion", "policyattachment", "policysignoff", "signoffreminder"), ("view",)
            ),
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0005_documents_and_signoff"),
    ]

    operations = [
        migrations.RunPython(create_default_documents, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
