"""What the hot page cache never keeps: one test per rule.

Each rule lives in masthead/core/hotcache.py (what the cache keeps or walks
past) or masthead/core/middleware.py (what is marked public for it and for a
CDN). Several rules overlap on real pages, so each test builds the case where
its own rule is the only one standing: taking the rule out of the code makes
that test fail. A reader would notice a broken rule as a second request
answered from memory (`X-Cache: HIT`) with stale or someone else's content;
a CDN would notice it as `public` on a response it must not share. Rules that
test_hotcache.py already pins (a 404, a session cookie on the request, parameters
no page reads, non-HTML types, the size cap without Content-Length) are not
repeated here.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from masthead.core.hotcache import HotPageCache
from masthead.newsroom.models import ArticlePage

from .. import factories
from .wsgi_client import wsgi_get, wsgi_get_lazy

pytestmark = pytest.mark.urls("tests.core.hotcache_urls")


@pytest.fixture
def hot_app():
    return HotPageCache(WSGIHandler(), check_interval=60)


@pytest.fixture
def story(transactional_db):
    section = factories.make_section(title="Economy")
    return factories.make_article(section, "Budget passes in parliament")


def retitle_quietly(story, title):
    """Change the story in the database without a publish, so no purge tells
    the cache: only a fresh render shows the new headline."""
    ArticlePage.objects.filter(pk=story.pk).update(title=title)


def assert_rendered_afresh(first, second):
    assert "x-cache" not in second.headers
    assert second.body != first.body, "the second reader got the first one's page"


def get_twice(app, path, **kwargs):
    return wsgi_get(app, path, **kwargs), wsgi_get(app, path, **kwargs)


# -- what the response says about itself (hotcache._storable) -----------------


def test_a_response_marked_private_is_not_kept_even_beside_public(
    hot_app, transactional_db
):
    """RFC 9111: `private` wins; a shared cache must not store the response."""
    first, second = get_twice(hot_app, "/rules/public-and-private/")
    assert first.status == 200
    assert_rendered_afresh(first, second)


def test_a_response_marked_no_store_is_not_kept_even_beside_public(
    hot_app, transactional_db
):
    first, second = get_twice(hot_app, "/rules/public-and-no-store/")
    assert first.status == 200
    assert_rendered_afresh(first, second)


def test_a_public_response_that_sets_a_cookie_is_not_kept(hot_app, transactional_db):
    """Kept, the cookie would be handed to every later reader."""
    first, second = get_twice(hot_app, "/rules/public-with-cookie/")
    assert "set-cookie" in first.headers
    assert_rendered_afresh(first, second)


def test_a_public_response_that_varies_on_cookie_is_not_kept(hot_app, transactional_db):
    """Vary: Cookie means the page depends on who asks; the cache keys on the
    URL only."""
    first, second = get_twice(hot_app, "/rules/public-reading-the-session/")
    assert "cookie" in first.headers["vary"].lower()
    assert_rendered_afresh(first, second)


def test_a_permanent_redirect_is_not_kept_after_the_editor_removes_it(hot_app, story):
    """A 301 is public for a CDN (briefly), but the origin keeps only 200s:
    deleting the redirect takes effect at once, without a purge."""
    Redirect.objects.create(old_path="/old-budget-story", redirect_page=story)
    moved = wsgi_get(hot_app, "/old-budget-story/")
    assert moved.status == 301
    assert "public" in moved.headers["cache-control"]
    Redirect.objects.all().delete()
    again = wsgi_get(hot_app, "/old-budget-story/")
    assert again.status == 404
    assert "x-cache" not in again.headers


# -- what is marked public (PublicCacheMiddleware) ----------------------------


def test_a_temporary_redirect_is_never_marked_public(hot_app, story):
    Redirect.objects.create(
        old_path="/budget-today", redirect_page=story, is_permanent=False
    )
    response = wsgi_get(hot_app, "/budget-today/")
    assert response.status == 302
    assert "public" not in response.headers["cache-control"]
    assert "no-store" in response.headers["cache-control"]


def test_a_server_error_is_never_marked_public_nor_kept(hot_app, transactional_db):
    first, second = get_twice(hot_app, "/rules/fails/")
    assert first.status == 500
    assert "public" not in first.headers["cache-control"]
    assert "no-store" in first.headers["cache-control"]
    assert "x-cache" not in second.headers


def test_a_page_that_sets_a_cookie_is_marked_private_and_not_kept(
    hot_app, transactional_db
):
    first, second = get_twice(hot_app, "/rules/sets-a-cookie/")
    assert "cookie" not in first.headers.get("vary", "").lower()
    assert "private" in first.headers["cache-control"]
    assert_rendered_afresh(first, second)


def test_a_page_that_reads_the_session_is_marked_private_and_not_kept(
    hot_app, transactional_db
):
    first, second = get_twice(hot_app, "/rules/reads-the-session/")
    assert "private" in first.headers["cache-control"]
    assert_rendered_afresh(first, second)


def test_a_password_form_is_not_shared_with_the_next_reader(hot_app, story):
    """The form carries a CSRF token made from the first reader's cookie; kept,
    the next reader's submission would fail the CSRF check. Wagtail marks the
    form never-cache itself; the cookie and Vary rules stand behind it."""
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    cookie = {"Cookie": "csrftoken=" + "a" * 32}
    first, second = get_twice(hot_app, story.url, headers=cookie)
    assert b'name="csrfmiddlewaretoken"' in first.body
    assert "private" in first.headers["cache-control"]
    assert_rendered_afresh(first, second)


def test_nothing_under_the_private_prefixes_is_public(hot_app, transactional_db):
    """Wagtail makes its own admin views never-cache; the prefix rule covers
    what they do not answer, such as the API's sign-in routes (here a 404,
    which is otherwise public for a minute)."""
    response = wsgi_get(hot_app, "/api/v1/auth/token")
    assert response.status == 404
    assert "public" not in response.headers["cache-control"]
    assert "private" in response.headers["cache-control"]


# -- who is asking, and how ---------------------------------------------------


@pytest.fixture
def editor_cookie(transactional_db):
    editor = get_user_model().objects.create_superuser(
        "editor", "editor@example.com", "pw"
    )
    client = Client()
    client.force_login(editor)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def test_an_editor_s_view_of_a_page_is_marked_private(hot_app, story, editor_cookie):
    """The editor's page may carry the edit bar; a CDN must not keep it."""
    response = wsgi_get(hot_app, story.url, headers=editor_cookie)
    assert response.status == 200
    assert "public" not in response.headers["cache-control"]


def test_an_editor_viewing_a_draft_never_reaches_readers(hot_app, story, editor_cookie):
    wsgi_get(hot_app, story.url)
    story.title = "Budget fails: the draft headline"
    story.save_revision()
    draft = wsgi_get(
        hot_app, f"/admin/pages/{story.pk}/view_draft/", headers=editor_cookie
    )
    assert b"the draft headline" in draft.body
    assert "private" in draft.headers["cache-control"]
    reader = wsgi_get(hot_app, story.url)
    assert b"the draft headline" not in reader.body
    assert b"Budget passes in parliament" in reader.body


def test_a_draft_shown_outside_the_admin_is_never_kept(hot_app, story):
    """A preview carries no cookie of its own when it is a share link: only
    `is_preview` tells the middleware not to make it public."""
    story.title = "Budget fails: the draft headline"
    story.save_revision()
    first = wsgi_get(hot_app, f"/rules/shared-preview/{story.pk}/")
    assert b"the draft headline" in first.body
    assert "public" not in first.headers["cache-control"]
    story.title = "Budget fails: the second draft"
    story.save_revision()
    second = wsgi_get(hot_app, f"/rules/shared-preview/{story.pk}/")
    assert "x-cache" not in second.headers
    assert b"the second draft" in second.body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_other_methods_are_never_answered_from_the_cache(hot_app, story, method):
    """A form sent to a page's URL reaches Django, not the kept page."""
    wsgi_get(hot_app, story.url)
    retitle_quietly(story, "Budget passes, amended")
    response = wsgi_get(hot_app, story.url, method=method)
    assert "x-cache" not in response.headers


@pytest.mark.parametrize("method", ["POST", "OPTIONS"])
def test_other_methods_are_never_marked_public(hot_app, story, method):
    """A POST without a CSRF cookie is refused (403, never public anyway);
    OPTIONS passes the CSRF check and is answered by the page."""
    response = wsgi_get(hot_app, story.url, method=method)
    assert "public" not in response.headers["cache-control"]


def test_a_head_request_is_not_kept_for_the_next_get(hot_app, story):
    wsgi_get(hot_app, story.url, method="HEAD")
    retitle_quietly(story, "Budget passes, amended")
    response = wsgi_get(hot_app, story.url)
    assert response.headers.get("x-cache") == "MISS", "rendered, not kept from HEAD"
    assert b"Budget passes, amended" in response.body


def test_a_request_with_credentials_is_never_answered_from_the_cache(hot_app, story):
    wsgi_get(hot_app, story.url)
    retitle_quietly(story, "Budget passes, amended")
    response = wsgi_get(hot_app, story.url, headers={"Authorization": "Bearer t0k3n"})
    assert "x-cache" not in response.headers
    assert b"Budget passes, amended" in response.body


def test_a_response_to_a_request_with_credentials_is_marked_private(hot_app, story):
    response = wsgi_get(hot_app, story.url, headers={"Authorization": "Bearer t0k3n"})
    assert response.status == 200
    assert "public" not in response.headers["cache-control"]


# -- what the body is ---------------------------------------------------------


def test_a_streamed_page_passes_through_unread_and_is_not_kept(
    hot_app, transactional_db
):
    """A stream may be endless (a live blog) or huge: it is never read into
    memory, even when its type is HTML and it is marked public."""
    stream = wsgi_get_lazy(hot_app, "/rules/live-blog/")
    assert not isinstance(stream, list), "handed to the server unread"
    first_chunk = next(iter(stream))
    stream.close()
    assert b"rendered #" in first_chunk
    again = wsgi_get(hot_app, "/rules/live-blog/")
    assert "x-cache" not in again.headers
    assert not hot_app.entries


def test_a_real_page_over_the_entry_cap_is_not_kept(settings, story):
    settings.MASTHEAD_PAGE_CACHE = {
        **settings.MASTHEAD_PAGE_CACHE,
        "MAX_ENTRY_BYTES": 4096,
    }
    app = HotPageCache(WSGIHandler(), check_interval=60)
    first = wsgi_get(app, story.url)
    assert len(first.body) > 4096
    retitle_quietly(story, "Budget passes, amended")
    second = wsgi_get(app, story.url)
    assert "x-cache" not in second.headers
    assert b"Budget passes, amended" in second.body


def test_a_response_over_the_cap_by_its_length_is_passed_on_without_a_copy():
    """Content-Length says it is too big before the body is joined: the
    server gets the application's own iterable, not a 2 MB copy of it."""
    chunks = [b"<p>" + b"y" * 4096 + b"</p>"] * 4
    size = sum(map(len, chunks))

    def app(environ, start_response):
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html"),
                ("Cache-Control", "public, max-age=60"),
                ("Content-Length", str(size)),
            ],
        )
        return chunks

    cache = HotPageCache(app, check_interval=60)
    cache.max_entry_bytes = 1024
    assert wsgi_get_lazy(cache, "/big/") is chunks
    assert not cache.entries
