from django.urls import path

from beneficiaries import import_views, privacy_views, views

app_name = "beneficiaries"

urlpatterns = [
    path("", views.BeneficiaryListView.as_view(), name="list"),
    path("new/", views.BeneficiaryCreateView.as_view(), name="create"),
    path("import/", import_views.ImportStartView.as_view(), name="import_start"),
    path("import/template.csv", import_views.import_template_view, name="import_template"),
    path("import/<int:pk>/", import_views.import_detail_view, name="import_detail"),
    path("import/<int:pk>/refused.csv", import_views.import_refused_rows_view, name="import_refused_rows"),
    path("<int:pk>/", views.BeneficiaryDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.BeneficiaryUpdateView.as_view(), name="edit"),
    path("<int:pk>/verify/", views.beneficiary_verify_view, name="verify"),
    path("<int:pk>/household/add/", views.HouseholdMemberCreateView.as_view(), name="household_add"),
    path("<int:pk>/household/<int:member_pk>/remove/", views.household_member_remove_view, name="household_remove"),
    path("<int:pk>/documents/upload/", views.DocumentUploadView.as_view(), name="document_upload"),
    path("documents/<int:document_pk>/", views.document_download_view, name="document_download"),
    path("<int:pk>/interactions/new/", views.InteractionCreateView.as_view(), name="interaction_create"),
    path("inquiries/", views.inquiry_queue_view, name="inquiries"),
    path("inquiries/<int:pk>/", views.InquiryAnswerView.as_view(), name="inquiry_answer"),
    path("<int:pk>/changes/new/", views.ChangeRequestCreateView.as_view(), name="change_request_create"),
    path("changes/", views.change_request_queue_view, name="change_requests"),
    path("changes/<int:pk>/", views.ChangeRequestDecideView.as_view(), name="change_request_decide"),
    path("<int:pk>/consent/", privacy_views.ConsentEditView.as_view(), name="consent_edit"),
    path("<int:pk>/erasure/new/", privacy_views.ErasureRequestCreateView.as_view(), name="erasure_create"),
    path("privacy/access-log/", privacy_views.access_log_view, name="access_log"),
    path("privacy/erasure/", privacy_views.erasure_queue_view, name="erasure_list"),
    path("privacy/erasure/<int:pk>/", privacy_views.ErasureDecideView.as_view(), name="erasure_decide"),
    path("privacy/breaches/", privacy_views.breach_list_view, name="breach_list"),
    path("privacy/breaches/new/", privacy_views.BreachEditView.as_view(), name="breach_create"),
    path("privacy/breaches/<int:pk>/", privacy_views.BreachEditView.as_view(), name="breach_edit"),
]
