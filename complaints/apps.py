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
