"""sanitize_html against hostile input: what survives must be harmless, what an essay needs must survive."""
import re

import pytest

from mosaic.lib.rich_text import ALLOWED_TAGS, sanitize_html

TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def tags_in(html: str) -> set[str]:
    return {name.lower() for name in TAG.findall(html)}


def assert_harmless(html: str):
    assert tags_in(html) <= ALLOWED_TAGS, html
    lowered = html.lower()
    for needle in ("<script", "onerror", "onload", "onclick", "javascript:", "data:", "<style", "<iframe", "<svg",
                   "style=", "srcdoc"):
        assert needle not in lowered, (needle, html)


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "before<script>alert(1)</script>after",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)" onmouseover="alert(2)">text</p>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href=" JaVaScRiPt:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    "<style>body { display: none }</style>",
    '<p style="position:fixed;top:0">cover</p>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"><a xlink:href="javascript:alert(1)">x</a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<p>unclosed <em>emphasis <a href='https://example.org'>link",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<object data=\"javascript:alert(1)\"></object><embed src=x>",
    "<form action=https://evil.example><input name=q><button>go</button></form>",
    '<base href="https://evil.example/"><link rel=stylesheet href=x><meta http-equiv=refresh content="0;url=x">',
    "<!--<script>alert(1)</script>-->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
])
def test_hostile_markup_is_made_harmless(hostile):
    assert_harmless(sanitize_html(hostile))


def test_script_and_style_content_disappear_entirely():
    assert sanitize_html("<p>Before<script>alert('x')</script> after</p>") == "<p>Before after</p>"
    assert "display" not in sanitize_html("<style>body{display:none}</style><p>Text</p>")
    assert "alert" not in sanitize_html("<svg><script>alert(1)</script></svg>")
    assert "evil" not in sanitize_html('<iframe src="https://evil.example/">evil text</iframe>')


def test_what_an_essay_needs_survives():
    source = ("<h2>The August plenum</h2><p>As <cite>Rodong Sinmun</cite> put it, <q>unity</q> "
              "<em>above all</em>, <strong>Kim</strong><sup>1</sup> and H<sub>2</sub>O; "
              '<abbr title="Korean Workers\' Party">KWP</abbr>.</p>'
              "<blockquote><p>Quoted</p></blockquote><ul><li>one</li></ul><ol><li>two</li></ol><h3>a</h3><h4>b</h4>"
              "<p><i>i</i> <b>b</b><br>next</p>")
    cleaned = sanitize_html(source)
    assert tags_in(cleaned) == {"h2", "h3", "h4", "p", "cite", "q", "em", "strong", "sup", "sub", "abbr",
                                "blockquote", "ul", "ol", "li", "i", "b", "br"}
    assert "<abbr title=\"Korean Workers' Party\">KWP</abbr>" in cleaned


@pytest.mark.parametrize("href", ["https://www.wilsoncenter.org/", "http://example.org/a?b=1&amp;c=2",
                                  "mailto:archive@example.org", "/documents/wcda-113395/", "#note-1"])
def test_safe_links_keep_their_address_and_gain_rel(href):
    cleaned = sanitize_html(f'<p><a href="{href}" title="Source" target="_blank">link</a></p>')
    assert f'href="{href}"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned
    assert 'title="Source"' in cleaned
    assert "target" not in cleaned


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                  "vbscript:msgbox(1)", "ftp://example.org/file", "tel:+850"])
def test_links_outside_http_https_mailto_lose_their_address(href):
    cleaned = sanitize_html(f'<p><a href="{href}">link</a></p>')
    assert "href" not in cleaned and ">link</a>" in cleaned


def test_unclosed_tags_are_closed():
    assert sanitize_html("<p>one <em>two") == "<p>one <em>two</em></p>"
    assert sanitize_html("<ul><li>a<li>b") == "<ul><li>a</li><li>b</li></ul>"


def test_entities_stay_text():
    assert sanitize_html("&lt;script&gt;alert(1)&lt;/script&gt;") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert sanitize_html("&#60;img src=x onerror=alert(1)&#62;") == "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
    assert sanitize_html("<p>Kim &amp; Pak &mdash; 1956</p>") == "<p>Kim &amp; Pak — 1956</p>"


def test_plain_text_becomes_escaped_paragraphs():
    text = "First paragraph,\nsecond line.\n\nSecond paragraph: 3 < 5 & \"quoted\"."
    assert sanitize_html(text) == ("<p>First paragraph,<br>\nsecond line.</p>\n\n"
                                   "<p>Second paragraph: 3 &lt; 5 &amp; &quot;quoted&quot;.</p>")
    assert sanitize_html("Windows\r\nline\r\n\r\nends") == "<p>Windows<br>\nline</p>\n\n<p>ends</p>"


def test_inline_markup_in_blank_line_paragraphs_gets_paragraphs():
    cleaned = sanitize_html("Kim <em>Il</em> Sung spoke.\nApplause.\n\n<strong>Second</strong> paragraph")
    assert cleaned == "<p>Kim <em>Il</em> Sung spoke.<br>\nApplause.</p>\n\n<p><strong>Second</strong> paragraph</p>"


def test_line_breaks_never_land_inside_an_attribute():
    cleaned = sanitize_html('<a href="https://example.org" title="two\nlines">x</a>\nnext')
    assert 'title="two lines"' in cleaned and "<br>\nnext" in cleaned


@pytest.mark.parametrize("empty", [None, "", "   \n\n  "])
def test_empty_input_gives_empty_output(empty):
    assert sanitize_html(empty) == ""


def test_the_module_needs_no_django():
    import subprocess
    import sys

    code = ("import sys; import mosaic.lib.rich_text as r; "
            "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'; "
            "print(r.sanitize_html('<b>ok</b>'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "<p><b>ok</b></p>"
