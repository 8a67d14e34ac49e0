"""The portal's URLs plus two bare views: the same insert and the same look-up, nothing around them.

The yardstick of bench/throughput.py. ``bare/apply/`` calls the very service the public request
form calls (``support_request_submit_online``: the beneficiary, the request, its history and
status rows, the receipt SMS in the outbox) with fixed, already clean values: no form, no CSRF
check, no per-address limit, no template. ``bare/track/`` runs the tracking look-up and answers
with the status as plain text. Only bench/settings_throughput.py serves them.
"""

import uuid
from datetime import date

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from beneficiaries.models import BeneficiaryCategory
from requests_app.models import ServiceType
from requests_app.services.online import support_request_find_for_tracking, support_request_submit_online


@csrf_exempt
def bare_apply(request):
    support_request = support_request_submit_online(
        applicant={
            "identity_type": "national_id",
            "identity_number": request.POST["identity_number"],
            "identity_expiry_date": None,
            "first_name": "سارة",
            "father_name": "عبدالرحمن",
            "grandfather_name": "حمد",
            "family_name": "العنزي",
            "gender": "female",
            "birth_date": date(1988, 2, 11),
            "nationality": "سعودية",
            "marital_status": "widowed",
            "mobile": request.POST["mobile"],
            "email": "",
            "city": "الرياض",
            "district": "",
            "category": BeneficiaryCategory.objects.get(pk=request.POST["category"]),
        },
        service_type=ServiceType.objects.get(pk=request.POST["service_type"]),
        submission_key=uuid.uuid4(),
        need_description="مساعدة في سداد إيجار المنزل",
        reason="توفي زوجي وانقطع دخل الأسرة",
    )
    return HttpResponse(support_request.tracking_code, content_type="text/plain")


@csrf_exempt
def bare_track(request):
    found = support_request_find_for_tracking(
        tracking_code=request.POST["tracking_code"], id_last_digits=request.POST["id_last_digits"]
    )
    return HttpResponse(found.status if found else "-", content_type="text/plain")


urlpatterns = [
    path("bare/apply/", bare_apply),
    path("bare/track/", bare_track),
    path("", include("config.urls")),
]
