"""The publications that cite a document, for its page."""
from django import template
from django.db.models import Q

from mosaic.corpus import access

register = template.Library()


@register.inclusion_tag("publications/cited_in.html")
def cited_in(document):
    """Published essays and publications that cite the document in a note or append it to their
    document list: one query, whoever reads (a draft essay is nobody's reading yet)."""
    citing = (access.public_publications()
              .filter(Q(footnotes__document=document) | Q(document_links__document=document))
              .distinct().order_by("-date", "title").only("slug", "title", "kind", "date"))
    return {"citing": list(citing)}
