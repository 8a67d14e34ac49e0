"""Satisfaction surveys: after-service and after-complaint invitations and the answers people gave."""

from datetime import datetime, time, timedelta

from bench.fill import names
from bench.fill.base import Context, insert, next_id
from surveys.models import Answer, Invitation, Question, Response, Survey
from surveys.services.tallies import survey_tallies_rebuild

RESPONSES = 100_000
# Of the responses: after a service (through an invitation), after a complaint, the periodic questionnaire.
SHARES = {"after_service": 0.6, "after_complaint": 0.1, "periodic": 0.3}
CONSENT = 0.7
# How invitations reach people (most by text message), and how periodic answers come in.
INVITATION_CHANNELS = ("sms", "sms", "sms", "email")
PERIODIC_CHANNELS = ("sms", "email", "letter")
QUESTIONS = (
    ("rating_1_5", "ما مدى رضاك عن الخدمة المقدمة؟", []),
    ("rating_1_5", "ما مدى رضاك عن تعامل الموظفين؟", []),
    ("nps_0_10", "ما احتمال أن توصي بالجمعية لغيرك؟", []),
    ("yes_no", "هل تم الرد عليك في الوقت المحدد؟", []),
    ("single_choice", "كيف عرفت عن خدمات الجمعية؟", ["الأقارب", "وسائل التواصل", "الموقع الإلكتروني", "أخرى"]),
    ("free_text", "ملاحظات واقتراحات", []),
)
TITLES = {
    "after_service": "استبانة الرضا بعد تقديم الخدمة",
    "after_complaint": "استبانة الرضا عن معالجة الشكوى",
    "periodic": "الاستبانة الدورية لقياس رضا المستفيدين",
}


def make_surveys(ctx: Context) -> None:
    rng = ctx.rng
    total = ctx.n(RESPONSES)
    surveys = {}
    for kind, title in TITLES.items():
        survey, created = Survey.objects.get_or_create(
            title=title, kind=kind, defaults={"active_from": ctx.year_start, "invitation_valid_days": 14}
        )
        if created:
            for order, (qtype, text, choices) in enumerate(QUESTIONS, start=1):
                Question.objects.create(
                    survey=survey, order=order, type=qtype, text=text, choices=choices, required=qtype != "free_text"
                )
        surveys[kind] = (survey, list(survey.questions.order_by("order")))
    delivered = [r for r in ctx.requests if r.delivered_at]
    service_n = min(round(total * SHARES["after_service"]), len(delivered))
    complaint_n = min(round(total * SHARES["after_complaint"]), ctx.counts.get("complaints.Complaint", 0))
    periodic_n = total - service_n - complaint_n
    ids = {model: next_id(model) for model in (Invitation, Response, Answer)}
    # The coarse facts a response keeps for the results by service, category and channel.
    from beneficiaries.models import Beneficiary
    from requests_app.models import SupportRequest

    service_of = dict(SupportRequest.objects.values_list("pk", "service_type_id"))
    category_of = dict(Beneficiary.objects.values_list("pk", "category_id"))
    invitations, responses, answers = [], [], []
    # Every delivered request gets its invitation; some of them answer.
    sources = [("after_service", r.pk, None, r.beneficiary_id, r.delivered_at) for r in delivered]
    from complaints.models import Complaint

    # This run's complaints only: a second run on the same database must not invite twice.
    closed = Complaint.objects.filter(
        pk__gte=ctx.first_complaint_id, status="closed", beneficiary__isnull=False
    ).values_list("pk", "beneficiary_id", "closed_at")
    sources += [("after_complaint", None, pk, beneficiary_id, at) for pk, beneficiary_id, at in closed]
    wanted = {"after_service": service_n, "after_complaint": complaint_n}
    for kind, request_id, complaint_id, beneficiary_id, sent in sources:
        survey, questions = surveys[kind]
        invitation = Invitation(
            pk=ids[Invitation],
            survey=survey,
            beneficiary_id=beneficiary_id,
            support_request_id=request_id,
            complaint_id=complaint_id,
            token=f"{rng.getrandbits(160):040x}",
            created_at=sent,
            expires_at=sent + timedelta(days=survey.invitation_valid_days),
            channel=rng.choice(INVITATION_CHANNELS),
        )
        ids[Invitation] += 1
        if wanted[kind] > 0:
            wanted[kind] -= 1
            answered = sent + timedelta(hours=rng.randint(1, 72))
            invitation.used_at = answered
            consent = rng.random() < CONSENT
            facts = {
                "channel": invitation.channel,
                "service_type_id": service_of.get(request_id),
                "category_id": category_of.get(beneficiary_id),
            }
            _respond(ctx, ids, responses, answers, survey, questions, answered, invitation if consent else None, facts)
        invitations.append(invitation)
    for _index in range(periodic_n):
        survey, questions = surveys["periodic"]
        day = ctx.year_start + timedelta(days=rng.randint(0, 364))
        moment = datetime.combine(day, time(12), tzinfo=ctx.tz)
        facts = {"channel": rng.choice(PERIODIC_CHANNELS)}
        _respond(ctx, ids, responses, answers, survey, questions, moment, None, facts)
    insert(ctx, Invitation, invitations)
    insert(ctx, Response, responses)
    insert(ctx, Answer, answers)
    # Answers written without the portal's service: count them as the rebuild command would.
    survey_tallies_rebuild()


def _respond(ctx, ids, responses, answers, survey, questions, answered, invitation, facts: dict) -> None:
    rng = ctx.rng
    response = Response(
        pk=ids[Response],
        survey=survey,
        submitted_on=answered.astimezone(ctx.tz).date(),
        consent_to_link=invitation is not None,
        invitation=invitation,
        beneficiary_id=invitation.beneficiary_id if invitation else None,
        **facts,
    )
    ids[Response] += 1
    responses.append(response)
    happy = rng.random() < 0.8
    for question in questions:
        number, text = None, ""
        if question.type == "rating_1_5":
            number = rng.choice((4, 5, 5)) if happy else rng.randint(1, 3)
        elif question.type == "nps_0_10":
            number = rng.randint(8, 10) if happy else rng.randint(0, 7)
        elif question.type == "yes_no":
            number = 1 if happy else 0
        elif question.type == "single_choice":
            number = rng.randrange(len(question.choices))
        elif question.type == "free_text":
            if rng.random() > 0.2:
                continue
            text = rng.choice(names.COMMENTS)
        answers.append(Answer(pk=ids[Answer], response_id=response.pk, question=question, number=number, text=text))
        ids[Answer] += 1
