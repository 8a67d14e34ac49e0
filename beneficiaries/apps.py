from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeneficiariesConfig(AppConfig):
    name = "beneficiaries"
    verbose_name = _("Beneficiary registry")

    def ready(self):
        from notifications.sweeps import DEADLINES, register_sweep

        register_sweep(DEADLINES, breach_deadline_sweep)


def breach_deadline_sweep(*, now):
    from beneficiaries.privacy import data_breach_reminders_send

    return data_breach_reminders_send(now=now)
