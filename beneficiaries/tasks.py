"""Celery tasks of the registry."""

from celery import shared_task

from beneficiaries.import_models import BeneficiaryImport


@shared_task(name="beneficiaries.run_import", ignore_result=True)
def run_beneficiary_import(import_id: int) -> None:
    from beneficiaries.importing import beneficiary_import_run

    beneficiary_import = BeneficiaryImport.objects.filter(pk=import_id).first()
    if beneficiary_import is not None:
        beneficiary_import_run(beneficiary_import=beneficiary_import)
