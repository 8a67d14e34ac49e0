from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.ComplaintQueueView.as_view(), name="queue"),
    path("new/", views.ComplaintIntakeView.as_view(), name="intake"),
    path("monitoring/", views.complaint_monitoring_view, name="monitoring"),
    path("<int:pk>/", views.ComplaintDetailView.as_view(), name="detail"),
    path("<int:pk>/resolve/", views.ComplaintResolveView.as_view(), name="resolve"),
    path("<int:pk>/assign/", views.complaint_assign_view, name="assign"),
    path("<int:pk>/notes/", views.complaint_note_view, name="note"),
    path("<int:pk>/attachments/", views.complaint_attachment_upload_view, name="attachment_upload"),
    path("<int:pk>/compensation/", views.CompensationView.as_view(), name="compensation"),
    path("<int:pk>/<slug:action>/", views.complaint_transition_view, name="transition"),
    path("attachments/<int:attachment_pk>/", views.complaint_attachment_download_view, name="attachment_download"),
]
