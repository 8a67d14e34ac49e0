"""The dashboard's filter: a period and, optionally, one beneficiary category."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from policies.choice_fields import ModelChoiceField
from policies.models import BeneficiaryCategory
from reports.dashboard import ReportPeriod, last_month

# Long enough for a multi-year comparison, short enough that a typing slip (20206) cannot ask
# the database for centuries of figures.
MAX_PERIOD_DAYS = 3 * 366
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DashboardFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())
    category = ModelChoiceField(
        label=_("Beneficiary category"),
        queryset=BeneficiaryCategory.objects.order_by("sort_order", "name"),
        required=False,
        empty_label=_("All categories"),
    )

    @classmethod
    def from_query(cls, query, *, today: date | None = None) -> "DashboardFilterForm":
        """Bound to the query string; a missing start and end mean last month."""
        start, end = last_month(today)
        data = {"start": start.isoformat(), "end": end.isoformat(), "category": ""}
        for name in data:
            if name in query:
                data[name] = query.get(name, "")
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for name, value in (("start", start), ("end", end)):
            if value is not None and not EARLIEST <= value <= LATEST:
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s.")
                    % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
                )
        if start and end and EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST:
            if end < start:
                self.add_error("end", _("The period cannot end before it starts."))
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error("end", _("Choose a period of at most three years."))
        return cleaned

    def period(self) -> ReportPeriod:
        data = self.cleaned_data
        return ReportPeriod(start=data["start"], end=data["end"], category=data.get("category"))

    def query_string(self, **overrides) -> str:
        data = self.cleaned_data
        values = {
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            "category": data["category"].pk if data.get("category") else "",
            **overrides,
        }
        return urlencode({key: value for key, value in values.items() if value != ""})


def period_presets(*, today: date | None = None) -> list[tuple[str, date, date]]:
    """Shortcuts offered above the filter: (label, start, end)."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    previous_start, previous_end = last_month(today)
    quarter_start = this_month
    for _step in range(3):
        quarter_start = (quarter_start - timedelta(days=1)).replace(day=1)
    return [
        (_("This month"), this_month, today),
        (_("Last month"), previous_start, previous_end),
        (_("Last three months"), quarter_start, previous_end),
        (_("This year"), today.replace(month=1, day=1), today),
    ]
