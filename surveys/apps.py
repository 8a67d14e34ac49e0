from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self):
        from beneficiaries.signals import beneficiary_anonymised, consent_withdrawn
        from complaints.signals import complaint_closed
        from notifications.sweeps import SURVEY_REMINDERS, register_sweep
        from requests_app.signals import support_request_delivered
        from surveys import receivers
        from surveys.services.reminders import survey_reminders_sweep

        support_request_delivered.connect(receivers.invite_after_delivery, dispatch_uid="surveys.invite_after_delivery")
        complaint_closed.connect(receivers.invite_after_complaint, dispatch_uid="surveys.invite_after_complaint")
        consent_withdrawn.connect(receivers.unlink_after_consent_withdrawn, dispatch_uid="surveys.unlink_on_withdrawal")
        beneficiary_anonymised.connect(
            receivers.unlink_after_anonymisation, dispatch_uid="surveys.unlink_on_anonymised"
        )
        register_sweep(SURVEY_REMINDERS, survey_reminders_sweep)
