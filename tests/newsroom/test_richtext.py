"""masthead.newsroom.richtext: what an article body may hold, whoever wrote it."""

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from masthead.newsroom.richtext import (
    ALLOWED_TAGS,
    SanitizedRichTextBlock,
    sanitize_html,
)

DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "math",
    "img",
    "video",
    "audio",
    "source",
    "form",
    "input",
    "button",
    "textarea",
    "link",
    "meta",
    "base",
    "template",
    "noscript",
}

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;'
    ':alert(1)">x</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="https://example.com/" onclick="alert(1)" onmouseover="alert(1)">x</a>',
    '<p onclick="alert(1)">x</p>',
    "<b onmouseover=alert(1)>bold</b>",
    "<body onload=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<input onfocus=alert(1) autofocus>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    "<!--<script>alert(1)</script>-->",
    '<video><source onerror="alert(1)"></video>',
    "<details open ontoggle=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="https://example.com/" target="_blank">new tab</a>',
    "<p>\x00<script>alert(1)</script></p>",
]


def assert_harmless(html: str) -> None:
    """No element that runs script, no event handler, no script URL."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in ALLOWED_TAGS, html
        assert tag.name not in DANGEROUS_TAGS, html
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), html
            assert name.lower() not in {"style", "src", "srcdoc", "action"}, html
            if name.lower() == "href":
                href = "".join(str(value).split()).lower()
                assert href.startswith(("http:", "https:", "mailto:", "tel:", "/", "#"))
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered


@pytest.mark.parametrize("dirty", XSS_CORPUS)
def test_sanitize_html_removes_script(dirty):
    clean = sanitize_html(dirty)
    assert_harmless(clean)
    # Sanitizing is stable: a stored value does not change when cleaned again.
    assert sanitize_html(clean) == clean


def test_sanitize_html_keeps_what_an_article_may_use():
    html = (
        "<p>A <b>bold</b>, <i>italic</i> and <strong>strong</strong> word, "
        'a <a href="https://example.com/a?b=1&amp;c=2">link</a>, '
        '<a href="mailto:desk@example.com">mail</a>, H<sub>2</sub>O, x<sup>2</sup>.'
        "</p><ul><li>one</li></ul><ol><li>two</li></ol><h2>Sub</h2>"
        "<blockquote>quoted</blockquote>"
    )
    clean = sanitize_html(html)
    for part in (
        "<b>bold</b>",
        "<i>italic</i>",
        "<strong>strong</strong>",
        'href="https://example.com/a?b=1&amp;c=2"',
        'href="mailto:desk@example.com"',
        "<sub>2</sub>",
        "<sup>2</sup>",
        "<ul><li>one</li></ul>",
        "<ol><li>two</li></ol>",
        "<h2>Sub</h2>",
        "<blockquote>quoted</blockquote>",
    ):
        assert part in clean
    assert 'rel="noopener noreferrer"' in clean


def test_sanitize_html_keeps_wagtail_internal_links():
    clean = sanitize_html('<p><a linktype="page" id="42">a story</a></p>')
    soup = BeautifulSoup(clean, "html.parser")
    link = soup.find("a")
    assert link["linktype"] == "page" and link["id"] == "42"


def test_sanitize_html_keeps_text_and_entities():
    assert sanitize_html("<p>Tom &amp; Jerry &lt;3 — ঢাকা</p>") == (
        "<p>Tom &amp; Jerry &lt;3 — ঢাকা</p>"
    )
    assert sanitize_html("") == "" and sanitize_html(None) == ""


def test_block_clean_stores_sanitized_html():
    block = SanitizedRichTextBlock()
    cleaned = block.clean(
        RichText(
            "<p>hi<script>alert(1)</script><img src=x onerror=alert(1)>"
            '<a href="javascript:alert(1)">x</a></p>'
        )
    )
    assert_harmless(cleaned.source)
    assert "hi" in cleaned.source


def test_block_render_sanitizes_values_that_skipped_clean():
    # A value written straight to the database (an import, a data migration).
    block = SanitizedRichTextBlock()
    value = block.to_python('<p onclick="alert(1)">x<script>alert(1)</script></p>')
    rendered = str(block.render(value))
    assert_harmless(rendered)
    assert "x" in rendered


def test_block_is_limited_to_the_article_features():
    block = SanitizedRichTextBlock()
    assert set(block.features) == {
        "bold",
        "italic",
        "link",
        "ol",
        "ul",
        "superscript",
        "subscript",
    }


def test_rendered_html_keeps_no_element_ids_to_clobber():
    from masthead.newsroom.richtext import sanitize_html as clean

    html = '<p><a id="main-content" href="https://example.com/">x</a></p>'
    assert 'id="main-content"' not in clean(html, rendered=True)
    assert 'linktype="page" id="3"' in clean('<a linktype="page" id="3">x</a>')
