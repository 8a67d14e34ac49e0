"""Every figure of the managers' dashboard on a small known month (tests/reports/dashboard_data.py)."""

from datetime import date
from decimal import Decimal

import pytest

from policies.choices import Channel
from reports.dashboard import ReportPeriod, dashboard, last_month, weighted_percentile
from tests.reports.dashboard_data import EXPECTED, EXPECTED_A

pytestmark = pytest.mark.django_db

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture
def figures(october):
    return dashboard(period=ReportPeriod(*OCTOBER))


@pytest.fixture
def figures_a(october):
    return dashboard(period=ReportPeriod(*OCTOBER, category=october.category_a))


def flow_of(figures) -> dict:
    flow, times = figures.flow, figures.decision_times
    return {
        "received": flow.received,
        "completed": flow.completed,
        "decided": flow.decided,
        "delivered": flow.delivered,
        "within": flow.decided_within_deadline,
        "within_percent": flow.within_deadline_percent,
        "median": times.median,
        "p90": times.p90,
    }


def test_requests_received_completed_decided_and_delivered_in_october_and_the_share_in_time(figures):
    assert flow_of(figures) == EXPECTED


def test_a_category_counts_only_the_requests_of_its_beneficiaries(figures_a):
    assert flow_of(figures_a) == EXPECTED_A


def test_working_days_to_decide_skip_the_weekend_and_national_day(figures):
    assert figures.decision_times.distribution == [(5, 1), (8, 1), (20, 1)]


def test_percentiles_interpolate_between_neighbours_like_percentile_cont():
    assert weighted_percentile([(2, 1), (4, 1)], 0.5) == 3.0
    assert weighted_percentile([(5, 3), (9, 1)], 0.5) == 5.0
    assert (
        weighted_percentile([(1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1), (8, 1), (9, 1), (10, 1)], 0.9)
        == 9.1
    )
    assert weighted_percentile([], 0.5) is None


def test_open_requests_are_counted_today_by_status_and_days_since_receipt(figures):
    open_requests = figures.open_requests
    # R5 (34 days) and R6 (3 days) are drafts; R4 (43 days) is under research.
    assert [(row.status, row.bands, row.total) for row in open_requests.rows] == [
        ("draft", [1, 0, 1, 0], 2),
        ("under_research", [0, 0, 1, 0], 1),
    ]
    assert open_requests.band_totals == [1, 0, 2, 0]
    assert open_requests.total == 3


def test_the_overdue_list_gives_each_request_its_working_days_overdue(october, figures):
    assert figures.overdue.total == 1
    [(request, clock)] = figures.overdue.rows
    assert request == october.requests["R4"]
    assert request.due_date == date(2026, 11, 1)
    assert clock.overdue_by == 16


def test_decisions_by_outcome_with_the_amounts_approved_and_the_deferral(figures):
    assert [(row.outcome, row.count, row.amount) for row in figures.outcomes] == [
        ("approved", 1, Decimal("1000.00")),
        ("partially_approved", 1, Decimal("600.00")),
        ("rejected", 1, None),
        ("deferred", 1, None),
    ]


def test_amounts_by_service_type_approved_and_delivered(figures):
    assert [
        (row.name, row.decided, row.approved, row.approved_amount, row.delivered, row.delivered_amount)
        for row in figures.service_amounts
    ] == [
        ("سلة غذائية", 2, 1, Decimal("1000.00"), 1, Decimal("1000.00")),
        ("مساعدة إيجار", 1, 1, Decimal("600.00"), 0, Decimal("0.00")),
    ]
    totals = figures.service_totals
    assert (totals.decided, totals.approved_amount) == (3, Decimal("1600.00"))
    assert totals.delivered_amount == Decimal("1000.00")


def test_complaints_by_category_with_the_hours_to_acknowledge_and_days_to_resolve(figures):
    complaints = figures.complaints
    assert [
        (row.label, row.received, row.open, row.resolved, row.acknowledge_hours, row.resolve_days)
        for row in complaints.by_category
    ] == [
        ("جودة الخدمة", 2, 1, 1, 6.0, 4.0),
        ("تأخر في الإجراءات", 1, 1, 0, 24.0, None),
    ]
    total = complaints.total
    assert (total.received, total.open, total.resolved, total.acknowledge_hours, total.resolve_days) == (
        3,
        2,
        1,
        15.0,
        4.0,
    )


def test_complaints_by_channel(figures):
    assert [(row.label, row.received) for row in figures.complaints.by_channel] == [
        ("اتصال هاتفي", 2),
        ("الموقع الإلكتروني", 1),
    ]


def test_a_category_leaves_out_anonymous_complaints_and_those_of_other_categories(figures_a):
    assert [(row.label, row.received) for row in figures_a.complaints.by_category] == [("جودة الخدمة", 1)]


def test_satisfaction_score_and_nps_of_the_period(figures):
    period = figures.satisfaction.period
    # Ratings 5, 4, 2: two of three satisfied. Recommendation 10, 6, 9: two promoters, one detractor.
    assert (period.ratings, period.satisfaction_percent) == (3, 66.7)
    assert (period.nps_answers, period.nps) == (3, 33.3)


def test_the_satisfaction_trend_shows_six_months_up_to_the_period_end(figures):
    trend = figures.satisfaction.trend
    assert [point.month for point in trend] == [date(2026, month, 1) for month in range(5, 11)]
    september, october = trend[-2], trend[-1]
    assert (september.satisfaction_percent, september.nps) == (0.0, -100.0)
    assert (october.satisfaction_percent, october.nps) == (66.7, 33.3)
    assert all(point.ratings == 0 and point.nps is None for point in trend[:4])


def test_policy_sign_off_compliance_counts_who_must_sign_and_who_has(figures):
    signoff = figures.signoff
    assert [(row.signed, row.total, row.percent) for row in signoff.rows] == [(1, 2, 50.0)]
    assert signoff.percent == 50.0


def test_use_of_each_channel_counts_requests_complaints_and_inbound_contacts(figures):
    rows = {row.channel: (row.requests, row.complaints, row.interactions, row.total) for row in figures.channels}
    assert rows[Channel.IN_PERSON] == (3, 0, 0, 3)
    assert rows[Channel.PHONE] == (1, 2, 1, 4)
    assert rows[Channel.WEBSITE] == (1, 1, 0, 2)
    # Offered by default but unused: listed with zeros. Not offered and unused (fax): not listed.
    assert rows[Channel.LETTER] == (0, 0, 0, 0)
    assert Channel.FAX not in rows


def test_an_empty_period_gives_zeros_and_no_percentages(db):
    figures = dashboard(period=ReportPeriod(date(2025, 1, 1), date(2025, 1, 31)))
    assert (figures.flow.received, figures.flow.within_deadline_percent) == (0, None)
    assert (figures.decision_times.median, figures.decision_times.p90) == (None, None)
    assert figures.service_amounts == []
    assert figures.satisfaction.period.nps is None


def test_last_month_is_the_calendar_month_before_today():
    assert last_month(date(2026, 11, 23)) == (date(2026, 10, 1), date(2026, 10, 31))
    assert last_month(date(2026, 1, 5)) == (date(2025, 12, 1), date(2025, 12, 31))
