"""Generated inputs posted to every public form: no server error, no partial record, every refusal explained.

SILAH_FUZZ_EXAMPLES sets how many inputs each form gets: 1,000 in `make test` (about 0.04 s of CPU
per input and form), 10,000 with `make fuzz`; CI's counts are in .ci/run.
Rate limits are off here: thousands of posts come from one address.
"""

import os
import time
import uuid

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from factories import ServiceTypeFactory, saudi_identity_number
from factories.complaints import category as complaint_category
from factories.surveys import InvitationFactory, survey_with_questions
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from complaints.models import Complaint
from requests_app.models import SupportRequest
from surveys.models import QuestionType, Response

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SILAH_FUZZ_EXAMPLES", "1000"))
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Everything a record is made of: a refused post must leave every one of these tables as it was.
COUNTED_APPS = ("beneficiaries", "requests_app", "complaints", "surveys", "notifications")

# Anything at all, including what breaks parsers: control characters, NUL, very long strings.
JUNK = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.sampled_from(["\x00", "' OR 1=1 --", "<script>alert(1)</script>", "٠٥٥١٢٣٤٥٦٧", "9" * 500, "-1", "1e309"]),
)


def value(*plausible):
    """A field's value: plausible most of the time, junk or empty otherwise, or the field left out."""
    return st.one_of(st.sampled_from(plausible), st.sampled_from(plausible), JUNK, st.just(""), st.none())


def form_data(fields: dict) -> st.SearchStrategy:
    return st.fixed_dictionaries(fields).map(lambda data: {key: val for key, val in data.items() if val is not None})


def counted_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for label in COUNTED_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    )


def table_counts() -> dict[str, int]:
    """Rows in every table of the domain apps, in one query (this runs twice per generated input)."""
    tables = counted_tables()
    quote = connection.ops.quote_name
    # Table names come from the models, quoted by the backend: nothing typed by a user.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed(before: dict, after: dict) -> dict:
    return {label: (before[label], after[label]) for label in before if before[label] != after[label]}


def shows_a_reason(response) -> bool:
    """The page explains the refusal: errors on the form, or the tracking page's "not found"."""
    context = response.context
    if context is None:
        return False
    form = context.get("form")
    return bool((form is not None and form.errors) or context.get("not_found"))


@pytest.fixture
def fuzz_settings(settings):
    settings.PUBLIC_RATE_LIMITS_ENABLED = False
    settings.MALWARE_SCAN = "off"


@pytest.fixture
def timing(request):
    started = time.monotonic()
    yield
    elapsed = time.monotonic() - started
    print(f"\n{request.node.name}: {EXAMPLES} inputs in {elapsed:.1f} s")


def check_post(client, url, data, main_model):
    before = table_counts()
    response = client.post(url, data)
    assert response.status_code < 500
    after = table_counts()
    if response.status_code == 302:
        # Accepted: exactly one new record of the form's own kind, nothing half-made.
        if main_model is not None:
            assert after[main_model._meta.db_table] == before[main_model._meta.db_table] + 1
    else:
        assert changed(before, after) == {}, data
        assert shows_a_reason(response), data
    return response


def test_the_online_request_form_survives_generated_inputs(client, category, fuzz_settings, timing):
    service = ServiceTypeFactory(categories=[category])
    url = reverse("public_requests:apply")
    ids = st.integers(min_value=0, max_value=99_999_999).map(lambda n: saudi_identity_number("1", n))
    strategy = form_data(
        {
            "submission_key": st.one_of(st.builds(lambda: str(uuid.uuid4())), JUNK, st.none()),
            "service_type": value(str(service.pk), "999999"),
            "identity_type": value("national_id", "iqama", "passport", "border_number"),
            "identity_number": st.one_of(ids, ids, JUNK, st.none()),
            "identity_expiry_date": value("2031-05-01", "2001-01-01", "2031-02-30"),
            "first_name": value("سارة"),
            "father_name": value("عبدالرحمن"),
            "grandfather_name": value("حمد"),
            "family_name": value("العنزي"),
            "gender": value("female", "male"),
            "birth_date": value("1988-02-11", "2100-01-01"),
            "nationality": value("سعودية"),
            "marital_status": value("widowed", "married"),
            "category": value(str(category.pk), "0"),
            "mobile": value("0551234567", "+966551234567", "0123"),
            "email": value("", "a@example.org", "not-an-email"),
            "city": value("الرياض"),
            "district": value("السويدي"),
            "need_description": value("مساعدة في سداد إيجار المنزل"),
            "reason": value("توفي زوجي وانقطع دخل الأسرة"),
            "amount_requested": value("2500", "-5", "999999999999", "NaN"),
            "acknowledge_duties": value("on"),
        }
    )

    @FUZZ
    @given(data=strategy)
    def post(data):
        check_post(client, url, data, SupportRequest)

    post()


def test_the_public_complaint_form_survives_generated_inputs(client, db, fuzz_settings, timing):
    url = reverse("public_complaints:new")
    strategy = form_data(
        {
            "submission_token": st.one_of(st.builds(lambda: str(uuid.uuid4())), JUNK, st.none()),
            "kind": value("complaint", "inquiry", "suggestion"),
            "category": value(str(complaint_category("service_quality").pk), "0"),
            "subject": value("تأخر الرد على طلبي"),
            "description": value("قدمت طلب مساعدة منذ شهر ولم يصلني أي رد."),
            "is_anonymous": value("on", ""),
            "complainant_name": value("مريم ناصر الدوسري"),
            "complainant_identity_number": value("", "1000000008", "1000000009"),
            "complainant_mobile": value("0551234567", "12"),
            "complainant_email": value("", "m@example.org", "bad@"),
            "contact_channel": value("sms", "email", "phone"),
            "website": st.one_of(st.just(""), st.just(""), JUNK),
        }
    )

    @FUZZ
    @given(data=strategy)
    def post(data):
        # The hidden "website" field is a robot trap: the form pretends to accept and keeps nothing.
        main = Complaint if not data.get("website") else None
        check_post(client, url, data, main)

    post()


@pytest.mark.parametrize(
    ("url_name", "fields"),
    [
        (
            "public_requests:track",
            {"tracking_code": value("ABCDE-FGHIJ", "1448-000001"), "id_last_digits": value("1234")},
        ),
        ("public_complaints:track", {"code": value("AAAA-BBBB-CCCC", "aaaa bbbb cccc")}),
    ],
)
def test_the_tracking_pages_survive_generated_inputs(client, db, fuzz_settings, timing, url_name, fields):
    url = reverse(url_name)

    @FUZZ
    @given(data=form_data(fields))
    def post(data):
        before = table_counts()
        response = client.post(url, data)
        assert response.status_code < 500
        # A look-up never writes, and never finds anything with made-up codes: it must say so.
        assert changed(before, table_counts()) == {}
        assert shows_a_reason(response), data

    post()


def test_the_survey_answer_page_survives_generated_inputs(client, db, fuzz_settings, timing):
    survey = survey_with_questions()
    questions = list(survey.questions.order_by("order"))
    plausible = {
        QuestionType.RATING: ("1", "5"),
        QuestionType.NPS: ("0", "10"),
        QuestionType.YES_NO: ("0", "1"),
        QuestionType.SINGLE_CHOICE: ("0", "2"),
        QuestionType.MULTIPLE_CHOICE: ("0", "1"),
        QuestionType.FREE_TEXT: ("شكراً",),
    }
    fields = {f"q{question.pk}": value(*plausible[question.type]) for question in questions}
    fields["consent_to_link"] = value("on")
    fields["action"] = st.one_of(st.just("send"), st.none(), JUNK)
    fields["step"] = st.one_of(st.just("0"), st.none(), JUNK)

    @FUZZ
    @given(data=form_data(fields))
    def post(data):
        invitation = InvitationFactory(survey=survey)
        url = reverse("public_surveys:answer", args=[invitation.token])
        action = data.get("action", "send")
        if action in ("back", "next"):
            data["action"] = "send"
        check_post(client, url, data, Response)

    post()
