"""The portal's URLs plus a throwaway admin site with plain ModelAdmins: Django admin's default
changelists, the yardstick issue 11 compares our list pages with."""

from django.contrib import admin
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

urlpatterns = [path("bench-plain-admin/", plain_site.urls), *portal_urlpatterns]
