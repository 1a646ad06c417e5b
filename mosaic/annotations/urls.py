from django.urls import path

from mosaic.annotations import views

app_name = "annotations"
urlpatterns = [
    path("annotations/documents/<slug:public_id>/", views.container, name="container"),
    path("annotations/documents/<slug:public_id>/texts/<slug:layer>", views.text, name="text"),
    path("annotations/<uuid:annotation_id>", views.annotation, name="annotation"),
    path("annotations/<uuid:annotation_id>/state", views.state, name="state"),
]
