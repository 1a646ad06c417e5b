from django.shortcuts import get_object_or_404, render

from mosaic.corpus import access


def collection_list(request):
    collections = list(access.public_collections().with_public_counts().select_related("parent"))
    shown = {c.pk for c in collections}
    tops = [c for c in collections if c.parent_id not in shown]
    children = {}
    for c in collections:
        if c.parent_id and c not in tops:
            children.setdefault(c.parent_id, []).append(c)
    return render(request, "collections/list.html", {"tree": [(c, children.get(c.pk, [])) for c in tops]})


def collection_page(request, slug):
    collection = get_object_or_404(access.public_collections(), slug=slug)
    memberships = (collection.memberships.filter(document__in=access.public_documents())
                   .select_related("document").order_by("order", "document__date_min"))
    context = {
        "collection": collection,
        "ancestors": [a for a in collection.ancestors() if access.public_collections().filter(pk=a.pk).exists()],
        "children": access.public_collections().filter(parent=collection).with_public_counts(),
        "memberships": memberships,
    }
    return render(request, "collections/collection.html", context)
