"""The requests queue's rows look exactly as its template drew them.

``{% request_queue_row %}`` builds a row in Python; these tests hold it to the template markup the
queue used before (kept below), compared with runs of white space taken as one space.
"""

import re
from contextlib import nullcontext
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from factories import BeneficiaryFactory, ServiceTypeFactory, UserFactory
from factories.requests import advance_request, make_support_request
from markup import page_text

from policies.roles import Role
from requests_app.models import RequestStatus, SupportRequest
from requests_app.selectors import ClockState, Queue, clocks_for, support_request_queue

pytestmark = pytest.mark.django_db
S = RequestStatus
RIYADH = ZoneInfo("Asia/Riyadh")

# The loop body of templates/requests_app/queue.html before {% request_queue_row %} replaced it.
TEMPLATE_ROW = Template(
    """{% load i18n silah_dates silah_forms silah_lists support_requests %}
    <tr>
      <td><a href="{% row_url 'requests_app:detail' row.pk %}" class="fw-medium ltr-number">{{ row.reference_number }}</a></td>
      <td>{{ row.beneficiary.full_name }}</td>
      <td class="d-none d-md-table-cell">{{ row.service_type }}</td>
      <td>{{ row|choice_label:"status" }}</td>
      <td>{% request_clock_badge clock %}</td>
      <td class="d-none d-lg-table-cell small">{% if row.due_date %}{{ row.due_date|dual_date }}{% else %}—{% endif %}</td>
      <td class="d-none d-lg-table-cell">{% if row.assigned_researcher %}{{ row.assigned_researcher.get_full_name|default:row.assigned_researcher.username }}{% else %}—{% endif %}</td>
    </tr>"""  # noqa: E501
)
TAG_ROW = Template("{% load support_requests %}{% request_queue_row row clock %}")


@pytest.fixture(autouse=True)
def today(frozen_today):
    return frozen_today.date()


@pytest.fixture
def make_request(staff):
    """A request taken by reception for a beneficiary of its own, driven to ``status`` on ``day``."""

    def make(status, *, day=None, researcher=None, **kwargs):
        on_that_day = time_machine.travel(datetime.combine(day, time(10), RIYADH), tick=False) if day else nullcontext()
        with on_that_day:
            request = make_support_request(
                actor=staff[Role.RECEPTION],
                beneficiary=kwargs.pop("beneficiary", None) or BeneficiaryFactory(),
                service_type=kwargs.pop("service_type", None) or ServiceTypeFactory(),
                **kwargs,
            )
            # advance_request gives the request to the researcher it already has, if any.
            request.assigned_researcher = researcher
            return advance_request(request, status, staff=staff)

    return make


def queue_rows(requests, *, user):
    # As the queue view reads them: the queue's query (only the row's columns, the related records
    # joined) and one calendar for every clock.
    rows = list(support_request_queue(user=user, queue=Queue.ALL).filter(pk__in=[r.pk for r in requests]))
    clocks = clocks_for(rows, today=timezone.localdate())
    assert len(rows) == len(requests)
    return [(row, clocks[row.pk]) for row in rows]


def assert_rows_look_as_the_template_drew_them(requests, language: str, *, user):
    rows = queue_rows(requests, user=user)
    with translation.override(language):
        for row, clock in rows:
            context = Context({"row": row, "clock": clock})
            assert page_text(TAG_ROW.render(context)) == page_text(TEMPLATE_ROW.render(context)), row.reference_number
    return rows


@pytest.mark.parametrize("language", ["ar", "en"])
def test_requests_in_every_status_show_as_before(language, make_request, staff):
    requests = [make_request(status) for status in S.values]
    assert_rows_look_as_the_template_drew_them(requests, language, user=staff[Role.RECEPTION])


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_request_without_a_due_date_and_one_with_it_show_as_before(language, make_request, staff):
    requests = [make_request(S.DRAFT), make_request(S.COMPLETE)]
    rows = assert_rows_look_as_the_template_drew_them(requests, language, user=staff[Role.RECEPTION])
    assert [row.due_date is None for row, _clock in rows] == [False, True]  # the newest first


@pytest.mark.parametrize("language", ["ar", "en"])
def test_requests_with_a_researcher_a_nameless_researcher_and_none_show_as_before(language, make_request, staff):
    named = UserFactory(role=Role.SOCIAL_RESEARCHER, first_name="سارة", last_name="الغامدي")
    nameless = UserFactory(role=Role.SOCIAL_RESEARCHER, first_name="", last_name="")
    requests = [
        make_request(S.UNDER_RESEARCH, researcher=named),
        make_request(S.UNDER_RESEARCH, researcher=nameless),
        make_request(S.COMPLETE),
    ]
    rows = assert_rows_look_as_the_template_drew_them(requests, language, user=staff[Role.RECEPTION])
    assert {row.assigned_researcher.get_full_name() if row.assigned_researcher else None for row, _ in rows} == {
        "سارة الغامدي",
        "",
        None,
    }


def test_a_researcher_without_a_name_is_shown_on_the_queue_by_username(client, make_request, staff):
    nameless = UserFactory(role=Role.SOCIAL_RESEARCHER, first_name="", last_name="", username="researcher.noname")
    make_request(S.UNDER_RESEARCH, researcher=nameless)
    client.force_login(staff[Role.RECEPTION])

    cells = page_text(client.get(reverse("requests_app:queue") + "?queue=all").content.decode()).split("<tbody>")[1]

    assert '<td class="d-none d-lg-table-cell">researcher.noname</td>' in cells


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_light_of_the_clock_shows_as_before(language, make_request, staff):
    requests = [
        make_request(S.DRAFT),  # not started
        make_request(S.COMPLETE),  # on track: completed today
        make_request(S.COMPLETE, day=date(2026, 11, 4)),  # at risk: due Wednesday 25 November
        make_request(S.REFERRED, day=date(2026, 10, 20)),  # overdue
        make_request(S.ON_HOLD),  # paused
        make_request(S.DECIDED),  # stopped
        make_request(S.WITHDRAWN),  # ended
    ]
    rows = assert_rows_look_as_the_template_drew_them(requests, language, user=staff[Role.RECEPTION])
    assert {clock.state for _row, clock in rows} == {
        ClockState.NOT_STARTED,
        ClockState.ON_TRACK,
        ClockState.AT_RISK,
        ClockState.OVERDUE,
        ClockState.PAUSED,
        ClockState.STOPPED,
        ClockState.ENDED,
    }


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_request_paused_after_its_due_date_shows_as_before(language, make_request, staff):
    request = make_request(S.ON_HOLD)
    SupportRequest.objects.filter(pk=request.pk).update(working_days_left_at_pause=-3)
    assert_rows_look_as_the_template_drew_them([request], language, user=staff[Role.RECEPTION])


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_anonymised_beneficiary_shows_as_before(language, make_request, staff):
    request = make_request(S.CLOSED, beneficiary=BeneficiaryFactory(anonymised_at=timezone.now()))
    assert_rows_look_as_the_template_drew_them([request], language, user=staff[Role.RECEPTION])


def test_markup_typed_into_a_name_or_a_service_is_shown_as_text_not_markup(make_request, staff):
    researcher = UserFactory(role=Role.SOCIAL_RESEARCHER, first_name="<i>ريم</i>", last_name='& "quotes"')
    request = make_request(
        S.UNDER_RESEARCH,
        researcher=researcher,
        beneficiary=BeneficiaryFactory(first_name="<b>x</b>"),
        service_type=ServiceTypeFactory(name='<script>alert("x")</script>'),
    )
    [(row, clock)] = assert_rows_look_as_the_template_drew_them([request], "ar", user=staff[Role.RECEPTION])
    html = TAG_ROW.render(Context({"row": row, "clock": clock}))
    assert "<b>" not in html
    assert "<script>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;i&gt;ريم&lt;/i&gt; &amp; &quot;quotes&quot;" in html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_queue_page_shows_the_rows_the_template_drew(language, client, settings, make_request, staff):
    make_request(S.DRAFT)
    make_request(S.UNDER_RESEARCH, researcher=UserFactory(role=Role.SOCIAL_RESEARCHER))
    make_request(S.REFERRED, day=date(2026, 10, 20))
    client.force_login(staff[Role.RECEPTION])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("requests_app:queue") + "?queue=all")
    with translation.override(language):
        body = re.search(r"<tbody>(.*)</tbody>", response.content.decode(), re.S).group(1)
        drawn = "".join(TEMPLATE_ROW.render(Context({"row": r, "clock": c})) for r, c in response.context["rows"])
    assert len(response.context["rows"]) == 3
    assert ("Clock not started" in body) == (language == "en")
    assert page_text(body) == page_text(drawn)
