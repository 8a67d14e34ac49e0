from django.urls import path

from surveys.views import fieldwork, results, sampling

app_name = "surveys"

urlpatterns = [
    path("results/", results.results_index, name="results_index"),
    path("results/<int:pk>/", results.results, name="results"),
    path("results/<int:pk>/csv/", results.results_csv, name="results_csv"),
    path("samples/", sampling.sample_draw, name="sample_draw"),
    path("samples/<int:pk>/", sampling.sample_detail, name="sample_detail"),
    path("entry/", fieldwork.entry_index, name="entry_index"),
    path("entry/<int:pk>/", fieldwork.entry, name="entry"),
    path("visits/", fieldwork.visit_list, name="visits"),
    path("visits/new/", fieldwork.visit_create, name="visit_create"),
    path("visits/<int:pk>/", fieldwork.visit_detail, name="visit_detail"),
    path("supervision/", fieldwork.note_list, name="notes"),
]
