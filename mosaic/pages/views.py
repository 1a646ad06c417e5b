from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render

from mosaic.collections.models import Collection
from mosaic.corpus.models import Document


def home(request):
    documents = Document.objects.public()
    context = {
        "document_count": documents.count(),
        "catalogue_only_count": documents.filter(catalogue_only=True).count(),
        "countries": documents.exclude(origin_country="").values("origin_country")
        .annotate(n=Count("pk")).order_by("-n", "origin_country"),
        "collections": Collection.objects.filter(status="published", parent=None).with_public_counts()
        .prefetch_related("children"),
        "recent": documents.order_by("-modified")[:10],
    }
    return render(request, "pages/home.html", context)


def health(request):
    """For scripts and monitors: is the archive up, and is its database readable?"""
    return JsonResponse({"status": "ok", "documents": Document.objects.count()})
