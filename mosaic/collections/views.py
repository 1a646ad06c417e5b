from django.shortcuts import get_object_or_404, render

from mosaic.collections.models import Collection
from mosaic.corpus.models import Document


def collection_list(request):
    collections = Collection.objects.filter(status="published").with_public_counts().select_related("parent")
    tops = [c for c in collections if c.parent_id is None or c.parent.status != "published"]
    children = {}
    for c in collections:
        if c.parent_id and c not in tops:
            children.setdefault(c.parent_id, []).append(c)
    return render(request, "collections/list.html", {"tree": [(c, children.get(c.pk, [])) for c in tops]})


def collection_page(request, slug):
    collection = get_object_or_404(Collection, slug=slug, status="published")
    memberships = (collection.memberships.filter(document__in=Document.objects.public())
                   .select_related("document").order_by("order", "document__date_min"))
    context = {
        "collection": collection,
        "ancestors": [a for a in collection.ancestors() if a.status == "published"],
        "children": collection.children.filter(status="published").with_public_counts(),
        "memberships": memberships,
    }
    return render(request, "collections/collection.html", context)
