import json
from dataclasses import dataclass

import pytest

from mosaic.annotations.web_annotation import ANNO_CONTEXT
from mosaic.corpus.models import Document, TextLayer
from mosaic.iiif.tests.conftest import attach
from mosaic.preservation.tests.conftest import file_store, page_image  # noqa: F401 (file_store is a fixture)

TRANSLATION = ("The plenum met in August.\n\nKim Il Sung spoke first; the plenum then heard the delegates.\n\n"
               "The plenum met again in September.")
ORIGINAL = "Пленум собрался в августе. SECRETWORD"
ANNOTATION_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'


@dataclass
class World:
    document: Document
    translation: TextLayer
    original: TextLayer  # staff only
    scan: object  # an open two-page scan (DocumentFile)
    secret_scan: object  # a staff-only scan
    reader: object
    other_reader: object
    curator: object

    @property
    def container(self) -> str:
        return f"/annotations/documents/{self.document.public_id}/"

    def text_source(self, layer: TextLayer | None = None) -> str:
        layer = layer or self.translation
        return f"http://testserver/annotations/documents/{self.document.public_id}/texts/{layer.kind}-{layer.language}"

    def canvas(self, item=None, page: int = 1) -> str:
        return f"http://testserver/iiif/documents/{self.document.public_id}/canvas/{(item or self.scan).pk}/{page}"


def account(username: str, role: str | None = None):
    """An account to sign in with `force_login`: no password, whose hashing is most of a slow test's time."""
    from django.contrib.auth import get_user_model

    from mosaic.curation.roles import grant, sync_roles

    user = get_user_model().objects.create(username=username, email=f"{username}@example.org")
    if role:
        sync_roles()
        grant(user, role)
    return get_user_model().objects.get(pk=user.pk)  # fresh, so the permission cache is empty


@pytest.fixture
def world(db, file_store):  # noqa: F811
    document = Document.objects.create(public_id="plenum-report", title="Report on the plenum", status="published")
    translation = TextLayer.objects.create(document=document, kind="translation", language="en", text=TRANSLATION, order=0)
    original = TextLayer.objects.create(document=document, kind="original", language="ru", text=ORIGINAL, access="staff", order=1)
    scan = attach(document, page_image("Open scan", pages=2, fmt="TIFF"), "open-scan.tif", label="Open scan", order=0)
    secret_scan = attach(document, page_image("Secret scan"), "secret-scan.png", label="Archive copy", access="staff", order=1)
    return World(document, translation, original, scan, secret_scan, account("reader"), account("other"),
                 account("curator", "Curator"))


def text_annotation(world: World, exact: str, body: str = "A note on this passage.", *, layer=None, **selectors) -> dict:
    text = (layer or world.translation).text
    start = text.index(exact)
    quote = {"type": "TextQuoteSelector", "exact": exact, "prefix": text[max(0, start - 32):start],
             "suffix": text[start + len(exact):start + len(exact) + 32], **selectors}
    return {"@context": ANNO_CONTEXT, "type": "Annotation", "motivation": "commenting",
            "body": {"type": "TextualBody", "value": body, "format": "text/plain", "language": "en"},
            "target": {"source": world.text_source(layer), "selector": quote}}


def region_annotation(world: World, fragment: str = "xywh=10,20,100,50", body: str = "A stamp in the margin.", **changes) -> dict:
    return {"@context": ANNO_CONTEXT, "type": "Annotation", "motivation": "describing",
            "body": {"type": "TextualBody", "value": body, "format": "text/plain"},
            "target": {"source": {"id": changes.pop("canvas", world.canvas()), "type": "Canvas"},
                       "selector": {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/", "value": fragment}},
            **changes}


@pytest.fixture
def post_annotation(client):
    """POST an annotation to a container as `user` (signed in on the test client); returns the response."""

    def post(user, container: str, annotation: dict):
        client.force_login(user)
        return client.post(container, json.dumps(annotation), content_type=ANNOTATION_TYPE)

    return post
