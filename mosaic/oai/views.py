"""/oai: the OAI-PMH 2.0 interface (GET, or POST with application/x-www-form-urlencoded arguments),
and /oai/mosaic-document-1.xsd, the schema of the Mosaic metadata format."""
from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from mosaic.oai import protocol
from mosaic.oai.arguments import Arguments, OaiError, read_arguments
from mosaic.oai.ledger import catch_up
from mosaic.oai.metadata import MOSAIC_SCHEMA_FILE, XSI, xml_text

# Errors after which the protocol forbids echoing the request's arguments (section 3.2).
_UNECHOED = {"badVerb", "badArgument"}


# Harvesters post without a CSRF token: the interface only reads, and what it shows is public.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def oai(request):
    arguments = None
    try:
        if request.method == "POST" and request.content_type != "application/x-www-form-urlencoded":
            raise OaiError("badArgument", "A POST request's arguments must be sent as application/x-www-form-urlencoded.")
        arguments = read_arguments(request.POST if request.method == "POST" else request.GET)
        catch_up()  # embargoes that ended since the last look
        body = protocol.answer(arguments)
    except OaiError as error:
        body = protocol.oai("error", text=error.message)
        body.set("code", error.code)
        if error.code in _UNECHOED:
            arguments = None
    return HttpResponse(_response(body, arguments), content_type="text/xml; charset=utf-8")


def _response(body: etree._Element, arguments: Arguments | None) -> bytes:
    root = etree.Element(f"{{{protocol.OAI}}}OAI-PMH", nsmap={None: protocol.OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{protocol.OAI} {protocol.OAI_SCHEMA}")
    protocol.oai("responseDate", root, protocol.utc(timezone.now()))
    request = protocol.oai("request", root, protocol.base_address())
    if arguments is not None:
        request.set("verb", arguments.verb)
        for name, value in sorted(arguments.values.items()):
            request.set(name, xml_text(value))
    root.append(body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def mosaic_schema(request):
    return FileResponse(MOSAIC_SCHEMA_FILE.open("rb"), content_type="application/xml; charset=utf-8")
