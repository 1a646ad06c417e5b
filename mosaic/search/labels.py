"""Human labels for facet values (keys are stored in the index; labels are looked up to show)."""
from __future__ import annotations

from mosaic.archives.models import Repository
from mosaic.lib.vocabularies import DOCUMENT_TYPES, LANGUAGES
from mosaic.corpus import access


def facet_labeller():
    """A function (facet, value) → label, with the database lookups done once."""
    repositories = dict(Repository.objects.values_list("code", "name"))
    # Draft collections keep their slug: a title must not reach readers before it is published.
    collections = dict(access.public_collections().values_list("slug", "title"))

    def label(facet: str, value: str) -> str:
        if facet in ("original_language", "translation_language"):
            return LANGUAGES.get(value, value)
        if facet == "doc_type":
            return DOCUMENT_TYPES.get(value, value)
        if facet == "repository":
            return f"{repositories[value]} ({value})" if value in repositories else value
        if facet == "collection":
            return collections.get(value, value)
        return value

    return label
