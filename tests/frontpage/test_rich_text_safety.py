"""Script smuggled into an article's rich text never reaches the reader."""

import pytest

from tests import factories

from .conftest import parse

pytestmark = pytest.mark.django_db


def executable_scripts(tree):
    """Inline scripts a browser would run (JSON-LD data blocks are not run)."""
    return [
        script.text or ""
        for script in tree.iter("script")
        if script.get("type") in (None, "", "text/javascript", "module")
    ]


def assert_no_breakout(html):
    """No data block (JSON-LD) is closed early by a stray `</script`."""
    for chunk in html.split("<script")[1:]:
        assert chunk.lower().count("</script") == 1


def test_script_in_a_paragraph_is_not_executed(client, newsroom):
    story = factories.make_article(
        newsroom["sports"],
        "A story with hostile markup",
        body=[
            (
                "paragraph",
                '<p>Before<script>alert("owned")</script> after'
                '<img src="x" onerror="alert(2)">'
                '<a href="javascript:alert(3)">link</a></p>',
            ),
            ("quote", {"text": "<script>alert(4)</script>", "attribution": "<b>x</b>"}),
            ("subhead", "<script>alert(5)</script>"),
        ],
    )
    response = client.get(story.url)
    assert response.status_code == 200
    html = response.content.decode()
    tree = parse(response)
    assert "alert(" not in "".join(executable_scripts(tree))
    assert_no_breakout(html)
    body = tree.xpath("//div[@class='story__body']")[0]
    assert not body.xpath(".//script")
    assert not body.xpath(".//*[@onerror]")
    assert not body.xpath(".//a[starts-with(@href,'javascript:')]")
    assert "Before" in body.text_content() and "after" in body.text_content()
    # Plain-text blocks show the markup as text.
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in html


def test_headline_and_standfirst_are_escaped(client, newsroom):
    story = factories.make_article(
        newsroom["sports"],
        "<img src=x onerror=alert(1)> headline",
        standfirst="<script>alert(1)</script>",
    )
    response = client.get(story.url)
    tree = parse(response)
    headline = tree.xpath("//h1")[0].text_content()
    assert headline == "<img src=x onerror=alert(1)> headline"
    assert not tree.xpath("//*[@onerror]")
    assert not [text for text in executable_scripts(tree) if "alert" in text]
    assert_no_breakout(response.content.decode())
