from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and inquiries")

    def ready(self):
        from complaints.services import complaint_deadline_sweep
        from notifications.sweeps import DEADLINES, register_sweep

        register_sweep(DEADLINES, complaint_deadline_sweep)
        from complaints import receivers  # noqa: F401 - connects the calendar_changed receiver

        self._connect_privacy()

    def _connect_privacy(self):
        # The registry asks for holds and announces anonymisation; this app answers for its records.
        from beneficiaries.signals import beneficiary_anonymised, beneficiary_retention_holds
        from complaints import privacy

        beneficiary_retention_holds.connect(privacy.complaint_retention_holds, dispatch_uid="complaints.holds")
        beneficiary_anonymised.connect(privacy.complaints_scrub, dispatch_uid="complaints.scrub")
