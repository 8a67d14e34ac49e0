"""Every page that lists rows runs as many SQL queries for 100 rows as for 10.

The list pages that already have such a test keep it next to their other tests (the beneficiary
list, the access log, the request queue of all requests, the complaint queue and monitoring, the
staff tasks, the survey results and list, the committee's meetings and agenda, the dashboard);
this file covers the other portal lists and the admin lists of the project's own models.
"""

import itertools
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from factories import (
    BeneficiaryFactory,
    CategoryFactory,
    ChangeRequestFactory,
    ContactOfficerFactory,
    DocumentFactory,
    HouseholdMemberFactory,
    InquiryFactory,
    InteractionFactory,
    ReferredInquiryFactory,
    ServiceTypeFactory,
    UserFactory,
    make_support_request,
)
from factories.committee import CommitteeFactory
from factories.complaints import ComplaintFactory
from factories.notifications import MessageFactory, StaffTaskFactory
from factories.policies import PolicyDocumentFactory, PolicyVersionFactory, version_in_force
from factories.surveys import InvitationFactory, SurveyFactory

from beneficiaries.models import DocumentType
from beneficiaries.privacy_models import BeneficiaryAccessLog, Consent, DataBreach, ErasureRequest
from complaints.models import CompensationFile, ComplaintCategory, ComplaintEscalation
from notifications.models import Channel as MessageChannel
from notifications.models import Event as MessageEvent
from notifications.models import Language, MessageTemplate, StaffNotification
from policies.models import Closure, PolicyAttachment, PolicySignOff, SignOffReminder
from policies.roles import Role
from requests_app.committee_models import AgendaItem, Meeting, MemberVote, Recusal, Vote
from requests_app.models import RequestStatus, SupportRequest
from surveys.models import SampleDraw, SupervisionNote, SupervisoryVisit, SurveyKind

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def counts_for_10_and_100(client, url, add_rows, shown, *, page_size: int = 100) -> tuple[int, int]:
    """Add 10 rows and count the page's queries; add 90 more and count again.

    ``shown`` reads how many rows the page rendered, so neither count can come from an empty page.
    """
    add_rows(10)
    client.get(url)  # warms per-process caches (content types, the session, the user's roles)
    with_ten, response = queries_for(client, url)
    assert shown(response) >= 10
    add_rows(90)
    # Adding reference rows (policies, closures, categories) gives the reference data a new
    # revision, which the next page reloads once (policies.reference): count the page after it.
    client.get(url)
    with_hundred, response = queries_for(client, url)
    assert shown(response) >= min(100, page_size)
    return with_ten, with_hundred


def context_length(name):
    return lambda response: len(response.context[name])


# --- The reception desk and the privacy pages -----------------------------------------------------


def test_the_open_inquiries_run_the_same_queries_for_10_and_100_inquiries(client, reception, category):
    person = BeneficiaryFactory(category=category)
    client.force_login(reception)

    def add(count):
        InquiryFactory.create_batch(count, beneficiary=person, recorded_by=reception)

    ten, hundred = counts_for_10_and_100(client, reverse("beneficiaries:inquiries"), add, context_length("open"))
    assert hundred == ten


def test_the_inquiries_referred_to_a_researcher_run_the_same_queries_for_10_and_100(
    client, researcher, reception, category
):
    person = BeneficiaryFactory(category=category)
    client.force_login(researcher)

    def add(count):
        ReferredInquiryFactory.create_batch(count, beneficiary=person, recorded_by=reception, referred_to=researcher)

    ten, hundred = counts_for_10_and_100(client, reverse("beneficiaries:inquiries"), add, context_length("referred"))
    assert hundred == ten


def test_the_changes_awaiting_approval_run_the_same_queries_for_10_and_100_changes(
    client, manager, reception, category
):
    client.force_login(manager)

    def add(count):
        for person in BeneficiaryFactory.create_batch(count, category=category):
            ChangeRequestFactory(beneficiary=person, received_by=reception)

    url = reverse("beneficiaries:change_requests")
    ten, hundred = counts_for_10_and_100(client, url, add, context_length("change_requests"))
    assert hundred == ten


def test_the_erasure_requests_run_the_same_queries_for_10_and_100_requests(client, manager, reception, category):
    client.force_login(manager)

    def add(count):
        people = BeneficiaryFactory.create_batch(count, category=category)
        ErasureRequest.objects.bulk_create(
            ErasureRequest(beneficiary=person, channel="in_person", reason="طلب المستفيد", received_by=reception)
            for person in people
        )

    url = reverse("beneficiaries:erasure_list")
    ten, hundred = counts_for_10_and_100(client, url, add, context_length("erasure_requests"))
    assert hundred == ten


def _breaches(count, recorded_by):
    now = timezone.now()
    DataBreach.objects.bulk_create(
        DataBreach(
            title=f"تسريب رقم {index}",
            description="أُرسل كشف بأسماء المستفيدين إلى عنوان خاطئ.",
            discovered_at=now - timedelta(days=index % 5),
            notify_deadline=now + timedelta(hours=72),
            recorded_by=recorded_by,
        )
        for index in range(count)
    )


def test_the_breach_register_runs_the_same_queries_for_10_and_100_breaches(client, manager):
    client.force_login(manager)
    url = reverse("beneficiaries:breach_list")
    ten, hundred = counts_for_10_and_100(
        client, url, lambda count: _breaches(count, manager), context_length("breaches")
    )
    assert hundred == ten


REQUEST_LINK = re.compile(r'href="/requests/\d+/"')


def test_the_beneficiary_page_runs_the_same_queries_for_10_and_100_of_each_kind_of_row(client, reception, category):
    person = BeneficiaryFactory(category=category)
    service_type = ServiceTypeFactory()
    client.force_login(reception)

    def add(count):
        InteractionFactory.create_batch(count, beneficiary=person, recorded_by=reception)
        ChangeRequestFactory.create_batch(count, beneficiary=person, received_by=reception)
        DocumentFactory.create_batch(count, beneficiary=person)
        HouseholdMemberFactory.create_batch(count, beneficiary=person)
        for _index in range(count):
            make_support_request(actor=reception, beneficiary=person, service_type=service_type)

    def shown(response):
        context = response.context
        return min(
            len(REQUEST_LINK.findall(response.content.decode())),
            len(context["interactions"]),
            len(context["change_requests"]),
            len(context["documents"]),
            len(context["household"]),
        )

    url = reverse("beneficiaries:detail", args=[person.pk])
    ten, hundred = counts_for_10_and_100(client, url, add, shown)
    assert hundred == ten


# --- The work queues of support requests ----------------------------------------------------------


def _requests(count, *, reception, service_type, **state):
    made = [
        make_support_request(actor=reception, beneficiary=BeneficiaryFactory(), service_type=service_type)
        for _index in range(count)
    ]
    if state:
        SupportRequest.objects.filter(pk__in=[request.pk for request in made]).update(**state)


QUEUES = {
    "to_verify": (Role.RECEPTION, {}),
    "to_refer": (Role.RECEPTION, {"status": RequestStatus.COMPLETE, "due_in_days": 12}),
    "my_research": (Role.SOCIAL_RESEARCHER, {"status": RequestStatus.UNDER_RESEARCH, "due_in_days": 12}),
    "due_soon": (Role.MANAGER, {"status": RequestStatus.REFERRED, "due_in_days": 0}),
    "overdue": (Role.MANAGER, {"status": RequestStatus.REFERRED, "due_in_days": -10}),
}


@pytest.mark.parametrize("queue", list(QUEUES))
def test_each_work_queue_runs_the_same_queries_for_10_and_100_requests(client, make_user, reception, queue):
    role, state = QUEUES[queue]
    user = reception if role == Role.RECEPTION else make_user(role)
    service_type = ServiceTypeFactory()
    state = dict(state)
    if "due_in_days" in state:
        state["due_date"] = timezone.localdate() + timedelta(days=state.pop("due_in_days"))
        # What completion leaves on a request (verification and the clock), set in bulk for speed.
        state.update(completed_at=timezone.now() - timedelta(days=20), verified_at=timezone.now() - timedelta(days=20))
        state.update(verified_data_hash="0" * 64, verified_by=reception)
    if queue == "my_research":
        state["assigned_researcher"] = user
    client.force_login(user)

    def add(count):
        _requests(count, reception=reception, service_type=service_type, **state)

    url = reverse("requests_app:queue") + f"?queue={queue}&per_page=100"
    ten, hundred = counts_for_10_and_100(client, url, add, context_length("rows"))
    assert hundred == ten


# --- Notifications ---------------------------------------------------------------------------------


def test_the_notification_inbox_runs_the_same_queries_for_10_and_100_notifications(client, reception):
    client.force_login(reception)

    def add(count):
        StaffNotification.objects.bulk_create(
            StaffNotification(user=reception, title=f"طلب جديد {index}", body="وصل طلب جديد.", url="/requests/")
            for index in range(count)
        )

    def shown(response):
        return len(response.context["page"].object_list)

    ten, hundred = counts_for_10_and_100(client, reverse("notifications:inbox"), add, shown, page_size=25)
    assert hundred == ten


# --- Surveys ---------------------------------------------------------------------------------------


def test_the_field_survey_list_runs_the_same_queries_for_10_and_100_surveys(client, reception):
    client.force_login(reception)

    def add(count):
        SurveyFactory.create_batch(count, kind=SurveyKind.FIELD)

    url = reverse("surveys:entry_index")
    ten, hundred = counts_for_10_and_100(client, url, add, context_length("surveys"))
    assert hundred == ten


def test_the_supervisory_visits_run_the_same_queries_for_10_and_100_visits(client, manager, contact_officer):
    client.force_login(manager)

    def add(count):
        SupervisoryVisit.objects.bulk_create(
            SupervisoryVisit(
                office=f"مكتب {index}",
                visit_date=timezone.localdate(),
                visitor=contact_officer,
                scores={"reception": 4, "records": 3},
                findings="الملفات مرتبة.",
                recorded_by=manager,
                recorded_at=timezone.now(),
            )
            for index in range(count)
        )

    ten, hundred = counts_for_10_and_100(client, reverse("surveys:visits"), add, context_length("visits"))
    assert hundred == ten


def test_the_supervision_notes_run_the_same_queries_for_10_and_100_notes(client, manager, contact_officer):
    client.force_login(manager)

    def add(count):
        SupervisionNote.objects.bulk_create(
            SupervisionNote(
                officer=contact_officer,
                noted_on=timezone.localdate(),
                topic=f"متابعة {index}",
                note="تأخر الرد على المستفيدين.",
                written_by=manager,
                written_at=timezone.now(),
            )
            for index in range(count)
        )

    ten, hundred = counts_for_10_and_100(client, reverse("surveys:notes"), add, context_length("notes"))
    assert hundred == ten


def _draws(count, survey, drawn_by):
    SampleDraw.objects.bulk_create(
        SampleDraw(
            survey=survey,
            drawn_by=drawn_by,
            drawn_at=timezone.now(),
            seed=f"seed-{index}",
            population_size=200,
            sample_size=20,
        )
        for index in range(count)
    )


def test_the_sample_draws_run_the_same_queries_for_10_and_100_draws(client, manager):
    survey = SurveyFactory(kind=SurveyKind.PERIODIC)
    client.force_login(manager)
    url = reverse("surveys:sample_draw")
    ten, hundred = counts_for_10_and_100(
        client, url, lambda count: _draws(count, survey, manager), context_length("draws"), page_size=20
    )
    assert hundred == ten


def test_a_sample_draw_runs_the_same_queries_for_10_and_100_people_drawn(client, manager, category):
    survey = SurveyFactory(kind=SurveyKind.PERIODIC)
    _draws(1, survey, manager)
    draw = SampleDraw.objects.get()
    client.force_login(manager)

    def add(count):
        for person in BeneficiaryFactory.create_batch(count, category=category):
            InvitationFactory(survey=survey, sample=draw, beneficiary=person, channel="sms")

    url = reverse("surveys:sample_detail", args=[draw.pk])
    ten, hundred = counts_for_10_and_100(client, url, add, context_length("invitations"))
    assert hundred == ten


# --- Policies --------------------------------------------------------------------------------------


def test_my_policies_run_the_same_queries_for_10_and_100_policies(client, reception):
    admin_user = UserFactory(role=Role.ADMIN)
    client.force_login(reception)

    def add(count):
        for _index in range(count):
            version_in_force(actor=admin_user, requires_signoff=True)

    ten, hundred = counts_for_10_and_100(client, reverse("policies:my_policies"), add, context_length("rows"))
    assert hundred == ten


def test_the_drafts_to_publish_run_the_same_queries_for_10_and_100_drafts(client, manager):
    client.force_login(manager)

    def add(count):
        PolicyVersionFactory.create_batch(count, approved=True)

    ten, hundred = counts_for_10_and_100(client, reverse("policies:publishing"), add, context_length("drafts"))
    assert hundred == ten


def test_the_public_policy_page_runs_the_same_queries_for_10_and_100_policies(client):
    admin_user = UserFactory(role=Role.ADMIN)

    def add(count):
        for _index in range(count):
            version_in_force(actor=admin_user, is_public=True)

    url = reverse("policies:public_index")
    ten, hundred = counts_for_10_and_100(client, url, add, context_length("policies"))
    assert hundred == ten


# --- The admin lists of the project's own models --------------------------------------------------


def _beneficiaries(count):
    return BeneficiaryFactory.create_batch(count, category=CategoryFactory())


def _staff(count):
    return UserFactory.create_batch(count)


def _document_types(count):
    start = DocumentType.objects.count()
    DocumentType.objects.bulk_create(
        DocumentType(code=f"qc_type_{start + index}", name=f"نوع {start + index}") for index in range(count)
    )


def _documents(count):
    DocumentFactory.create_batch(count, beneficiary=BeneficiaryFactory())


def _interactions(count):
    InteractionFactory.create_batch(count, beneficiary=BeneficiaryFactory(), recorded_by=UserFactory())


def _change_requests(count):
    ChangeRequestFactory.create_batch(count, beneficiary=BeneficiaryFactory(), received_by=UserFactory())


def _access_logs(count):
    user, person = UserFactory(), BeneficiaryFactory()
    BeneficiaryAccessLog.objects.bulk_create(
        BeneficiaryAccessLog(user=user, beneficiary=person, action="view") for _index in range(count)
    )


def _consents(count):
    now = timezone.now()
    Consent.objects.bulk_create(
        Consent(beneficiary=person, purpose="services", status="granted", channel="in_person", granted_at=now)
        for person in _beneficiaries(count)
    )


def _erasure_requests(count):
    now = timezone.now()
    decided_by = UserFactory()
    ErasureRequest.objects.bulk_create(
        ErasureRequest(
            beneficiary=person,
            channel="in_person",
            status="refused",
            decided_by=decided_by,
            decided_at=now,
            decision_note="سجل مطلوب نظاماً",
        )
        for person in _beneficiaries(count)
    )


def _service_types(count):
    ServiceTypeFactory.create_batch(count)


def _support_requests(count):
    _requests(count, reception=UserFactory(role=Role.RECEPTION), service_type=ServiceTypeFactory())


def _committees(count):
    CommitteeFactory.create_batch(count)


def _recusals(count):
    member = UserFactory(role=Role.COMMITTEE_MEMBER)
    Recusal.objects.bulk_create(
        Recusal(member=member, beneficiary=person, reason="قريب من الدرجة الأولى") for person in _beneficiaries(count)
    )


def _votes(count):
    meeting = Meeting.objects.create(committee=CommitteeFactory(), number=1, date=timezone.localdate())
    item = AgendaItem.objects.create(meeting=meeting, request=make_support_request())
    MemberVote.objects.bulk_create(MemberVote(item=item, member=member, vote=Vote.FOR) for member in _staff(count))


def _complaint_categories(count):
    start = ComplaintCategory.objects.count()
    ComplaintCategory.objects.bulk_create(
        ComplaintCategory(code=f"qc_{start + index}", name=f"فئة {start + index}") for index in range(count)
    )


def _complaints(count):
    ComplaintFactory.create_batch(count)


def _compensation_files(count):
    approver = UserFactory()
    complaints = ComplaintFactory.create_batch(count)
    CompensationFile.objects.bulk_create(
        CompensationFile(complaint=complaint, approved_by=approver) for complaint in complaints
    )


def _escalations(count):
    ComplaintEscalation.objects.bulk_create(
        ComplaintEscalation(complaint=complaint, kind="overdue", deadline="resolve", due_date=timezone.localdate())
        for complaint in ComplaintFactory.create_batch(count)
    )


def _message_templates(count):
    taken = set(MessageTemplate.objects.values_list("event", "language", "channel"))
    free = (
        combination
        for combination in itertools.product(MessageEvent.values, Language.values, ["", *MessageChannel.values])
        if combination not in taken
    )
    editor = UserFactory()
    MessageTemplate.objects.bulk_create(
        MessageTemplate(event=event, language=language, channel=channel, subject="موضوع", body="نص", updated_by=editor)
        for event, language, channel in itertools.islice(free, count)
    )


def _messages(count):
    MessageFactory.create_batch(count, recipient=BeneficiaryFactory())


def _failed_messages(count):
    MessageFactory.create_batch(count, recipient=BeneficiaryFactory(), failed=True)


def _staff_tasks(count):
    StaffTaskFactory.create_batch(count, message__recipient=BeneficiaryFactory(), completed_by=UserFactory())


def _surveys(count):
    SurveyFactory.create_batch(count)


def _invitations(count):
    InvitationFactory.create_batch(count, survey=SurveyFactory())


def _sample_draws(count):
    _draws(count, SurveyFactory(kind=SurveyKind.PERIODIC), UserFactory())


def _visits(count):
    visitor = UserFactory()
    SupervisoryVisit.objects.bulk_create(
        SupervisoryVisit(
            office="مكتب الرياض",
            visit_date=timezone.localdate(),
            visitor=visitor,
            scores={"reception": 4},
            findings="لا ملاحظات.",
            recorded_by=visitor,
            recorded_at=timezone.now(),
        )
        for _index in range(count)
    )


def _supervision_notes(count):
    officer, writer = UserFactory(), UserFactory()
    SupervisionNote.objects.bulk_create(
        SupervisionNote(
            officer=officer,
            noted_on=timezone.localdate(),
            topic="متابعة",
            note="تأخر الرد.",
            written_by=writer,
            written_at=timezone.now(),
        )
        for _index in range(count)
    )


def _categories(count):
    CategoryFactory.create_batch(count)


def _contact_officers(count):
    ContactOfficerFactory.create_batch(count)


def _closures(count):
    first = timezone.localdate()
    Closure.objects.bulk_create(
        Closure(name=f"إجازة {index}", start_date=first + timedelta(days=index), end_date=first + timedelta(days=index))
        for index in range(count)
    )


def _policy_documents(count):
    for document in PolicyDocumentFactory.create_batch(count):
        PolicyVersionFactory(document=document)


def _policy_versions(count):
    PolicyVersionFactory.create_batch(count)


def _policy_attachments(count):
    version = PolicyVersionFactory()
    PolicyAttachment.objects.bulk_create(
        PolicyAttachment(
            version=version,
            title=f"نموذج {index}",
            file=f"policies/form-{index}.pdf",
            original_name=f"form-{index}.pdf",
            content_type="application/pdf",
            size=1024,
        )
        for index in range(count)
    )


def _signoffs(count):
    # Staff sign different policies: the list's filter names each version (and its document).
    PolicySignOff.objects.bulk_create(
        PolicySignOff(
            version=PolicyVersionFactory(),
            user=user,
            signed_at=timezone.now(),
            read_confirmed=True,
            confidentiality_pledged=True,
            pledge_text="أتعهد بالمحافظة على السرية.",
        )
        for user in _staff(count)
    )


def _reminders(count):
    version, sender = PolicyVersionFactory(), UserFactory()
    SignOffReminder.objects.bulk_create(
        SignOffReminder(version=version, user=user, sent_by=sender, sent_at=timezone.now()) for user in _staff(count)
    )


ADMIN_LISTS = {
    "beneficiaries_beneficiary": _beneficiaries,
    "beneficiaries_documenttype": _document_types,
    "beneficiaries_document": _documents,
    "beneficiaries_interaction": _interactions,
    "beneficiaries_changerequest": _change_requests,
    "beneficiaries_beneficiaryaccesslog": _access_logs,
    "beneficiaries_consent": _consents,
    "beneficiaries_erasurerequest": _erasure_requests,
    "beneficiaries_databreach": lambda count: _breaches(count, UserFactory()),
    "requests_app_servicetype": _service_types,
    "requests_app_supportrequest": _support_requests,
    "requests_app_committee": _committees,
    "requests_app_membervote": _votes,
    "requests_app_recusal": _recusals,
    "complaints_complaintcategory": _complaint_categories,
    "complaints_complaint": _complaints,
    "complaints_compensationfile": _compensation_files,
    "complaints_complaintescalation": _escalations,
    "notifications_messagetemplate": _message_templates,
    "notifications_message": _messages,
    "notifications_failedmessage": _failed_messages,
    "notifications_stafftask": _staff_tasks,
    "surveys_survey": _surveys,
    "surveys_invitation": _invitations,
    "surveys_sampledraw": _sample_draws,
    "surveys_supervisoryvisit": _visits,
    "surveys_supervisionnote": _supervision_notes,
    "policies_beneficiarycategory": _categories,
    "policies_contactofficer": _contact_officers,
    "policies_closure": _closures,
    "policies_policydocument": _policy_documents,
    "policies_policyversion": _policy_versions,
    "policies_policyattachment": _policy_attachments,
    "policies_policysignoff": _signoffs,
    "policies_signoffreminder": _reminders,
}


@pytest.mark.parametrize("model", list(ADMIN_LISTS))
def test_each_admin_list_runs_the_same_queries_for_10_and_100_rows(client, model):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    def shown(response):
        return len(response.context["cl"].result_list)

    url = reverse(f"admin:{model}_changelist")
    ten, hundred = counts_for_10_and_100(client, url, ADMIN_LISTS[model], shown)
    assert hundred == ten
