from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from mosaic.citations import views as citations
from mosaic.collections import views as collections
from mosaic.corpus import views as corpus
from mosaic.entities import views as entities
from mosaic.pages import views
from mosaic.pages.feeds import SITEMAPS, NewDocumentsFeed
from mosaic.publications import views as publications
from mosaic.search import views as search

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("feeds/documents.atom", NewDocumentsFeed(), name="feed"),
    path("search", search.search_page, name="search"),
    path("search/export.<str:extension>", citations.search_export, name="search-export"),
    path("documents/<slug:public_id>/", corpus.document_page, name="document"),
    path("documents/<slug:public_id>/export.<str:extension>", citations.document_export, name="document-export"),
    path("documents/<slug:public_id>/name-check/", staff_member_required(entities.name_check_page), name="name-check"),
    path("people/", entities.person_list, name="people"),
    path("people/new", staff_member_required(entities.new_person_page), name="new-person"),
    path("people/<str:person_id>/", entities.person_page, name="person"),
    path("terms/", entities.term_list, name="terms"),
    path("terms/<slug:term_id>/", entities.term_page, name="term"),
    path("collections/", collections.collection_list, name="collections"),
    path("collections/<slug:slug>/", collections.collection_page, name="collection"),
    path("publications/", publications.publication_list, name="publications"),
    path("publications/<slug:slug>/", publications.publication_page, name="publication"),
]
