"""The working-day calendar (R11): the arithmetic, the holidays package's Saudi dates, and the loader.

Dates used below, as holidays 0.109 gives them (Friday–Saturday weekend):
- Founding Day 2025: Saturday 22 February, observed Sunday 23 February; 2027: Monday 22 February.
- Eid al-Fitr 1447 (estimated): Thursday 19 – Sunday 22 March 2026, observed Monday 23 and Tuesday 24 March.
- Eid al-Adha 1447 (estimated): Day of Arafah Tuesday 26 May 2026, Eid 27–29 May, observed Sunday 31 May.
- National Day 2026: Wednesday 23 September.
"""

from datetime import date, timedelta

import pytest

from policies.services import closure_create, holiday_override_create, policy_parameters_update
from policies.working_days import (
    AnnouncedHoliday,
    CalendarRangeError,
    ClosurePeriod,
    DayOffSource,
    OfficialHoliday,
    WorkingCalendar,
    add_working_days,
    build_calendar,
    count_working_days,
    official_holidays,
    package_dates,
)

FRIDAY_SATURDAY = frozenset({4, 5})


def calendar(
    first_day=date(2024, 1, 1),
    last_day=date(2035, 12, 31),
    *,
    weekend=FRIDAY_SATURDAY,
    announced=(),
    closures=(),
) -> WorkingCalendar:
    return build_calendar(
        first_day=first_day, last_day=last_day, weekend=weekend, announced=announced, closures=closures
    )


@pytest.fixture(scope="module")
def saudi_calendar() -> WorkingCalendar:
    return calendar()


# --- What the holidays package returns for Saudi Arabia ----------------------------------------


def test_the_package_gives_eid_al_fitr_1447_as_estimated_days_from_19_to_24_march_2026():
    eid = [day_off for day_off in official_holidays(2026) if day_off.holiday == OfficialHoliday.EID_AL_FITR]

    assert [day_off.day for day_off in eid] == [date(2026, 3, day) for day in range(19, 25)]
    assert all(day_off.estimated for day_off in eid)


def test_the_package_counts_eid_al_fitr_2025_as_confirmed():
    eid = [day_off for day_off in official_holidays(2025) if day_off.holiday == OfficialHoliday.EID_AL_FITR]

    assert [day_off.day for day_off in eid] == [
        date(2025, 3, 30),
        date(2025, 3, 31),
        date(2025, 4, 1),
        date(2025, 4, 2),
    ]
    assert not any(day_off.estimated for day_off in eid)


def test_the_package_puts_the_day_of_arafah_into_the_eid_al_adha_holiday():
    arafah = next(day_off for day_off in official_holidays(2026) if day_off.day == date(2026, 5, 26))

    assert arafah.holiday == OfficialHoliday.EID_AL_ADHA
    assert arafah.name_en == "Day of Arafah (estimated)"


def test_founding_day_and_national_day_are_never_estimated_from_2025_to_2028():
    fixed = [
        day_off
        for year in range(2025, 2029)
        for day_off in official_holidays(year)
        if day_off.holiday in (OfficialHoliday.FOUNDING_DAY, OfficialHoliday.NATIONAL_DAY)
    ]

    assert {day_off.day for day_off in fixed if not day_off.observed} == {
        date(year, month, day) for year in range(2025, 2029) for month, day in ((2, 22), (9, 23))
    }
    assert not any(day_off.estimated for day_off in fixed)


def test_a_founding_day_on_a_saturday_is_observed_on_the_sunday():
    founding_day = [day_off for day_off in official_holidays(2025) if day_off.holiday == OfficialHoliday.FOUNDING_DAY]

    assert [(day_off.day, day_off.observed) for day_off in founding_day] == [
        (date(2025, 2, 22), False),
        (date(2025, 2, 23), True),
    ]


def test_every_holiday_the_package_gives_from_2025_to_2040_is_one_of_the_four_official_holidays():
    holidays_found = {day_off.holiday for year in range(2025, 2041) for day_off in official_holidays(year)}

    assert holidays_found == set(OfficialHoliday.values)


def test_the_package_names_are_arabic_with_an_english_version():
    national_day = next(day_off for day_off in official_holidays(2026) if day_off.day == date(2026, 9, 23))

    assert (national_day.name_ar, national_day.name_en) == ("اليوم الوطني", "National Day Holiday")


def test_the_two_eid_al_fitr_holidays_of_2033_carry_different_hijri_years():
    years = {
        day_off.day.month: day_off.holiday_year
        for day_off in official_holidays(2033)
        if day_off.holiday == OfficialHoliday.EID_AL_FITR
    }

    assert years == {1: 1454, 12: 1455}


def test_the_package_dates_of_an_eid_are_found_by_its_hijri_year():
    assert package_dates(OfficialHoliday.EID_AL_ADHA, 1447) == (
        date(2026, 5, 26),
        date(2026, 5, 27),
        date(2026, 5, 28),
        date(2026, 5, 29),
        date(2026, 5, 31),
    )


# --- Adding working days -------------------------------------------------------------------------


def test_the_completion_day_itself_does_not_count(saudi_calendar):
    assert add_working_days(date(2026, 11, 23), 1, calendar=saudi_calendar) == date(2026, 11, 24)


def test_the_friday_and_saturday_weekend_is_skipped(saudi_calendar):
    assert add_working_days(date(2026, 11, 26), 1, calendar=saudi_calendar) == date(2026, 11, 29)


def test_a_request_completed_on_a_friday_counts_from_sunday(saudi_calendar):
    assert add_working_days(date(2026, 11, 27), 1, calendar=saudi_calendar) == date(2026, 11, 29)


def test_fifteen_working_days_from_17_march_2026_skip_the_estimated_eid_al_fitr(saudi_calendar):
    # One working day (18 March) before the Eid, none from 19 to 24 March, fourteen after it.
    assert saudi_calendar.add_working_days(date(2026, 3, 17), 15) == date(2026, 4, 13)


def test_fifteen_working_days_without_eid_take_three_weeks(saudi_calendar):
    assert saudi_calendar.add_working_days(date(2026, 11, 2), 15) == date(2026, 11, 23)


def test_the_day_after_eid_al_fitr_2025_is_the_first_working_day(saudi_calendar):
    assert saudi_calendar.add_working_days(date(2025, 3, 27), 1) == date(2025, 4, 3)


def test_eid_al_adha_2026_with_the_day_of_arafah_is_skipped(saudi_calendar):
    assert saudi_calendar.add_working_days(date(2026, 5, 25), 1) == date(2026, 6, 1)


def test_national_day_is_skipped(saudi_calendar):
    assert saudi_calendar.add_working_days(date(2026, 9, 22), 1) == date(2026, 9, 24)


def test_founding_day_is_skipped(saudi_calendar):
    assert saudi_calendar.add_working_days(date(2027, 2, 21), 1) == date(2027, 2, 23)


def test_founding_day_on_a_saturday_also_closes_the_observed_sunday(saudi_calendar):
    assert saudi_calendar.add_working_days(date(2025, 2, 20), 1) == date(2025, 2, 24)


def test_the_count_continues_from_december_into_january(saudi_calendar):
    assert saudi_calendar.add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 4)


def test_a_closure_ending_on_a_thursday_runs_into_the_weekend():
    closure = ClosurePeriod(name_ar="إجازة الجمعية", name_en="", start=date(2026, 12, 20), end=date(2026, 12, 24))

    assert calendar(closures=[closure]).add_working_days(date(2026, 12, 17), 1) == date(2026, 12, 27)


def test_a_closure_starting_on_a_saturday_adds_only_its_weekdays():
    closure = ClosurePeriod(name_ar="صيانة المقر", name_en="", start=date(2026, 12, 19), end=date(2026, 12, 21))

    assert calendar(closures=[closure]).add_working_days(date(2026, 12, 17), 1) == date(2026, 12, 22)


def test_a_closure_across_the_year_end_is_skipped():
    closure = ClosurePeriod(name_ar="جرد نهاية العام", name_en="", start=date(2026, 12, 31), end=date(2027, 1, 3))

    assert calendar(closures=[closure]).add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)


def test_a_friday_only_weekend_makes_saturday_a_working_day():
    assert calendar(weekend={4}).add_working_days(date(2026, 11, 26), 1) == date(2026, 11, 28)


def test_a_saturday_and_sunday_weekend_makes_friday_a_working_day():
    assert calendar(weekend={5, 6}).add_working_days(date(2026, 11, 26), 1) == date(2026, 11, 27)


def test_a_custom_weekend_still_skips_eid_al_fitr():
    # Saturday–Sunday: Friday 20 March is a working day only outside the Eid.
    assert calendar(weekend={5, 6}).add_working_days(date(2026, 3, 18), 1) == date(2026, 3, 25)


def test_a_due_date_never_falls_on_a_weekend_or_holiday(saudi_calendar):
    start = date(2026, 1, 1)
    due_dates = {
        add_working_days(start + timedelta(days=offset), days, calendar=saudi_calendar)
        for offset in range(365)
        for days in (0, 1, 5, 15)
    }

    assert all(saudi_calendar.is_working_day(day) for day in due_dates)


def test_zero_working_days_roll_a_weekend_forward_to_sunday(saudi_calendar):
    assert add_working_days(date(2026, 11, 27), 0, calendar=saudi_calendar) == date(2026, 11, 29)


def test_zero_working_days_keep_a_working_day(saudi_calendar):
    assert add_working_days(date(2026, 11, 23), 0, calendar=saudi_calendar) == date(2026, 11, 23)


def test_a_negative_number_of_working_days_is_refused(saudi_calendar):
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 11, 23), -1, calendar=saudi_calendar)


def test_the_calendar_refuses_to_guess_beyond_the_days_it_was_loaded_for():
    short = calendar(date(2026, 11, 1), date(2026, 11, 30))

    with pytest.raises(CalendarRangeError):
        short.add_working_days(date(2026, 11, 25), 15)


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 11, 25), date(2026, 12, 1)), (date(2026, 10, 30), date(2026, 11, 5))],
)
def test_the_calendar_refuses_to_count_days_it_was_not_loaded_for(start, end):
    short = calendar(date(2026, 11, 1), date(2026, 11, 30))

    with pytest.raises(CalendarRangeError):
        short.count_working_days(start, end)


def test_counting_from_the_day_before_the_calendar_counts_its_first_day():
    # Sunday 1 November 2026 is a working day; the count starts after the day before it.
    short = calendar(date(2026, 11, 1), date(2026, 11, 30))

    assert short.count_working_days(date(2026, 10, 31), date(2026, 11, 5)) == 5
    assert short.count_working_days(date(2026, 11, 30), date(2026, 11, 30)) == 0


def test_a_calendar_with_every_day_a_weekend_is_refused():
    with pytest.raises(ValueError, match="weekend"):
        calendar(weekend=range(7))


# --- Counting working days ------------------------------------------------------------------------


def test_counting_excludes_the_first_day_and_includes_the_last(saudi_calendar):
    assert count_working_days(date(2026, 11, 23), date(2026, 11, 24), calendar=saudi_calendar) == 1


def test_counting_from_a_day_to_itself_gives_zero(saudi_calendar):
    assert count_working_days(date(2026, 11, 23), date(2026, 11, 23), calendar=saudi_calendar) == 0


def test_a_week_has_five_working_days(saudi_calendar):
    assert count_working_days(date(2026, 11, 21), date(2026, 11, 28), calendar=saudi_calendar) == 5


def test_counting_over_eid_al_fitr_2026_leaves_out_its_six_days(saudi_calendar):
    assert saudi_calendar.count_working_days(date(2026, 3, 17), date(2026, 4, 13)) == 15


def test_counting_over_eid_al_adha_2026_leaves_out_arafah_and_the_observed_sunday(saudi_calendar):
    assert saudi_calendar.count_working_days(date(2026, 5, 24), date(2026, 6, 1)) == 2


def test_counting_over_national_day_leaves_it_out(saudi_calendar):
    assert saudi_calendar.count_working_days(date(2026, 9, 20), date(2026, 9, 24)) == 3


def test_counting_over_founding_day_leaves_it_out(saudi_calendar):
    assert saudi_calendar.count_working_days(date(2027, 2, 21), date(2027, 2, 25)) == 3


def test_counting_runs_across_the_year_end(saudi_calendar):
    assert saudi_calendar.count_working_days(date(2026, 12, 30), date(2027, 1, 4)) == 3


def test_counting_leaves_out_a_closure_joined_to_the_weekend():
    closure = ClosurePeriod(name_ar="إجازة الجمعية", name_en="", start=date(2026, 12, 20), end=date(2026, 12, 24))

    assert calendar(closures=[closure]).count_working_days(date(2026, 12, 17), date(2026, 12, 31)) == 5


def test_counting_with_a_friday_only_weekend_includes_saturdays():
    assert calendar(weekend={4}).count_working_days(date(2026, 11, 21), date(2026, 11, 28)) == 6


def test_counting_backwards_gives_the_working_days_overdue(saudi_calendar):
    # Due Monday, today Wednesday: two working days late.
    assert saudi_calendar.count_working_days(date(2026, 11, 25), date(2026, 11, 23)) == -2


def test_counting_undoes_adding_for_every_start_day_of_2026(saudi_calendar):
    start = date(2026, 1, 1)
    pairs = [(start + timedelta(days=offset), days) for offset in range(365) for days in (1, 2, 7, 15, 30)]

    assert all(
        saudi_calendar.count_working_days(day, saudi_calendar.add_working_days(day, days)) == days
        for day, days in pairs
    )


# --- Announced dates replacing the package's estimates ----------------------------------------------


def test_announced_eid_al_fitr_dates_replace_every_estimated_day():
    announced = AnnouncedHoliday(
        holiday=OfficialHoliday.EID_AL_FITR, year=1447, start=date(2026, 3, 20), end=date(2026, 3, 25)
    )
    working = calendar(announced=[announced])

    assert [working.is_working_day(date(2026, 3, day)) for day in range(18, 27)] == [
        True,  # 18
        True,  # 19: estimated by the package, not announced
        False,
        False,
        False,
        False,
        False,
        False,  # 25: announced, not estimated
        True,  # 26
    ]


def test_announced_dates_are_marked_as_announced():
    announced = AnnouncedHoliday(
        holiday=OfficialHoliday.EID_AL_FITR, year=1447, start=date(2026, 3, 20), end=date(2026, 3, 25)
    )

    reasons = calendar(announced=[announced]).reasons_off(date(2026, 3, 22))

    assert [(reason.source, reason.estimated) for reason in reasons] == [(DayOffSource.ANNOUNCED, False)]


def test_announcing_eid_al_fitr_1454_leaves_the_december_2033_eid_to_the_package():
    announced = AnnouncedHoliday(
        holiday=OfficialHoliday.EID_AL_FITR, year=1454, start=date(2033, 1, 1), end=date(2033, 1, 4)
    )
    working = calendar(announced=[announced])

    assert working.is_working_day(date(2033, 1, 5))
    assert not working.is_working_day(date(2033, 1, 1))
    assert not working.is_working_day(date(2033, 12, 22))


def test_announcing_eid_al_fitr_leaves_eid_al_adha_of_the_same_year_alone():
    announced = AnnouncedHoliday(
        holiday=OfficialHoliday.EID_AL_FITR, year=1447, start=date(2026, 3, 20), end=date(2026, 3, 25)
    )

    assert not calendar(announced=[announced]).is_working_day(date(2026, 5, 27))


def test_an_announced_national_day_replaces_the_packages_day():
    announced = AnnouncedHoliday(
        holiday=OfficialHoliday.NATIONAL_DAY, year=2026, start=date(2026, 9, 23), end=date(2026, 9, 24)
    )
    working = calendar(announced=[announced])

    assert working.add_working_days(date(2026, 9, 22), 1) == date(2026, 9, 27)


def test_an_announcement_outside_the_loaded_days_still_removes_the_estimates_inside_them():
    announced = AnnouncedHoliday(
        holiday=OfficialHoliday.EID_AL_FITR, year=1447, start=date(2026, 3, 21), end=date(2026, 3, 25)
    )
    march_first_weeks = calendar(date(2026, 3, 1), date(2026, 3, 19), announced=[announced])

    assert march_first_weeks.is_working_day(date(2026, 3, 19))


# --- The loader: database and package together ----------------------------------------------------


@pytest.fixture
def actor(make_user):
    return make_user("admin", is_staff=True, first_name="هند", last_name="العتيبي")


def test_the_loader_uses_the_default_friday_saturday_weekend(db):
    from policies.selectors import working_calendar

    loaded = working_calendar(start=date(2026, 11, 1), end=date(2026, 11, 30))

    assert loaded.weekend == FRIDAY_SATURDAY


def test_the_loader_applies_the_weekend_an_admin_chose(actor):
    from policies.selectors import working_calendar

    policy_parameters_update(actor=actor, data={"weekend_days": [5, 6]})

    assert working_calendar(start=date(2026, 11, 1), end=date(2026, 11, 30)).is_working_day(date(2026, 11, 27))


def test_the_loader_includes_the_associations_closures(actor):
    from policies.selectors import working_calendar

    closure_create(actor=actor, name="إجازة الجمعية", start_date=date(2026, 12, 20), end_date=date(2026, 12, 24))

    loaded = working_calendar(start=date(2026, 12, 1), end=date(2026, 12, 31))

    assert loaded.add_working_days(date(2026, 12, 17), 1) == date(2026, 12, 27)


def test_the_loader_applies_announced_holiday_dates(actor):
    from policies.selectors import working_calendar

    holiday_override_create(
        actor=actor, holiday=OfficialHoliday.EID_AL_FITR, start_date=date(2026, 3, 20), end_date=date(2026, 3, 25)
    )

    loaded = working_calendar(start=date(2026, 3, 1), end=date(2026, 3, 31))

    assert loaded.is_working_day(date(2026, 3, 19))


def test_loading_a_calendar_reads_the_parameters_holidays_and_closures_once_each(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from policies import reference
    from policies.selectors import working_calendar

    reference.forget()
    with CaptureQueriesContext(connection) as captured:
        working_calendar(start=date(2026, 1, 1), end=date(2027, 12, 31))

    data_tables = [
        table
        for table in ("policies_policyparameters", "policies_holidayoverride", "policies_closure")
        for query in captured.captured_queries
        if f'FROM "{table}"' in query["sql"]
    ]
    assert data_tables == ["policies_policyparameters", "policies_holidayoverride", "policies_closure"]


def test_loading_a_calendar_again_reads_only_the_reference_revision(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from policies.selectors import working_calendar

    working_calendar(start=date(2026, 1, 1), end=date(2027, 12, 31))
    with CaptureQueriesContext(connection) as captured:
        working_calendar(start=date(2026, 1, 1), end=date(2027, 12, 31))

    assert captured.captured_queries
    assert all("policies_referencerevision" in query["sql"] for query in captured.captured_queries)


def test_a_loaded_calendar_answers_many_due_dates_without_querying(db, django_assert_num_queries):
    from policies.selectors import working_calendar

    loaded = working_calendar(start=date(2026, 1, 1), end=date(2027, 12, 31))

    with django_assert_num_queries(0):
        for offset in range(300):
            loaded.add_working_days(date(2026, 1, 1) + timedelta(days=offset), 15)


def test_the_response_due_date_follows_the_deadline_parameter(actor):
    from policies.selectors import response_due_date

    policy_parameters_update(actor=actor, data={"response_deadline_working_days": 10})

    assert response_due_date(completed_on=date(2026, 11, 2)) == date(2026, 11, 16)


def test_the_response_due_date_is_fifteen_working_days_by_default(db):
    from policies.selectors import response_due_date

    assert response_due_date(completed_on=date(2026, 3, 17)) == date(2026, 4, 13)


def test_a_long_closure_makes_the_due_date_load_more_calendar(actor):
    from policies.selectors import response_due_date

    closure_create(actor=actor, name="ترميم المقر", start_date=date(2026, 11, 24), end_date=date(2027, 2, 27))

    # Seven working days from 28 February, Eid al-Fitr 1448 (9–14 March 2027), eight more.
    assert response_due_date(completed_on=date(2026, 11, 23)) == date(2027, 3, 24)
