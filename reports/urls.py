from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("requests/<int:pk>/receipt.pdf", views.request_receipt_view, name="request_receipt"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_view, name="meeting_minutes"),
]
