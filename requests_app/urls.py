from django.urls import path

from requests_app import views

app_name = "requests_app"

urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("intake/", views.IntakeStartView.as_view(), name="intake"),
    path("intake/<int:beneficiary_pk>/new/", views.IntakeCreateView.as_view(), name="intake_create"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="detail"),
    path("<int:pk>/intake/<slug:step>/", views.IntakeStepView.as_view(), name="intake_step"),
    path("<int:pk>/move/<slug:to_status>/", views.TransitionView.as_view(), name="transition"),
    path("<int:pk>/research/", views.ResearchReportView.as_view(), name="research_report"),
    path(
        "<int:pk>/declarations/<int:declaration_pk>/file/",
        views.declaration_file_view,
        name="declaration_file",
    ),
]
