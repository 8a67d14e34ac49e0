from django.urls import path

from reports import dashboard_views, person_views, views

app_name = "reports"

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard_view, name="dashboard"),
    path("dashboard/export/", dashboard_views.dashboard_export_view, name="dashboard_export"),
    path("performance.pdf", dashboard_views.performance_report_view, name="performance_report"),
    path("requests/<int:pk>/receipt.pdf", views.request_receipt_view, name="request_receipt"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_view, name="meeting_minutes"),
    path("requests/<int:pk>/decision-letter.pdf", views.decision_letter_view, name="decision_letter"),
    path("beneficiaries/<int:pk>/case-file.pdf", person_views.case_file_view, name="case_file"),
    path("beneficiaries/<int:pk>/export/", person_views.beneficiary_export_view, name="beneficiary_export"),
    path(
        "complaints/<int:pk>/response-letter.pdf",
        person_views.complaint_response_letter_view,
        name="complaint_response_letter",
    ),
]
