from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("results/", views.results_index, name="results_index"),
    path("results/<int:pk>/", views.results, name="results"),
    path("results/<int:pk>/csv/", views.results_csv, name="results_csv"),
]
