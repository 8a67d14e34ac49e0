from django.urls import path

from requests_app import views_public

app_name = "public_requests"

urlpatterns = [
    path("", views_public.apply_view, name="apply"),
    path("submitted/", views_public.submitted_view, name="submitted"),
    path("track/", views_public.track_view, name="track"),
]
