"""Every page names its icon, and /favicon.ico answers (no 404 in the console)."""

import io

from django.contrib.staticfiles import finders
from PIL import Image

from .conftest import parse


def test_favicon_ico_answers_with_a_small_long_cached_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert len(body) < 5 * 1024
    icon = Image.open(io.BytesIO(body))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=604800" in cache_control
    assert client.head("/favicon.ico").status_code == 200


def test_pages_link_their_icons(client, newsroom):
    for url in ("/", newsroom["lead"].url, "/latest/", "/no/such/page/"):
        tree = parse(client.get(url))
        icons = {
            link.get("type"): link.get("href")
            for link in tree.xpath("//head/link[@rel='icon']")
        }
        assert icons["image/svg+xml"].endswith("/masthead/favicon.svg"), url
        assert icons["image/x-icon"] == "/favicon.ico"
    svg = finders.find("masthead/favicon.svg")
    assert svg is not None
    with open(svg, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"<svg") and len(content) < 5 * 1024
    assert b"<script" not in content
