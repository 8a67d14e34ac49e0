"""The survey invitation put a full stop right after the link, which some phones take as part of the
address. Databases seeded before the fix get the new text, unless an administrator already edited it."""

import importlib

from django.db import migrations

AR_GREETING = "{{ recipient_name }}، السلام عليكم ورحمة الله وبركاته.\n"
EN_GREETING = "Dear {{ recipient_name }},\n"

OLD = {
    "ar": AR_GREETING + "يهم {{ association_name|default:'الجمعية' }} رأيكم في الخدمات التي تلقيتموها."
    " نرجو المشاركة في استبانة قياس رضا المستفيدين"
    "{% if survey_url %} عبر الرابط: {{ survey_url }}{% endif %}"
    "{% if deadline %} قبل {{ deadline|date:'j F Y' }}{% endif %}."
    "\nمشاركتكم تساعدنا على تحسين خدماتنا، ولا تؤثر على أي خدمة تتلقونها.",
    "en": EN_GREETING
    + "{{ association_name|default:'The association' }} would like to know what you think of the services"
    " you received. Please take part in the beneficiary satisfaction survey"
    "{% if survey_url %}: {{ survey_url }}{% endif %}"
    "{% if deadline %} before {{ deadline|date:'j F Y' }}{% endif %}."
    "\nYour answers help us improve and do not affect any service you receive.",
}


def new_texts() -> dict[str, str]:
    seed = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")
    return {language: body for event, language, _subject, body in seed.TEMPLATES if event == "survey_invitation"}


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for language, body in new_texts().items():
        MessageTemplate.objects.filter(
            event="survey_invitation", language=language, channel="", body=OLD[language]
        ).update(body=body)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_seed_templates_and_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
