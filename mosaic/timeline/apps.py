from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "mosaic.timeline"
    label = "timeline"
