from django import template

register = template.Library()


@register.inclusion_tag("subjects/document_subjects.html")
def subjects_and_places(document):
    """A document's subjects and places as entries of its metadata list, each a link to the
    search narrowed to it: two queries."""
    return {"subjects": [link.subject for link in document.subject_links.select_related("subject")],
            "places": [link.place for link in document.place_links.select_related("place")]}
