"""Media files: readers get renditions and documents, never originals.

Original pictures (media/original_images/, including those of embargoed or
restricted stories) and document files (media/documents/) are not served as
files at all; documents go through Wagtail's document view, which enforces
collection privacy, as downloads that cannot run script or be sniffed, and
never into the page cache.
"""

import os
import signal
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.models import Collection, CollectionViewRestriction

from masthead.core.hotcache import HotPageCache
from masthead.core.server import granian_command
from tests import factories
from tests.core.test_serve import (
    BIN,
    REPO,
    demo_env,
    free_port,
    get,
    run_manage,
    wait_until_serving,
)
from tests.core.wsgi_client import wsgi_get

Document = get_document_model()

HTML_PAYLOAD = b"<html><script>alert(document.cookie)</script></html>"


def make_document(name="report.pdf", content=b"%PDF-1.4 annual report", **kwargs):
    document = Document(title=name, **kwargs)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# -- pictures -------------------------------------------------------------------


@pytest.mark.django_db
def test_original_pictures_are_not_served_but_renditions_are(client):
    image = factories.make_image("Embargoed photo")
    original = "/media/" + image.file.name
    assert image.file.name.startswith("original_images/")
    assert Path(image.file.path).exists()
    assert client.get(original).status_code == 404
    rendition = image.get_rendition("width-300")
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert body_of(response)[:2] == b"\xff\xd8"  # a JPEG


@pytest.mark.django_db
def test_no_way_around_the_renditions_folder(client):
    image = factories.make_image("Embargoed photo")
    name = Path(image.file.name).name
    for url in (
        f"/media/images/../original_images/{name}",
        f"/media/images/%2e%2e/original_images/{name}",
        f"/media//original_images/{name}",
        "/media/",
        "/media/images/",
    ):
        response = client.get(url)
        assert response.status_code in (400, 404), url


def routes(command):
    pairs = []
    for flag, value in zip(command, command[1:], strict=False):
        if flag == "--static-path-route":
            pairs.append([value])
        elif flag == "--static-path-mount":
            pairs[-1].append(value)
    return {route: mount for route, mount in pairs}


def test_the_server_mounts_only_static_files_and_renditions():
    mounts = routes(granian_command(host="127.0.0.1", port=8000, workers=1))
    assert mounts == {
        "/static": str(settings.STATIC_ROOT),
        "/media/images": str(Path(settings.MEDIA_ROOT) / "images"),
    }
    assert Path(mounts["/media/images"]).is_dir()  # granian refuses a missing one


# -- documents ---------------------------------------------------------------------


@pytest.mark.django_db
def test_document_files_are_not_served_from_media(client):
    document = make_document()
    assert document.file.name.startswith("documents/")
    assert client.get("/media/" + document.file.name).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"%PDF-1.4 annual report"),
        ("notes.txt", HTML_PAYLOAD),  # inline by Wagtail's default
        ("figures.csv", b"year,total\n2024,12\n"),
    ],
)
def test_documents_are_safe_streamed_private_downloads(client, name, content):
    document = make_document(name, content)
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    response = client.get(document.url)
    assert response.status_code == 200
    assert response.streaming  # FileResponse, not read whole into memory
    assert body_of(response) == content
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "public" not in cache_control
    assert "s-maxage" not in cache_control


def test_documents_never_enter_the_page_cache(transactional_db):
    app = HotPageCache(WSGIHandler(), check_interval=0.05)
    document = make_document()
    first = wsgi_get(app, document.url)
    assert first.status == 200
    assert first.body == b"%PDF-1.4 annual report"
    again = wsgi_get(app, document.url)
    assert again.headers.get("x-cache") != "HIT"
    assert "private" in again.headers["cache-control"]


@pytest.mark.django_db
def test_a_private_collection_keeps_its_documents_private(client):
    root = Collection.get_first_root_node()
    board = root.add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=board,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="letmein",
    )
    document = make_document("minutes.pdf", b"%PDF secret minutes", collection=board)
    response = client.get(document.url)
    assert b"secret minutes" not in body_of(response)
    assert "private" in response["Cache-Control"]
    assert client.get("/media/" + document.file.name).status_code == 404


# -- upload size ----------------------------------------------------------------------


def document_form(upload):
    form_class = get_document_form(Document)
    return form_class(
        data={
            "title": "Annual report",
            "collection": Collection.get_first_root_node().pk,
        },
        files={"file": upload},
    )


@pytest.mark.django_db
def test_document_uploads_have_a_size_limit(settings):
    settings.MASTHEAD_DOCUMENT_MAX_UPLOAD_SIZE = 1024
    big = ContentFile(b"x" * 2048, name="big.pdf")
    form = document_form(big)
    assert not form.is_valid()
    message = " ".join(form.errors["file"])
    assert "too large" in message
    assert "1.0\xa0KB" in message
    small = ContentFile(b"x" * 1000, name="small.pdf")
    assert document_form(small).is_valid()


def test_the_default_document_limit_is_twenty_megabytes():
    assert settings.MASTHEAD_DOCUMENT_MAX_UPLOAD_SIZE == 20 * 1024 * 1024


# -- end to end: what `masthead serve` (granian) answers ------------------------------

SERVE_SETUP = """
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from tests import factories
section = factories.make_section(title="Economy")
article = factories.make_article(section, "Budget passes in parliament", slug="budget")
document = get_document_model()(title="Report")
document.file.save("report.txt", ContentFile(b"<script>alert(1)</script>"), save=False)
document.save()
print(article.url, article.lead_image.file.name, document.file.name, document.url)
"""


def test_masthead_serve_serves_renditions_but_not_originals_or_documents(tmp_path):
    env = demo_env(tmp_path)

    def manage(*args):
        return run_manage(env, *args)

    manage("migrate", "-v0")
    output = manage("shell", "-c", SERVE_SETUP).strip().splitlines()[-1]
    page, original, document_file, document_url = output.split()
    port = free_port()
    server = subprocess.Popen(
        [BIN / "masthead", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base)
        html = get(base + page)[2].decode()
        rendition = next(p.split('"')[0] for p in html.split('src="/media/')[1:])
        assert rendition.startswith("images/")
        assert get(base + "/media/" + rendition)[0] == 200
        assert (tmp_path / "media" / original).exists()
        assert get(base + "/media/" + original)[0] == 404
        assert get(base + "/media/" + document_file)[0] == 404
        name = original.rsplit("/", 1)[1]
        assert get(base + f"/media/images/../original_images/{name}")[0] != 200
        status, headers, body = get(base + document_url)
        assert status == 200
        assert body == b"<script>alert(1)</script>"
        assert headers["content-disposition"].startswith("attachment")
        assert headers["content-security-policy"] == "default-src 'none'; sandbox"
        assert headers["x-content-type-options"] == "nosniff"
        assert "private" in headers["cache-control"]
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
