# ruff: noqa: E501 - policy prose is kept one paragraph per line
"""Demo content for the policy pages: the relationship policy approved by the board and revised once,
the code of ethics, the bylaws, a guide and the service request form to download, and staff
sign-offs with a reminder. Called by ``manage.py load_demo`` after the demo users exist.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from policies import default_texts, services
from policies.models import PolicyDocument, PolicySignOff, VersionStatus

CODE_OF_ETHICS = """# المبادئ

- النزاهة والأمانة في كل تعامل مع المستفيدين والداعمين والشركاء.
- احترام كرامة المستفيد وخصوصيته، والمحافظة على سرية بياناته ومستنداته.
- العدالة وعدم التمييز في تقديم الخدمات وفق المعايير المعتمدة.
- الإفصاح عن أي تعارض في المصالح، وعدم قبول الهدايا من المستفيدين.

# السلوك الوظيفي

1. حسن الاستقبال بالأخلاق الرفيعة والإجابة بمعلومة دقيقة.
2. الالتزام بالأنظمة واللوائح والسياسات المعتمدة في الجمعية.
3. عدم استخدام المعلومات التي يطّلع عليها الموظف بحكم عمله لغير أغراض العمل.
"""

BYLAWS = """# أحكام عامة

تعمل الجمعية وفق نظام الجمعيات والمؤسسات الأهلية ولائحته التنفيذية، وتحدد هذه اللائحة أهدافها وعضويتها وجمعيتها العمومية ومجلس إدارتها وماليتها.

# أهداف الجمعية

- تقديم المساعدات للأسر المحتاجة والأرامل والأيتام وكبار السن.
- تنمية قدرات الأسر المستفيدة ومساعدتها على الانتقال من الرعاية إلى التنمية.
"""

SUPPORT_GUIDE = """# من يستحق الدعم

تُقدَّم خدمات الدعم للفئات المسجلة في الجمعية بعد دراسة الحالة من الباحث الاجتماعي وعرضها على لجنة البحث.

# خطوات الحصول على الدعم

1. تقديم الطلب عبر الموقع الإلكتروني أو في مقر الجمعية.
2. استكمال المستندات المطلوبة والتوقيع على إقرار صحة البيانات.
3. دراسة الحالة والرد خلال (١٥) يوم عمل من اكتمال الطلب.
"""

VOLUNTEERING_DRAFT = """# الهدف

تنظيم مشاركة المتطوعين في برامج الجمعية بما يحفظ حقوقهم وحقوق المستفيدين.

# أحكام عامة

1. يوقّع المتطوع على تعهد المحافظة على سرية بيانات المستفيدين قبل بدء عمله.
2. يعمل المتطوع تحت إشراف الموظف المختص، ولا يطّلع إلا على ما يلزم لمهمته.
"""

FORM_BODY = """نموذج طلب خدمة يعبئه المستفيد ويسلمه في مقر الجمعية أو يرسله عبر قنوات التواصل.

يرفق بالنموذج: صورة الهوية الوطنية أو الإقامة، وما يثبت الدخل، وصك الإعالة أو الولاية عند الحاجة.
"""

FORM_HTML = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 18mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; }
h1 { font-size: 16pt; text-align: center; }
td { border: 1px solid #555; padding: 8px; height: 18px; }
table { width: 100%; border-collapse: collapse; margin-bottom: 12px; }
</style></head><body>
<h1>نموذج طلب خدمة</h1>
<table>
<tr><td>الاسم الرباعي</td><td></td></tr>
<tr><td>رقم الهوية / الإقامة</td><td></td></tr>
<tr><td>رقم الجوال</td><td></td></tr>
<tr><td>المدينة والحي</td><td></td></tr>
<tr><td>الخدمة المطلوبة</td><td></td></tr>
<tr><td>وسيلة التواصل المفضلة</td><td></td></tr>
</table>
<p>أقر بصحة البيانات المقدمة مني وأتحمل المسؤولية المباشرة عن صحتها.</p>
<p>التوقيع: ....................... التاريخ: .......................</p>
</body></html>"""


def _form_pdf() -> bytes:
    try:
        from weasyprint import HTML

        return HTML(string=FORM_HTML).write_pdf()
    except Exception:
        return b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _publish_version(*, actor, document, body, meeting, meeting_date, effective, summary=""):
    version = services.policy_version_create(
        actor=actor,
        document=document,
        data={
            "body": body,
            "change_summary": summary,
            "board_meeting_number": meeting,
            "board_meeting_date": meeting_date,
            "effective_date": effective,
        },
    )
    return services.policy_version_publish(actor=actor, version=version)


@transaction.atomic
def load_policy_demo(*, users: dict) -> None:
    admin, manager = users["admin"], users["manager"]
    relationship = PolicyDocument.objects.filter(slug=default_texts.RELATIONSHIP_POLICY_SLUG).first()
    if relationship is None or relationship.versions.filter(status=VersionStatus.IN_FORCE).exists():
        return
    # Version 1: the default draft from the migration, approved at the board's third meeting (seed 000).
    draft = relationship.versions.filter(status=VersionStatus.DRAFT).order_by("number").first()
    services.policy_version_update(
        actor=admin,
        version=draft,
        data={
            "board_meeting_number": "3",
            "board_meeting_date": date(2022, 10, 10),
            "effective_date": date(2022, 10, 10),
            "change_summary": "الإصدار الأول المعتمد من مجلس الإدارة",
        },
    )
    services.policy_version_publish(actor=admin, version=draft)
    # Version 2: the 15-working-day deadline and the contact officer, approved at meeting 4 (seed 003).
    current = _publish_version(
        actor=manager,
        document=relationship,
        body=draft.body.replace(
            "# قنوات التواصل مع المستفيدين\n",
            "# قنوات التواصل مع المستفيدين\n\nتُحدَّث هذه القنوات على موقع الجمعية كلما تغيرت.\n",
        ),
        meeting="4",
        meeting_date=date(2025, 12, 23),
        effective=date(2026, 1, 1),
        summary="تحديث قنوات التواصل وتوضيح مدة الرد بخمسة عشر يوم عمل",
    )
    documents = {document.kind: document for document in PolicyDocument.objects.all()}
    ethics = _publish_version(
        actor=admin,
        document=documents["code_of_ethics"],
        body=CODE_OF_ETHICS,
        meeting="4",
        meeting_date=date(2025, 12, 23),
        effective=date(2026, 1, 1),
    )
    _publish_version(
        actor=admin,
        document=documents["bylaws"],
        body=BYLAWS,
        meeting="1",
        meeting_date=date(2023, 2, 15),
        effective=date(2023, 2, 15),
    )
    _publish_version(
        actor=admin,
        document=documents["support_policy_guide"],
        body=SUPPORT_GUIDE,
        meeting="4",
        meeting_date=date(2025, 12, 23),
        effective=date(2026, 1, 1),
    )
    form_version = _publish_version(
        actor=admin,
        document=documents["form"],
        body=FORM_BODY,
        meeting="4",
        meeting_date=date(2025, 12, 23),
        effective=date(2026, 1, 1),
    )
    services.policy_attachment_add(
        actor=admin,
        version=form_version,
        title="نموذج طلب خدمة (PDF)",
        title_en="Service request form (PDF)",
        file=SimpleUploadedFile("service-request-form.pdf", _form_pdf(), content_type="application/pdf"),
    )
    # Most staff have signed; the second reception desk and the officer have not, and were reminded.
    for username in ("reception", "researcher", "manager", "admin", "complaints"):
        for version in (current, ethics):
            if not PolicySignOff.objects.filter(version=version, user=users[username]).exists():
                services.policy_signoff_record(
                    actor=users[username], version=version, read_confirmed=True, confidentiality_pledged=True
                )
    services.signoff_reminder_send(actor=manager, version=current, users=[users["reception2"]])
    # A draft waiting for the board, so senior management has something to review.
    services.policy_version_create(
        actor=admin,
        document=documents["volunteering_policy"],
        data={"body": VOLUNTEERING_DRAFT, "change_summary": "مسودة أولى تُعرض على مجلس الإدارة في اجتماعه القادم"},
    )
