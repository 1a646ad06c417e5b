from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from mosaic.corpus import access
from mosaic.publications.essay import WITHHELD_TEXT, render_essay


def publication_list(request):
    return render(request, "publications/list.html", {"publications": access.public_publications()})


def publication_page(request, slug):
    publication = get_object_or_404(access.public_publications(), slug=slug)
    public = access.public_documents()
    links = publication.document_links.filter(document__in=public).select_related("document").order_by("order")
    authors = [link.agent for link in publication.author_links.select_related("agent").order_by("order")]
    essay = render_essay(publication, request.user, base_url=request.build_absolute_uri("/").rstrip("/"))
    return render(request, "publications/publication.html", {
        "publication": publication, "links": links, "authors": authors,
        "authors_joined": ", ".join(author.name for author in authors), "essay": essay, "withheld_text": gettext(WITHHELD_TEXT)})
