from django.urls import path

from mosaic.opendata import views

app_name = "opendata"
urlpatterns = [
    path("data/", views.data_page, name="page"),
    path("data/<str:stamp>.zip", views.data_zip, name="zip"),
    path("data/<str:stamp>/<path:path>", views.data_file, name="file"),
]
