from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Every printable document and the managers' dashboard; reads every app, imported by none."""

    name = "reports"
    verbose_name = _("Reports")
