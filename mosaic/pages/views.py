from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.shortcuts import render

from mosaic.corpus.models import Document
from mosaic.corpus import access


def home(request):
    documents = access.public_documents()
    context = {
        "document_count": documents.count(),
        "catalogue_only_count": documents.filter(catalogue_only=True).count(),
        "countries": documents.exclude(origin_country="").values("origin_country")
        .annotate(n=Count("pk")).order_by("-n", "origin_country"),
        "collections": access.public_collections().filter(parent=None).with_public_counts()
        .prefetch_related(Prefetch("children", queryset=access.public_collections(), to_attr="public_children")),
        "recent": documents.order_by("-modified")[:10],
    }
    return render(request, "pages/home.html", context)


def health(request):
    """For scripts and monitors: is the archive up, and is its database readable?"""
    return JsonResponse({"status": "ok", "documents": Document.objects.count()})
