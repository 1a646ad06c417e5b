from django.urls import path

from mosaic.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
]
