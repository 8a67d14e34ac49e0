from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from config import views
from policies.two_factor import TwoStepLoginView

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"

admin.site.site_header = _("Silah — administration")
admin.site.site_title = _("Silah")
admin.site.index_title = _("Research committee and configuration")

urlpatterns = [
    path("", views.home, name="home"),
    # The login page asks for a one-time code too when the staff member has turned two-step login on.
    path("accounts/login/", TwoStepLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beneficiaries/", include("beneficiaries.urls")),
    path("notifications/", include("notifications.urls")),
    path("policies/", include("policies.urls")),
    path("requests/", include("requests_app.urls")),
    path("apply/", include("requests_app.urls_public")),
    path("reports/", include("reports.urls")),
    path("complaints/public/", include("complaints.public_urls")),
    path("complaints/", include("complaints.urls")),
    path("surveys/", include("surveys.urls")),
    path("survey/", include("surveys.public_urls")),
    # One login page for the portal and the admin, so two-step login cannot be skipped there.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
]
