"""One object of every kind a URL of the portal points at, and one staff member per role."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django_otp.plugins.otp_totp.models import TOTPDevice
from factories import (
    PDF,
    BeneficiaryFactory,
    ChangeRequestFactory,
    ContactOfficerFactory,
    DocumentFactory,
    HouseholdMemberFactory,
    ReferredInquiryFactory,
    ServiceTypeFactory,
    UserFactory,
    make_support_request,
)
from factories.committee import make_committee, make_meeting
from factories.complaints import ComplaintFactory
from factories.notifications import MessageFactory, StaffTaskFactory
from factories.policies import version_in_force
from factories.requests import Staff, advance_request
from factories.surveys import InvitationFactory, survey_with_questions

from complaints.models import ComplaintAttachment
from notifications.models import StaffNotification
from policies.models import PolicyAttachment
from policies.roles import Role

NO_ROLE = "no_role"
ANONYMOUS = "anonymous"
PRINCIPALS = [*Role.values, NO_ROLE, ANONYMOUS]
# The roles that use the admin screens (beneficiaries/demo.py DEMO_USERS): is_staff.
ADMIN_USERS = {Role.COMMITTEE_MEMBER, Role.COMMITTEE_SECRETARY, Role.MANAGER, Role.ADMIN}


@dataclass
class World:
    users: dict
    objects: dict = field(default_factory=dict)


def build_world(category) -> World:
    users = {
        role: UserFactory(role=role, username=f"matrix_{role}", is_staff=role in ADMIN_USERS) for role in Role.values
    }
    users[NO_ROLE] = UserFactory(username="matrix_no_role")
    users[ANONYMOUS] = None
    ContactOfficerFactory(category=category, user=users[Role.CONTACT_OFFICER])

    staff = Staff()
    staff._users.update({role: users[role] for role in Role.values})
    beneficiary = BeneficiaryFactory(category=category)
    request = make_support_request(
        actor=users[Role.RECEPTION], beneficiary=beneficiary, service_type=ServiceTypeFactory(categories=[category])
    )
    request.assigned_researcher = None
    advance_request(request, "under_research", staff=staff)
    request.refresh_from_db()
    setup = make_committee(secretary=users[Role.COMMITTEE_SECRETARY])
    setup.members.append(users[Role.COMMITTEE_MEMBER])
    from requests_app.committee_models import CommitteeMembership, CommitteeRole

    CommitteeMembership.objects.create(
        committee=setup.committee, user=users[Role.COMMITTEE_MEMBER], role=CommitteeRole.MEMBER
    )
    meeting = make_meeting(setup)
    complaint = ComplaintFactory(beneficiary=beneficiary)
    attachment = ComplaintAttachment(
        complaint=complaint, original_filename="evidence.pdf", size_bytes=len(PDF), content_type="application/pdf"
    )
    attachment.file.save("evidence.pdf", ContentFile(PDF), save=False)
    attachment.save()
    version = version_in_force(actor=users[Role.ADMIN], slug="matrix-policy")
    policy_file = PolicyAttachment(
        version=version,
        title="نموذج",
        original_name="form.pdf",
        size=len(PDF),
        is_public=True,
        content_type="application/pdf",
    )
    policy_file.file.save("form.pdf", ContentFile(PDF), save=False)
    policy_file.save()
    survey = survey_with_questions()
    invitation = InvitationFactory(survey=survey)
    message = MessageFactory(recipient=beneficiary, failed=True)
    task = StaffTaskFactory(message=MessageFactory(recipient=beneficiary, letter=True))
    notification = StaffNotification.objects.create(user=users[Role.RECEPTION], title="تنبيه")
    device = TOTPDevice.objects.create(user=users[Role.MANAGER], name="هاتف", confirmed=True)
    objects = {
        "beneficiary": beneficiary,
        "member": HouseholdMemberFactory(beneficiary=beneficiary),
        "document": DocumentFactory(beneficiary=beneficiary),
        "inquiry": ReferredInquiryFactory(beneficiary=beneficiary, referred_to=users[Role.SOCIAL_RESEARCHER]),
        "change": ChangeRequestFactory(
            beneficiary=beneficiary, received_by=UserFactory(role=Role.RECEPTION, username="matrix_colleague")
        ),
        "request": request,
        "declaration": request.declarations.first(),
        "meeting": meeting,
        "complaint": complaint,
        "complaint_attachment": attachment,
        "version": version,
        "policy_attachment": policy_file,
        "survey": survey,
        "invitation": invitation,
        "message": message,
        "task": task,
        "notification": notification,
        "device": device,
        "user": get_user_model().objects.get(username="matrix_no_role"),
    }
    return World(users=users, objects=objects)
