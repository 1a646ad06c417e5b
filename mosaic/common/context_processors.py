from django.conf import settings

from mosaic.common.language import language_links


def site(request):
    return {"institution": settings.MOSAIC_INSTITUTION, "language_links": language_links(request)}
