from django.urls import path

from mosaic.lens import views

app_name = "lens"
urlpatterns = [
    path("documents/<slug:public_id>/markers/dispute", views.dispute_flag, name="dispute"),
]
