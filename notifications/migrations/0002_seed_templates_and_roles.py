"""Seed the Arabic and English text of every event, and give the roles their admin permissions.

Admins edit these texts later (Notifications › Message templates); re-running never overwrites
an edited text. Dates are formatted in the message's language; ``hijri`` adds the Umm al-Qura date.
"""

from django.db import migrations

AR_GREETING = "{{ recipient_name }}، السلام عليكم ورحمة الله وبركاته.\n"
EN_GREETING = "Dear {{ recipient_name }},\n"

# (event, language, subject, body)
TEMPLATES = (
    (
        "request_received",
        "ar",
        "استلام طلبكم رقم {{ request_number }}",
        AR_GREETING + "استلمت {{ association_name|default:'الجمعية' }} طلبكم رقم {{ request_number }}"
        "{% if service_name %} لخدمة «{{ service_name }}»{% endif %}"
        "{% if received_date %} بتاريخ {{ received_date|date:'j F Y' }}{% endif %}"
        "، وسنراجع بياناته ومرفقاته ونبلغكم بأي نقص."
        "{% if tracking_code %}\nرمز متابعة الطلب: {{ tracking_code }}{% endif %}",
    ),
    (
        "request_received",
        "en",
        "We have received your request no. {{ request_number }}",
        EN_GREETING
        + "{{ association_name|default:'The association' }} has received your request no. {{ request_number }}"
        "{% if service_name %} for “{{ service_name }}”{% endif %}"
        "{% if received_date %} on {{ received_date|date:'j F Y' }}{% endif %}"
        ". We will review its details and documents and tell you if anything is missing."
        "{% if tracking_code %}\nTracking code: {{ tracking_code }}{% endif %}",
    ),
    (
        "request_incomplete",
        "ar",
        "طلبكم رقم {{ request_number }} بحاجة إلى استكمال",
        AR_GREETING + "طلبكم رقم {{ request_number }}{% if service_name %} لخدمة «{{ service_name }}»{% endif %}"
        " غير مكتمل، نرجو تزويدنا بما يلي:\n"
        "{% for item in missing_items %}- {{ item }}\n{% endfor %}"
        "تبدأ مدة دراسة الطلب من تاريخ اكتماله.",
    ),
    (
        "request_incomplete",
        "en",
        "Your request no. {{ request_number }} is incomplete",
        EN_GREETING + "Your request no. {{ request_number }}{% if service_name %} for “{{ service_name }}”{% endif %}"
        " is incomplete. Please provide:\n"
        "{% for item in missing_items %}- {{ item }}\n{% endfor %}"
        "The review period starts on the day the request is complete.",
    ),
    (
        "request_complete",
        "ar",
        "اكتمال طلبكم رقم {{ request_number }}",
        AR_GREETING + "اكتمل طلبكم رقم {{ request_number }}"
        "{% if completed_date %} بتاريخ {{ completed_date|date:'j F Y' }}{% endif %}"
        " وأُحيل إلى الدراسة، وسنرد عليكم خلال {{ working_days|default:'15' }} يوم عمل"
        "{% if expected_date %}، وموعد الرد المتوقع {{ expected_date|date:'j F Y' }} م"
        " الموافق {{ expected_date|hijri }}{% endif %}.",
    ),
    (
        "request_complete",
        "en",
        "Your request no. {{ request_number }} is complete",
        EN_GREETING + "Your request no. {{ request_number }} is complete"
        "{% if completed_date %} as of {{ completed_date|date:'j F Y' }}{% endif %}"
        " and has gone for review. We will reply within {{ working_days|default:'15' }} working days"
        "{% if expected_date %}, by {{ expected_date|date:'j F Y' }} ({{ expected_date|hijri }}){% endif %}.",
    ),
    (
        "decision",
        "ar",
        "قرار لجنة البحث في طلبكم رقم {{ request_number }}",
        AR_GREETING + "صدر قرار لجنة البحث في طلبكم رقم {{ request_number }}"
        "{% if service_name %} لخدمة «{{ service_name }}»{% endif %}: {{ decision }}."
        "{% if amount %} المبلغ المعتمد: {{ amount }} ريال.{% endif %}"
        "{% if decision_note %}\n{{ decision_note }}{% endif %}"
        "\nللاستفسار أو الاعتراض على القرار يسعدنا تواصلكم معنا.",
    ),
    (
        "decision",
        "en",
        "Research committee decision on your request no. {{ request_number }}",
        EN_GREETING + "The research committee has decided on your request no. {{ request_number }}"
        "{% if service_name %} for “{{ service_name }}”{% endif %}: {{ decision }}."
        "{% if amount %} Approved amount: SAR {{ amount }}.{% endif %}"
        "{% if decision_note %}\n{{ decision_note }}{% endif %}"
        "\nIf you have a question or wish to appeal the decision, please contact us.",
    ),
    (
        "delivery",
        "ar",
        "تسليم الخدمة الخاصة بطلبكم رقم {{ request_number }}",
        AR_GREETING + "نفيدكم بتسليم {% if service_name %}خدمة «{{ service_name }}»{% else %}الخدمة{% endif %}"
        " الخاصة بطلبكم رقم {{ request_number }}"
        "{% if delivery_date %} بتاريخ {{ delivery_date|date:'j F Y' }}{% endif %}."
        "{% if delivery_details %}\n{{ delivery_details }}{% endif %}"
        "\nشاكرين لكم ثقتكم.",
    ),
    (
        "delivery",
        "en",
        "Service delivered for your request no. {{ request_number }}",
        EN_GREETING + "{% if service_name %}“{{ service_name }}”{% else %}The service{% endif %}"
        " for your request no. {{ request_number }} has been delivered"
        "{% if delivery_date %} on {{ delivery_date|date:'j F Y' }}{% endif %}."
        "{% if delivery_details %}\n{{ delivery_details }}{% endif %}"
        "\nThank you for your trust.",
    ),
    (
        "complaint_acknowledged",
        "ar",
        "استلام شكواكم رقم {{ complaint_number }}",
        AR_GREETING + "استلمنا شكواكم رقم {{ complaint_number }}"
        "{% if received_date %} بتاريخ {{ received_date|date:'j F Y' }}{% endif %}"
        "، وستتولى لجنة المتابعة دراستها"
        "{% if expected_date %} والرد عليكم في موعد أقصاه {{ expected_date|date:'j F Y' }}{% endif %}."
        "{% if tracking_code %}\nرمز المتابعة: {{ tracking_code }}{% endif %}"
        "\nنشكر لكم ملاحظتكم، فهي تساعدنا على التحسين.",
    ),
    (
        "complaint_acknowledged",
        "en",
        "We have received your complaint no. {{ complaint_number }}",
        EN_GREETING + "We have received your complaint no. {{ complaint_number }}"
        "{% if received_date %} of {{ received_date|date:'j F Y' }}{% endif %}"
        ". The follow-up committee will look into it"
        "{% if expected_date %} and reply by {{ expected_date|date:'j F Y' }}{% endif %}."
        "{% if tracking_code %}\nTracking code: {{ tracking_code }}{% endif %}"
        "\nThank you for telling us; it helps us improve.",
    ),
    (
        "complaint_answered",
        "ar",
        "الرد على شكواكم رقم {{ complaint_number }}",
        AR_GREETING + "بخصوص شكواكم رقم {{ complaint_number }}، نفيدكم بما يلي:\n{{ answer }}"
        "\nإن لم يكن الرد مرضيًا لكم فبإمكانكم التظلم أو التواصل معنا.",
    ),
    (
        "complaint_answered",
        "en",
        "Reply to your complaint no. {{ complaint_number }}",
        EN_GREETING + "Regarding your complaint no. {{ complaint_number }}:\n{{ answer }}"
        "\nIf you are not satisfied with this reply, you may appeal or contact us.",
    ),
    (
        "survey_invitation",
        "ar",
        "رأيكم يهمنا",
        AR_GREETING + "يهم {{ association_name|default:'الجمعية' }} رأيكم في الخدمات التي تلقيتموها."
        " نرجو المشاركة في استبانة قياس رضا المستفيدين"
        "{% if deadline %} قبل {{ deadline|date:'j F Y' }}{% endif %}"
        # The link ends its line: a full stop after it would become part of the address on some phones.
        "{% if survey_url %} عبر الرابط: {{ survey_url }}{% else %}.{% endif %}"
        "\nمشاركتكم تساعدنا على تحسين خدماتنا، ولا تؤثر على أي خدمة تتلقونها.",
    ),
    (
        "survey_invitation",
        "en",
        "Your opinion matters to us",
        EN_GREETING
        + "{{ association_name|default:'The association' }} would like to know what you think of the services"
        " you received. Please take part in the beneficiary satisfaction survey"
        "{% if deadline %} before {{ deadline|date:'j F Y' }}{% endif %}"
        "{% if survey_url %}: {{ survey_url }}{% else %}.{% endif %}"
        "\nYour answers help us improve and do not affect any service you receive.",
    ),
    (
        "deadline_approaching",
        "ar",
        "اقتراب موعد الرد: {{ case_label|default:'الطلب' }} رقم {{ case_number }}",
        "يحل موعد الرد على {{ case_label|default:'الطلب' }} رقم {{ case_number }}"
        " في {{ due_date|date:'j F Y' }}"
        "{% if days_left %}، والمتبقي من أيام العمل: {{ days_left }}{% endif %}."
        " نرجو إنجازه قبل الموعد.",
    ),
    (
        "deadline_approaching",
        "en",
        "Deadline approaching: {{ case_label|default:'request' }} no. {{ case_number }}",
        "{{ case_label|default:'request'|capfirst }} no. {{ case_number }} is due on {{ due_date|date:'j F Y' }}"
        "{% if days_left %} ({{ days_left }} working day{{ days_left|pluralize }} left){% endif %}."
        " Please complete it before the deadline.",
    ),
    (
        "deadline_passed",
        "ar",
        "تجاوز موعد الرد: {{ case_label|default:'الطلب' }} رقم {{ case_number }}",
        "تجاوز {{ case_label|default:'الطلب' }} رقم {{ case_number }} موعد الرد المحدد"
        " في {{ due_date|date:'j F Y' }}"
        "{% if days_overdue %}، ومقدار التأخير بأيام العمل: {{ days_overdue }}{% endif %}."
        " نرجو اتخاذ الإجراء اللازم فورًا وإبلاغ المستفيد.",
    ),
    (
        "deadline_passed",
        "en",
        "Deadline passed: {{ case_label|default:'request' }} no. {{ case_number }}",
        "{{ case_label|default:'request'|capfirst }} no. {{ case_number }} passed its reply deadline of"
        " {{ due_date|date:'j F Y' }}"
        "{% if days_overdue %} ({{ days_overdue }} working day{{ days_overdue|pluralize }} late){% endif %}."
        " Please act on it now and inform the beneficiary.",
    ),
)


def seed_templates(apps, schema_editor=None):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for event, language, subject, body in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            event=event, language=language, channel="", defaults={"subject": subject, "body": body}
        )


def grant(apps, schema_editor):
    from policies.roles import grant_model_permissions

    grant_model_permissions(
        apps,
        schema_editor,
        "notifications",
        {
            "admin": {
                "messagetemplate": ("view", "add", "change", "delete"),
                "message": ("view", "change"),
                "failedmessage": ("view", "change"),
                "stafftask": ("view",),
            },
            "manager": {
                "messagetemplate": ("view",),
                "message": ("view",),
                "failedmessage": ("view",),
                "stafftask": ("view",),
            },
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_templates, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
