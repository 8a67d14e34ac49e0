from django.urls import path

from surveys.views import public

app_name = "public_surveys"

urlpatterns = [
    path("thanks/", public.thanks, name="thanks"),
    path("<str:token>/", public.answer, name="answer"),
]
