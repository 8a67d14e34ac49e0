from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Support requests")

    def ready(self):
        from notifications.sweeps import DEADLINES, register_sweep
        from policies.signals import calendar_changed
        from requests_app import receivers

        calendar_changed.connect(receivers.recompute_due_dates, dispatch_uid="requests_app.recompute_due_dates")
        register_sweep(DEADLINES, receivers.deadline_sweep)

        from beneficiaries.signals import beneficiary_anonymised, beneficiary_retention_holds
        from requests_app.services import privacy

        beneficiary_retention_holds.connect(privacy.support_request_retention_holds, dispatch_uid="requests_app.holds")
        beneficiary_anonymised.connect(privacy.support_requests_scrub, dispatch_uid="requests_app.scrub")
