from django.urls import path

from surveys import views

app_name = "public_surveys"

urlpatterns = [
    path("thanks/", views.thanks, name="thanks"),
    path("<str:token>/", views.answer, name="answer"),
]
