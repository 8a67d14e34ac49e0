"""The complaints section of the beneficiary page (the page includes it, beneficiaries imports nothing), the
complaint clock's badge and the queue's rows."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from complaints.models import Priority
from complaints.selectors import READERS, SUMMARY_READERS, Light, beneficiary_complaints
from policies.kept_html import kept_per_language
from policies.plurals import count_text, paused_clock_text, translated
from policies.roles import user_has_role
from policies.templatetags.silah_dates import dual_date
from policies.templatetags.silah_lists import choice_label, row_html, row_url

register = template.Library()


@register.simple_tag(takes_context=True)
def beneficiary_complaints_for_page(context, beneficiary):
    user = context["request"].user
    return {
        "visible": user_has_role(user, *READERS, *SUMMARY_READERS),
        "full": user_has_role(user, *READERS),
        "items": list(beneficiary_complaints(user=user, beneficiary=beneficiary)[:50]),
    }


_LIGHT_CLASS = {Light.RED: "text-bg-danger", Light.AMBER: "text-bg-warning"}


@register.simple_tag
@kept_per_language
def complaint_clock_badge(clock):
    """The clock's badge and due date, as complaints/_clock.html showed them, without a template per row.

    Kept per clock and language: a queue's rows share a few dozen clocks, and a kept badge costs a
    dictionary lookup instead of 25 µs a row.
    """
    if clock.light == Light.PAUSED:
        text = paused_clock_text(overdue_by=clock.days_overdue, days_left=clock.working_days_left)
        return format_html(
            '<span class="badge text-bg-secondary" data-light="paused" title="{}">'
            '<i class="bi bi-pause-circle" aria-hidden="true"></i> {}</span>',
            translated(gettext("The clock is paused while waiting for the complainant")),
            text,
        )
    if clock.light == Light.DONE:
        return mark_safe('<span class="badge text-bg-light border">—</span>')
    if clock.light == Light.RED:
        days = clock.days_overdue
        icon = "bi-exclamation-octagon"
        text = count_text(
            lambda: ngettext("overdue by %(days)s working day", "overdue by %(days)s working days", days), days
        )
    elif clock.light == Light.AMBER:
        icon, text = "bi-exclamation-triangle", translated(gettext("at risk"))
    else:
        days = clock.working_days_left
        icon = "bi-clock"
        text = count_text(lambda: ngettext("%(days)s working day left", "%(days)s working days left", days), days)
    return format_html(
        '<span class="badge {} clock-{}" data-light="{}"><i class="bi {}" aria-hidden="true"></i> {}</span>\n'
        '<div class="small text-body-secondary">{} {}</div>',
        _LIGHT_CLASS.get(clock.light, "text-bg-success"),
        clock.light,
        clock.light,
        icon,
        text,
        translated(gettext("acknowledge by") if clock.deadline == "acknowledge" else gettext("resolve by")),
        dual_date(clock.due),
    )


_RAISED_PRIORITIES = frozenset({Priority.HIGH, Priority.URGENT})


@register.simple_tag
def complaint_queue_row(complaint, clock):
    """One row of the complaints queue, the ``<tr>`` the queue's template drew per complaint.

    Drawn in Python because Django's template engine spent 2.8 ms of the page's 12.4 on the 25 rows
    of eight cells (bench machine); this draws them in about half that. The markup is the template's,
    cell for cell (tests/complaints/test_queue_rows.py keeps the template to compare).
    """
    detail_url = row_url("complaints:detail", complaint.pk)
    priority = (
        format_html(' · <span class="text-danger">{}</span>', choice_label(complaint, "priority"))
        if complaint.priority in _RAISED_PRIORITIES
        else ""
    )
    category = complaint.category
    sensitive = (
        format_html(' <span class="badge text-bg-dark">{}</span>', translated(gettext("sensitive")))
        if category.is_sensitive
        else ""
    )
    if complaint.is_anonymous:
        complainant = format_html('<span class="text-body-secondary">{}</span>', translated(gettext("Anonymous")))
    elif complaint.beneficiary_id:
        complainant = complaint.beneficiary.full_name
    else:
        complainant = complaint.complainant_name
    # An officer without a name goes by their username, as everywhere else in the portal ("—" is nobody).
    officer = complaint.assigned_to if complaint.assigned_to_id else None
    assigned_to = (officer.get_full_name() or officer.get_username()) if officer else ""
    return row_html(
        '<tr><td class="ltr-number"><a href="{}">{}</a></td>'
        '<td><a href="{}">{}</a><div class="small text-body-secondary">{}{}</div></td>'
        "<td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        detail_url,
        complaint.number,
        detail_url,
        complaint.subject,
        choice_label(complaint, "kind"),
        priority,
        category,
        sensitive,
        complainant,
        choice_label(complaint, "channel"),
        choice_label(complaint, "status"),
        complaint_clock_badge(clock),
        assigned_to or "—",
    )
