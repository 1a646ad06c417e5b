"""The sitemap and the Atom feed of newly published documents, both through the access policy."""
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from mosaic.corpus import access


class DocumentSitemap(Sitemap):
    limit = 5000

    def items(self):
        return access.public_documents().order_by("pk").only("public_id", "modified")

    def location(self, document):
        return reverse("pages:document", args=[document.public_id])

    def lastmod(self, document):
        return document.modified


class CollectionSitemap(Sitemap):
    def items(self):
        return access.public_collections().order_by("pk")

    def location(self, collection):
        return reverse("pages:collection", args=[collection.slug])

    def lastmod(self, collection):
        return collection.modified


class PublicationSitemap(Sitemap):
    def items(self):
        return access.public_publications().order_by("pk")

    def location(self, publication):
        return reverse("pages:publication", args=[publication.slug])

    def lastmod(self, publication):
        return publication.modified


SITEMAPS = {"documents": DocumentSitemap, "collections": CollectionSitemap, "publications": PublicationSitemap}


class NewDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Newly published and revised documents")
    subtitle = _("Documents most recently published or revised in the archive.")

    def link(self):
        return reverse("pages:search")

    def items(self):
        return access.public_documents().order_by("-modified")[:50]

    def item_title(self, document):
        return f"{document.title} ({document.date_display})"

    def item_description(self, document):
        return document.summary

    def item_link(self, document):
        return reverse("pages:document", args=[document.public_id])

    def item_updateddate(self, document):
        return document.modified
