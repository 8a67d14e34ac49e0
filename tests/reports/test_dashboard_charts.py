"""The dashboard's bar charts: rectangles scaled to the largest value, growing from the reading side."""

from django.utils import translation

from reports.charts import bars, decision_day_bands, diverging_bars


def test_bars_are_scaled_to_the_largest_value_and_grow_from_the_right_in_arabic():
    with translation.override("ar"):
        first, second = bars([("الواردة", 5, "5"), ("المسلّمة", 1, "1")])
    assert (first.x, first.width) == ("0.00", "100.00")
    assert (second.x, second.width) == ("80.00", "20.00")


def test_bars_grow_from_the_left_in_english():
    with translation.override("en"):
        _first, second = bars([("Received", 5, "5"), ("Delivered", 1, "1")])
    assert (second.x, second.width) == ("0.00", "20.00")


def test_percent_bars_are_scaled_to_a_hundred_and_empty_values_draw_nothing():
    with translation.override("en"):
        half, empty = bars([("October", 50.0, "50.0%"), ("May", None, "—")], maximum=100)
    assert half.width == "50.00"
    assert empty.width == "0.00"


def test_a_negative_nps_grows_the_other_way_from_the_middle_and_keeps_its_minus_sign_in_front():
    with translation.override("ar"):
        negative, positive = diverging_bars([("سبتمبر", -100.0, "-100.0"), ("أكتوبر", 33.3, "33.3")])
    # Right to left: a positive score grows left of the middle, a negative one to the right.
    assert (negative.x, negative.width, negative.color) == ("50.00", "50.00", "#b4443a")
    assert (positive.x, positive.width) == ("33.35", "16.65")
    assert negative.dir == "ltr" and negative.midline


def test_working_days_to_decide_are_grouped_around_the_fifteen_day_deadline():
    with translation.override("en"):
        assert decision_day_bands([(5, 1), (8, 2), (20, 1), (40, 3)]) == [
            ("0–5 working days", 1),
            ("6–10 working days", 2),
            ("11–15 working days", 0),
            ("16–20 working days", 1),
            ("21–30 working days", 0),
            ("31 working days or more", 3),
        ]
