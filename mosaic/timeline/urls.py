from django.urls import path

from mosaic.timeline import views

app_name = "timeline"
urlpatterns = [path("timeline/", views.timeline_page, name="timeline")]
