"""Bar charts as data for the templates: plain SVG rectangles with HTML labels around them.

WeasyPrint draws text inside SVG without Arabic shaping or bidi, so a chart's SVG holds only
rectangles; every label, value and legend is HTML beside it. A bar's geometry is in a 0–100
box, mirrored for right-to-left pages so bars grow from the reading side.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import get_language_bidi, pgettext
from django.utils.translation import gettext as _

from reports.dashboard import Dashboard

GREEN = "#0f5c4d"
TEAL = "#2f8f83"
AMBER = "#c98a12"
RED = "#b4443a"
GREY = "#8a9a96"


def _coordinate(value: float) -> str:
    # SVG wants a dot, whatever the page's language.
    return f"{max(0.0, min(100.0, value)):.2f}"


@dataclass(frozen=True)
class Bar:
    label: str
    display: str
    x: str
    width: str
    color: str
    # "ltr" when the value is only digits and signs: a minus sign must stay before its number.
    dir: str = ""
    # Diverging charts mark their zero in the middle.
    midline: bool = False


def _direction(display: str) -> str:
    return "" if any(character.isalpha() for character in display) else "ltr"


def bars(
    items: Iterable[tuple[str, float | int | None, str]], *, color: str = GREEN, maximum: float | None = None
) -> list[Bar]:
    """(label, value, how to show the value) rows as bars scaled to ``maximum`` (else the largest value)."""
    items = list(items)
    largest = maximum or max((value or 0 for _label, value, _display in items), default=0)
    rtl = get_language_bidi()
    result = []
    for label, value, display in items:
        width = 100 * (value or 0) / largest if largest else 0
        result.append(
            Bar(
                label=label,
                display=display,
                x=_coordinate(100 - width if rtl else 0),
                width=_coordinate(width),
                color=color,
                dir=_direction(display),
            )
        )
    return result


def diverging_bars(items: Iterable[tuple[str, float | None, str]]) -> list[Bar]:
    """Values from −100 to 100 (NPS) as bars either side of the middle: green above zero, red below."""
    rtl = get_language_bidi()
    result = []
    for label, value, display in items:
        half = (value or 0) / 2
        # Left-to-right, positive values grow right of the middle; right-to-left, to its left.
        toward = -half if rtl else half
        x = 50 + min(0, toward)
        result.append(
            Bar(
                label=label,
                display=display,
                x=_coordinate(x),
                width=_coordinate(abs(half)),
                color=GREEN if (value or 0) >= 0 else RED,
                dir=_direction(display),
                midline=True,
            )
        )
    return result


def number(value) -> str:
    return formats.number_format(value, use_l10n=True) if value is not None else "—"


def money(value) -> str:
    return _("%(amount)s SAR") % {"amount": formats.number_format(value, 2, use_l10n=True, force_grouping=True)}


def percent(value) -> str:
    return f"{formats.number_format(value, 1)}%" if value is not None else "—"


def month_label(month) -> str:
    return formats.date_format(month, "F Y")


# Working days to decide, in bands around the 15-day deadline.
DECISION_DAY_BANDS = ((0, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, None))


def decision_day_bands(distribution: list[tuple[int, int]]) -> list[tuple[str, int]]:
    rows = []
    for low, high in DECISION_DAY_BANDS:
        count = sum(n for days, n in distribution if days >= low and (high is None or days <= high))
        label = _("%(low)s–%(high)s working days") % {"low": low, "high": high} if high is not None else None
        rows.append((label or _("%(low)s working days or more") % {"low": low}, count))
    return rows


def dashboard_charts(data: Dashboard) -> dict[str, list[Bar]]:
    flow = data.flow
    satisfaction = data.satisfaction
    return {
        "flow": bars(
            [
                (pgettext("dashboard", "Received"), flow.received, number(flow.received)),
                (pgettext("dashboard", "Completed"), flow.completed, number(flow.completed)),
                (pgettext("dashboard", "Decided"), flow.decided, number(flow.decided)),
                (pgettext("dashboard", "Delivered"), flow.delivered, number(flow.delivered)),
            ]
        ),
        "decision_days": bars(
            [(label, count, number(count)) for label, count in decision_day_bands(data.decision_times.distribution)],
            color=TEAL,
        ),
        "open": bars([(row.label, row.total, number(row.total)) for row in data.open_requests.rows], color=AMBER),
        "outcomes": bars([(row.label, row.count, number(row.count)) for row in data.outcomes], color=TEAL),
        "amounts": bars([(row.name, row.approved_amount, money(row.approved_amount)) for row in data.service_amounts]),
        "complaints_category": bars(
            [(row.label, row.received, number(row.received)) for row in data.complaints.by_category], color=AMBER
        ),
        "complaints_channel": bars(
            [(row.label, row.received, number(row.received)) for row in data.complaints.by_channel], color=AMBER
        ),
        "satisfaction": bars(
            [
                (month_label(point.month), point.satisfaction_percent, percent(point.satisfaction_percent))
                for point in satisfaction.trend
            ],
            color=TEAL,
            maximum=100,
        ),
        "nps": diverging_bars(
            [(month_label(point.month), point.nps, number(point.nps)) for point in satisfaction.trend]
        ),
        "signoff": bars([(row.label, row.percent, percent(row.percent)) for row in data.signoff.rows], maximum=100),
        "channels": bars([(row.label, row.total, number(row.total)) for row in data.channels], color=TEAL),
    }
