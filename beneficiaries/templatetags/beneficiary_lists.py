"""The rows of the reception's beneficiary list."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from beneficiaries.models import BeneficiaryKind
from policies.plurals import translated
from policies.templatetags.silah_lists import choice_label, row_html, row_url

register = template.Library()


@register.simple_tag
def beneficiary_list_row(beneficiary, reverification_cutoff):
    """One row of the beneficiary list, the ``<tr>`` the list's template drew per person.

    Drawn in Python because Django's template engine spent about a quarter of the page's time on
    the rows' six cells. The markup is the template's, cell for cell
    (tests/beneficiaries/test_list_rows.py keeps the template to compare).
    """
    kind = (
        format_html(' <span class="badge text-bg-info">{}</span>', choice_label(beneficiary, "kind"))
        if beneficiary.kind == BeneficiaryKind.ASSEMBLY_MEMBER
        else ""
    )
    expired = (
        format_html('<span class="badge text-bg-danger">{}</span>', translated(gettext("Expired document")))
        if beneficiary.has_expired_documents
        else ""
    )
    last_verified_at = beneficiary.last_verified_at
    reverify = (
        format_html('<span class="badge text-bg-warning">{}</span>', translated(gettext("Re-verify data")))
        if not last_verified_at or last_verified_at < reverification_cutoff
        else ""
    )
    return row_html(
        '<tr><td><a href="{}" class="fw-medium">{}</a>{}</td>'
        '<td><span class="ltr-number">{}</span></td>'
        '<td class="d-none d-sm-table-cell"><span class="ltr-number">{}</span></td>'
        '<td class="d-none d-md-table-cell">{}</td>'
        '<td class="d-none d-md-table-cell">{}</td>'
        "<td>{} {}</td></tr>",
        row_url("beneficiaries:detail", beneficiary.pk),
        beneficiary.full_name,
        kind,
        beneficiary.identity_number,
        beneficiary.mobile_display,
        beneficiary.category,
        choice_label(beneficiary, "status"),
        expired,
        reverify,
    )
