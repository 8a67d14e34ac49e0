from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    # Public: no login.
    path("", views.public_index, name="public_index"),
    path("tools/", views.public_tools, name="public_tools"),
    path("files/<int:pk>/", views.public_attachment_download, name="public_attachment"),
    # Staff.
    path("staff/", views.my_policies, name="my_policies"),
    path("staff/sign/<int:pk>/", views.SignOffView.as_view(), name="sign"),
    path("staff/compliance/", views.compliance, name="compliance"),
    path("staff/compliance/<int:pk>/remind/", views.remind, name="remind"),
    path("staff/versions/", views.publishing, name="publishing"),
    path("staff/versions/<int:pk>/", views.VersionReviewView.as_view(), name="version_review"),
    path("staff/files/<int:pk>/", views.staff_attachment_download, name="staff_attachment"),
    # Public documents last: a slug never shadows the paths above.
    path("<slug:slug>/", views.public_document, name="public_document"),
    path("<slug:slug>/versions/<int:number>/", views.public_document, name="public_version"),
]
