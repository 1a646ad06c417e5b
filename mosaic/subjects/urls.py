from django.urls import path

from mosaic.subjects import views

app_name = "subjects"
urlpatterns = [path("search/places.json", views.search_places, name="search-places")]
