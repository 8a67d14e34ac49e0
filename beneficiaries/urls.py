from django.urls import path

from beneficiaries import views

app_name = "beneficiaries"

urlpatterns = [
    path("", views.BeneficiaryListView.as_view(), name="list"),
    path("new/", views.BeneficiaryCreateView.as_view(), name="create"),
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
]
