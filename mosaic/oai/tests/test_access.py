"""OAI-PMH on the leak test's archive (mosaic/pages/tests/test_leaks.py, which also crawls /oai
with the access policy on and off): a staff-only, embargoed or draft document is no record, and a
public document's restricted layers are not even named among its texts."""
import pytest

from mosaic.oai.protocol import identifier
from mosaic.oai.tests.conftest import NS, error_code
from mosaic.pages.tests.test_leaks import HIDDEN_IDS, restricted_world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_only_the_public_document_and_its_public_layers(restricted_world, oai_get):
    records = oai_get(verb="ListRecords", metadataPrefix="mosaic")
    assert [h.text for h in records.iterfind(".//oai:header/oai:identifier", NS)] == [identifier("open-doc")]
    document = records.find(".//m:document", NS)
    # Of its five layers only the English translation is public: the staff-only original and OCR
    # and the embargoed German are not listed.
    assert [(t.get("kind"), t.get("language")) for t in document.findall("m:texts/m:text", NS)] == [("translation", "en")]
    assert [c.get("setSpec") for c in document.findall("m:collections/m:collection", NS)] == ["open-collection"]
    assert [s.text for s in oai_get(verb="ListSets").iterfind(".//oai:setSpec", NS)] == ["open-collection"]
    for hidden in HIDDEN_IDS[:4] + ["task-doc"]:
        assert error_code(oai_get(verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier(hidden))) == "idDoesNotExist"
