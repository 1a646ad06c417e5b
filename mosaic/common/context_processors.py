from django.conf import settings


def site(request):
    return {"institution": settings.MOSAIC_INSTITUTION}
