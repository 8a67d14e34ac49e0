"""The portal's URLs plus a throwaway admin site with plain ModelAdmins: Django admin's default
changelists, the yardstick issue 11 compares our list pages with."""

import functools
from pathlib import Path

from django.contrib import admin
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from beneficiaries.models import Beneficiary
from complaints.models import Complaint
from config.urls import urlpatterns as portal_urlpatterns
from requests_app.models import AgendaItem, SupportRequest

plain_site = admin.AdminSite(name="bench_plain_admin")


class PlainBeneficiaryAdmin(admin.ModelAdmin):
    # What the portal's list searches and filters on, so the same URL filter means the same thing.
    search_fields = ("identity_number", "mobile", "full_name_normalized")
    list_filter = ("status", "category")


class PlainRequestAdmin(admin.ModelAdmin):
    list_filter = ("status", "due_date", "assigned_researcher")


class PlainComplaintAdmin(admin.ModelAdmin):
    list_filter = ("status", "kind", "category")


class PlainAgendaItemAdmin(admin.ModelAdmin):
    list_filter = ("meeting", "outcome")


plain_site.register(Beneficiary, PlainBeneficiaryAdmin)
plain_site.register(SupportRequest, PlainRequestAdmin)
plain_site.register(Complaint, PlainComplaintAdmin)
plain_site.register(AgendaItem, PlainAgendaItemAdmin)


@functools.cache
def _layout_only_template():
    # Compiled once, as the cached template loader does for the portal's own pages.
    source = (Path(__file__).parent / "templates" / "bench" / "layout_only.html").read_text(encoding="utf-8")
    return engines["django"].from_string(source)


def layout_only(request):
    """A signed-in staff page with nothing in it: the fixed cost every staff page pays (session,
    user and roles, the header's counts, the sign-off banner, the layout)."""
    return HttpResponse(_layout_only_template().render({}, request))


urlpatterns = [
    path("bench-plain-admin/", plain_site.urls),
    path("bench-layout-only/", layout_only),
    *portal_urlpatterns,
]
