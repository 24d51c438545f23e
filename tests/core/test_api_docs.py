"""/api/v1/docs loads nothing from another origin (it shares one with /admin/)."""

import re

from django.contrib.staticfiles import finders


def test_the_api_docs_use_only_bundled_same_origin_assets(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assets = [url for url in urls if url.endswith((".js", ".css"))]
    assert any("swagger-ui-bundle" in url for url in assets)
    for url in urls:
        assert url.startswith("/static/"), url
    for url in assets:
        assert finders.find(url.removeprefix("/static/")), f"{url} is bundled"
    assert "cdn" not in page.lower()
