from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policy and settings")

    def ready(self):
        from policies.reference import ensure_revision_row

        # A flush (as between transactional tests) empties the revision table too; put the row
        # back, with a token never seen before, so that the kept reference data works again.
        post_migrate.connect(ensure_revision_row, sender=self, dispatch_uid="policies_reference_revision")
