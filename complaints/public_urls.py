"""The public complaint pages: no login; linked from every public page as ``public_complaints:new``."""

from django.urls import path

from complaints import views

app_name = "public_complaints"

urlpatterns = [
    path("", views.public_complaint_new, name="new"),
    path("sent/", views.public_complaint_done, name="done"),
    path("track/", views.public_complaint_track, name="track"),
]
