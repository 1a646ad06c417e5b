from django.urls import path, register_converter

from mosaic.iiif import views


class Sha256Converter:
    regex = "[0-9a-f]{64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Sha256Converter, "sha256")

app_name = "iiif"
urlpatterns = [
    path("iiif/image/<sha256:sha256>/<int:page>/info.json", views.image_info, name="image-info"),
    # Every region, size, rotation and quality reaches the view, so a request for one a level 0
    # service does not serve is told why instead of meeting a bare 404.
    path("iiif/image/<sha256:sha256>/<int:page>/<str:region>/<str:size>/<str:rotation>/<str:quality>.<str:format>",
         views.image, name="image"),
    path("iiif/documents/<slug:public_id>/manifest.json", views.manifest, name="manifest"),
    path("iiif/documents/<slug:public_id>/search", views.search, name="search"),
]
