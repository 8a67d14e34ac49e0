from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self):
        from complaints.signals import complaint_closed
        from requests_app.signals import support_request_delivered
        from surveys import receivers

        support_request_delivered.connect(receivers.invite_after_delivery, dispatch_uid="surveys.invite_after_delivery")
        complaint_closed.connect(receivers.invite_after_complaint, dispatch_uid="surveys.invite_after_complaint")
