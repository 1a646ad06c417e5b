from django.urls import path

from mosaic.context import views

app_name = "context"
urlpatterns = [
    path("events/", views.event_list, name="events"),
    path("events/<str:row_id>/", views.event_page, name="event"),
    path("events/<str:row_id>/find-mentions", views.find_mentions, name="find-mentions"),
    path("events/<str:row_id>/mentions/<int:pk>/decide", views.decide_mention, name="decide"),
]
