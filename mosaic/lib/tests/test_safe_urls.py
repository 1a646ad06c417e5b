import pytest

from mosaic.lib.safe_urls import is_http_url, url_problem


@pytest.mark.parametrize("value", [
    "https://digitalarchive.wilsoncenter.org/document/113395",
    "http://example.org/a?b=c#d",
    "HTTPS://EXAMPLE.ORG/",
])
def test_http_addresses_are_allowed(value):
    assert is_http_url(value)
    assert url_problem(value) is None


@pytest.mark.parametrize("value", [
    "", "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox", "//evil.example/x", "/relative/path", "https://", "http:///nohost", "ftp://example.org/",
    "https://example.org/\x00", "https://exa mple.org/", "http://[::1", "mailto:a@b.c",
])
def test_everything_else_is_refused(value):
    assert not is_http_url(value)
    assert "http" in url_problem(value)
