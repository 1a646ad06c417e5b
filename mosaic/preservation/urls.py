from django.urls import path

app_name = "preservation"
urlpatterns: list = []
