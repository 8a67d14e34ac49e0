"""The requests section other pages include, such as the beneficiary page, the response clock's badge and
the queue's rows."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from policies.kept_html import kept_per_language
from policies.plurals import count_text, paused_clock_text, translated
from policies.roles import Role, user_has_role
from policies.templatetags.silah_dates import dual_date
from policies.templatetags.silah_lists import choice_label, row_html, row_url
from requests_app.selectors import ClockState, clocks_for, requests_of_beneficiary

register = template.Library()


@register.inclusion_tag("requests_app/_beneficiary_requests.html", takes_context=True)
def beneficiary_requests(context, beneficiary):
    user = context["request"].user
    requests = list(requests_of_beneficiary(user=user, beneficiary=beneficiary))
    clocks = clocks_for(requests) if requests else {}
    return {
        "beneficiary": beneficiary,
        "rows": [(row, clocks[row.pk]) for row in requests],
        "can_intake": user_has_role(user, Role.RECEPTION),
    }


@register.simple_tag(takes_context=True)
def request_clock_badge(context, clock):
    """The response clock's badge, as requests_app/_clock.html showed it, without a template per row."""
    return _clock_badge(clock, bool(context.get("show_due")))


@kept_per_language
def _clock_badge(clock, show_due: bool):
    # Kept per clock and language: a queue's rows share a few dozen clocks.
    if clock.state == ClockState.NOT_STARTED:
        html = format_html(
            '<span class="badge text-bg-light border" data-light="not_started">{}</span>',
            translated(gettext("Clock not started")),
        )
    elif clock.state == ClockState.STOPPED:
        html = format_html(
            '<span class="badge text-bg-light border" data-light="stopped">{}</span>', translated(gettext("Answered"))
        )
    elif clock.state == ClockState.ENDED:
        html = mark_safe('<span class="badge text-bg-light border" data-light="ended">—</span>')
    elif clock.state == ClockState.PAUSED:
        # Paused after the answer was due: the days it is late, not "-3 days left".
        text = paused_clock_text(overdue_by=clock.overdue_by, days_left=clock.days_left)
        html = format_html(
            '<span class="badge text-bg-secondary" data-light="paused">'
            '<i class="bi bi-pause-circle" aria-hidden="true"></i> {}</span>',
            text,
        )
    else:
        if clock.state == ClockState.OVERDUE:
            days = clock.overdue_by
            icon = "bi-exclamation-octagon"
            text = count_text(
                lambda: ngettext("overdue by %(days)s working day", "overdue by %(days)s working days", days), days
            )
        else:
            days = clock.days_left
            icon = "bi-exclamation-triangle" if clock.state == ClockState.AT_RISK else "bi-clock"
            text = count_text(lambda: ngettext("%(days)s working day left", "%(days)s working days left", days), days)
        html = format_html(
            '<span class="badge text-bg-{}" data-light="{}"><i class="bi {}" aria-hidden="true"></i> {}</span>',
            clock.css,
            clock.state,
            icon,
            text,
        )
    if clock.due_date and show_due:
        html += format_html(
            '<div class="small text-body-secondary">{} {}</div>',
            translated(gettext("answer due")),
            dual_date(clock.due_date),
        )
    return html


@register.simple_tag
def request_queue_row(row, clock):
    """One row of the requests queue, the ``<tr>`` the queue's template drew per request.

    Drawn in Python because Django's template engine spent about 1.4 ms of the overdue queue's 10.5 on
    its 25 rows of seven cells (bench machine). The markup is the template's, cell for cell
    (tests/requests_app/test_queue_rows.py keeps the template to compare).
    """
    researcher = row.assigned_researcher
    return row_html(
        '<tr><td><a href="{}" class="fw-medium ltr-number">{}</a></td><td>{}</td>'
        '<td class="d-none d-md-table-cell">{}</td><td>{}</td><td>{}</td>'
        '<td class="d-none d-lg-table-cell small">{}</td><td class="d-none d-lg-table-cell">{}</td></tr>',
        row_url("requests_app:detail", row.pk),
        row.reference_number,
        row.beneficiary.full_name,
        row.service_type,
        choice_label(row, "status"),
        # The queue's context has no show_due: its badges never show the due date, the column does.
        _clock_badge(clock, False),
        dual_date(row.due_date) if row.due_date else "—",
        # A researcher without a name goes by their username, as everywhere else in the portal.
        (researcher.get_full_name() or researcher.get_username()) if researcher else "—",
    )
