"""The complaints section of the beneficiary page (the page includes it, beneficiaries imports nothing), and the
complaint clock's badge."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from complaints.selectors import READERS, SUMMARY_READERS, Light, beneficiary_complaints
from policies.plurals import count_text, translated
from policies.roles import user_has_role
from policies.templatetags.silah_dates import dual_date

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
def complaint_clock_badge(clock):
    """The clock's badge and due date, as complaints/_clock.html showed them, without a template per row."""
    if clock.light == Light.PAUSED:
        if clock.days_overdue:
            days = clock.days_overdue
            text = format_html(
                "{} · {}",
                translated(gettext("paused")),
                count_text(
                    lambda: ngettext("overdue by %(days)s working day", "overdue by %(days)s working days", days), days
                ),
            )
        else:
            days = clock.working_days_left or 0
            text = count_text(
                lambda: ngettext("paused, %(days)s working day left", "paused, %(days)s working days left", days), days
            )
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
