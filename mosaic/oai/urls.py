from django.urls import path

from mosaic.oai import views

app_name = "oai"
urlpatterns = [
    path("oai", views.oai, name="oai"),
    path("oai/mosaic-document-1.xsd", views.mosaic_schema, name="mosaic-schema"),
]
