"""Human labels for facet values (keys are stored in the index; labels are looked up to show)."""
from __future__ import annotations

from mosaic.archives.models import Repository
from mosaic.entities.models import AuthorityTerm, Person
from mosaic.subjects.models import Subject
from django.utils.translation import gettext

from mosaic.lib.vocabularies import COUNTRY_NAMES, DOCUMENT_TYPES, LANGUAGES
from mosaic.common.bilingual import choose, korean_field
from mosaic.corpus import access


def _lazily(load):
    """A mapping read from the database the first time a label needs it (a page without a person
    facet never reads the name authority)."""
    loaded = {}

    def get(value: str, default: str) -> str:
        if not loaded:
            loaded[None] = dict(load())
        return loaded[None].get(value, default)

    return get


def facet_labeller():
    """A function (facet, value) → label in the reader's language, with the database lookups done once."""
    repositories = dict(Repository.objects.values_list("code", "name"))

    def curated(rows):
        # A Korean reader gets the curators' Korean title or heading where one is written (issue 17).
        return ((key, choose(english, korean).text) for key, english, korean in rows)

    # Draft collections keep their slug: a title must not reach readers before it is published.
    collections = dict(curated(access.public_collections().values_list("slug", "title", korean_field("title"))))
    # Headings, places and people are public records (the vocabulary and the name authority).
    subjects = _lazily(lambda: curated(Subject.objects.values_list("slug", "heading", korean_field("heading"))))
    places = _lazily(lambda: AuthorityTerm.objects.filter(kind="place").values_list("term_id", "preferred"))
    people = _lazily(lambda: Person.objects.values_list("person_id", "display_name"))

    def label(facet: str, value: str) -> str:
        if facet in ("original_language", "translation_language"):
            return gettext(LANGUAGES[value]) if value in LANGUAGES else value
        if facet == "doc_type":
            return gettext(DOCUMENT_TYPES[value]) if value in DOCUMENT_TYPES else value
        if facet == "origin_country":
            return gettext(COUNTRY_NAMES[value]) if value in COUNTRY_NAMES else value
        if facet == "repository":
            return f"{repositories[value]} ({value})" if value in repositories else value
        if facet == "collection":
            return collections.get(value, value)
        if facet == "subject":
            return subjects(value, value)
        if facet == "place":
            return places(value, value)
        if facet == "person":
            return people(value, value)
        return value

    return label
