"""Bulk import pages: upload a spreadsheet, follow its progress, read the refused rows."""

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET

from beneficiaries.importing import COLUMNS, beneficiary_import_start, import_template_csv
from beneficiaries.selectors import beneficiary_imports_visible_to
from policies.roles import Role, RoleRequiredMixin, role_required
from policies.web import add_service_errors

# Reception registers people; the admin sets up a new installation from the old records.
IMPORTERS = (Role.RECEPTION, Role.ADMIN)
SHOWN_REFUSED_ROWS = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or Excel .xlsx)"),
        help_text=gettext_lazy("The first row holds the column names of the template."),
    )


class ImportStartView(RoleRequiredMixin, View):
    allowed_roles = IMPORTERS
    template_name = "beneficiaries/import_start.html"

    def get(self, request):
        return self.render(request, ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                beneficiary_import = beneficiary_import_start(
                    actor=request.user, uploaded_file=form.cleaned_data["file"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("beneficiaries:import_detail", pk=beneficiary_import.pk)
        return self.render(request, form)

    def render(self, request, form):
        recent = beneficiary_imports_visible_to(user=request.user)[:10]
        return render(request, self.template_name, {"form": form, "columns": COLUMNS, "recent": recent})


@require_GET
@role_required(*IMPORTERS)
def import_detail_view(request, pk):
    beneficiary_import = get_object_or_404(beneficiary_imports_visible_to(user=request.user), pk=pk)
    return render(
        request,
        "beneficiaries/import_detail.html",
        {
            "beneficiary_import": beneficiary_import,
            "refused": beneficiary_import.rejected_rows[:SHOWN_REFUSED_ROWS],
            "more_refused": max(beneficiary_import.rejected_count - SHOWN_REFUSED_ROWS, 0),
        },
    )


@require_GET
@role_required(*IMPORTERS)
def import_refused_rows_view(request, pk):
    """The refused rows with their reasons, to correct in the spreadsheet and import again."""
    beneficiary_import = get_object_or_404(beneficiary_imports_visible_to(user=request.user), pk=pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Row"), _("Identity number"), _("Reasons")])
    for row in beneficiary_import.rejected_rows:
        writer.writerow([row["row"], row["identity_number"], " | ".join(row["errors"])])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"refused-rows-{beneficiary_import.pk}.csv")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@role_required(*IMPORTERS)
def import_template_view(request):
    response = HttpResponse(import_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "silah-beneficiaries-template.csv")
    return response
