"""A bulk import of beneficiaries from a spreadsheet: its progress and the rows it refused."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Stopped with an error")


def import_upload_path(instance, filename: str) -> str:
    # The file holds ID numbers and incomes: private storage only, and removed once imported.
    return f"imports/{timezone.now():%Y/%m}/{filename}"


class BeneficiaryImport(models.Model):
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    source_name = models.CharField(_("file name"), max_length=200)
    source_file = models.FileField(_("file"), upload_to=import_upload_path, max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("beneficiaries registered"), default=0)
    rejected_count = models.PositiveIntegerField(_("rows refused"), default=0)
    # [{"row": 7, "identity_number": "…", "errors": ["…", …]}, …] in file order.
    rejected_rows = models.JSONField(_("refused rows"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("beneficiary import")
        verbose_name_plural = _("beneficiary imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="beneficiary_import_status_valid"),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")) | Q(total_rows=0),
                name="beneficiary_import_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.source_name

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent_done(self) -> int:
        if self.is_finished:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
