"""What a CDN and a browser are told about caching."""

from datetime import timedelta

from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from .. import factories


def test_public_pages_are_cacheable_by_shared_caches(client, newsroom):
    response = client.get(newsroom["lead"].url)
    control = response["Cache-Control"]
    assert "public" in control
    assert "s-maxage=" in control
    assert "stale-while-revalidate=" in control
    assert response.has_header("ETag")
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_revalidation_with_the_etag_gets_304(client, newsroom):
    first = client.get(newsroom["lead"].url)
    again = client.get(newsroom["lead"].url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_article_pages_carry_last_modified_and_honour_if_modified_since(
    client, newsroom
):
    first = client.get(newsroom["lead"].url)
    assert first.has_header("Last-Modified")
    again = client.get(
        newsroom["lead"].url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 304
    older = http_date(newsroom["lead"].last_published_at.timestamp() - 3600)
    assert (
        client.get(newsroom["lead"].url, HTTP_IF_MODIFIED_SINCE=older).status_code
        == 200
    )


def test_admin_and_logged_in_views_are_never_cached(admin_client, newsroom):
    response = admin_client.get("/admin/")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    page = admin_client.get(newsroom["lead"].url)
    assert "private" in page["Cache-Control"]


def test_previews_are_private(admin_client, newsroom):
    article = newsroom["lead"]
    response = admin_client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_missing_pages_are_cached_briefly_only(client, db):
    factories.english_home()
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "max-age=30" in response["Cache-Control"]


def test_a_story_s_last_modified_follows_the_edition_s_newest_story(
    client, newsroom, django_capture_on_commit_callbacks
):
    before = parse_http_date(client.get(newsroom["lead"].url)["Last-Modified"])
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_article(
            newsroom["sports"],
            "Late result from Sylhet",
            published_at=timezone.now() + timedelta(minutes=5),
        )
    after = parse_http_date(client.get(newsroom["lead"].url)["Last-Modified"])
    assert after > before
