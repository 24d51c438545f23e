"""Stories behind a password or login restriction stay out of every reader read.

A restriction on the story or on any page above it (a members-only section)
hides the story from fronts, listings, rails, related news, feeds, sitemaps,
search (also on a word only in its body) and the API, and adding or removing
one purges what was cached.
"""

import json
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from wagtail.models import PageViewRestriction

from masthead.core.hotcache import HotPageCache
from masthead.newsroom.models import ArticleKind
from tests import factories
from tests.core.test_edge_purge import edge  # noqa: F401 - a fixture
from tests.core.wsgi_client import wsgi_get

SECRET = "secret-merger-talks"  # password on the story itself
MEMBERS = "members-only-briefing"  # login restriction on its section
HIDDEN = "hidden-budget-leak"  # password on the story itself
DESK = "members-desk"  # the restricted section


def make_secrets(newsroom):
    members = factories.make_section(newsroom["home"], "Members Desk", in_nav=False)
    newsroom["members"] = members
    newsroom["secret"] = factories.make_article(
        newsroom["economy"],
        "Secret merger talks",
        slug=SECRET,
        kind=ArticleKind.FEATURE,
        is_top_story=True,
        authors=[newsroom["rahim"]],
        agency=newsroom["reuters"],
        tags=["inflation", "merger"],
        body=[("paragraph", "<p>The zanzibarwhisper clause was agreed.</p>")],
    )
    newsroom["briefing"] = factories.make_article(
        members,
        "Members-only briefing",
        slug=MEMBERS,
        kind=ArticleKind.VIDEO,
        is_top_story=True,
        authors=[newsroom["rahim"]],
        tags=["inflation"],
        body=[("paragraph", "<p>The quokkamurmur forecast.</p>")],
    )
    newsroom["hidden"] = factories.make_article(
        newsroom["sports"],
        "Hidden budget leak",
        slug=HIDDEN,
        is_top_story=True,
        tags=["cricket"],
    )
    return newsroom


def restrict(newsroom):
    return [
        PageViewRestriction.objects.create(
            page=newsroom["secret"],
            restriction_type=PageViewRestriction.PASSWORD,
            password="letmein",
        ),
        PageViewRestriction.objects.create(
            page=newsroom["members"], restriction_type=PageViewRestriction.LOGIN
        ),
        PageViewRestriction.objects.create(
            page=newsroom["hidden"],
            restriction_type=PageViewRestriction.PASSWORD,
            password="letmein",
        ),
    ]


def reads(newsroom):
    """Every reader-facing read and the restricted stories it lists when
    nothing is restricted (so the test cannot pass by listing nothing)."""
    everything = {SECRET, MEMBERS, HIDDEN}
    pk = newsroom["secret"].pk
    return [
        ("/", everything),
        ("/economy/", {SECRET}),
        ("/sports/", {HIDDEN}),
        ("/latest/", everything),
        ("/tag/inflation/", {SECRET, MEMBERS}),
        ("/tag/merger/", {SECRET}),
        ("/author/rahim-uddin/", {SECRET, MEMBERS}),
        ("/agency/reuters/", {SECRET}),
        # Related News (shares "inflation") and every rail.
        (newsroom["lead"].url, everything),
        (newsroom["match"].url, everything),
        ("/sitemap/", {DESK}),
        ("/search/?q=secret", {SECRET}),
        ("/search/?q=zanzibarwhisper", {SECRET}),
        ("/search/?q=quokkamurmur", {MEMBERS}),
        ("/search/?q=briefing", {MEMBERS}),
        ("/feeds/rss.xml", everything),
        ("/feeds/atom.xml", everything),
        ("/feeds/section/economy/rss.xml", {SECRET}),
        ("/feeds/section/members-desk/atom.xml", {MEMBERS}),
        ("/feeds/tag/inflation/atom.xml", {SECRET, MEMBERS}),
        ("/feeds/author/rahim-uddin/rss.xml", {SECRET, MEMBERS}),
        ("/sitemap-articles-en.xml", everything),
        ("/sitemap-pages-en.xml", {DESK}),
        ("/news-sitemap.xml", everything),
        ("/api/v1/articles", everything),
        ("/api/v1/articles?tag=merger", {SECRET}),
        ("/api/v1/articles?section=members-desk", {MEMBERS}),
        (f"/api/v1/articles?uri=urn:masthead:article:{pk}", {SECRET}),
        (f"/api/v1/articles/{pk}", {SECRET}),
        (f"/api/v1/articles/{pk}?format=ninjs", {SECRET}),
        (f"/api/v1/articles/{pk}/ninjs", {SECRET}),
    ]


def shown(response, markers):
    text = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(text))
    return {marker for marker in markers if marker in text}


def test_unrestricted_stories_are_listed_everywhere_checked(client, newsroom):
    make_secrets(newsroom)
    # The search index is written after commit (masthead.search); this
    # test's data is never committed, so index it here.
    from masthead.search.index import rebuild

    rebuild()
    missing = []
    for url, expected in reads(newsroom):
        response = client.get(url)
        assert response.status_code == 200, url
        if shown(response, expected) != expected:
            missing.append((url, expected - shown(response, expected)))
    assert missing == []


def test_restricted_stories_are_in_no_reader_read(client, newsroom):
    make_secrets(newsroom)
    restrict(newsroom)
    leaks = []
    for url, expected in reads(newsroom):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        if response.status_code == 200 and shown(response, expected):
            leaks.append((url, shown(response, expected)))
    assert leaks == []


def test_restricted_stories_answer_with_the_privacy_form_not_the_story(
    client, newsroom
):
    make_secrets(newsroom)
    restrict(newsroom)
    secret = client.get(newsroom["secret"].url)
    assert b"zanzibarwhisper" not in secret.content
    members = client.get(newsroom["briefing"].url)
    assert members.status_code == 302  # to the login page
    assert b"quokkamurmur" not in members.content


def test_restricting_a_story_drops_it_from_the_cached_rails(
    client, newsroom, django_capture_on_commit_callbacks
):
    make_secrets(newsroom)
    assert HIDDEN in client.get(newsroom["lead"].url).content.decode()  # cached
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=newsroom["hidden"],
            restriction_type=PageViewRestriction.PASSWORD,
            password="letmein",
        )
    assert HIDDEN not in client.get(newsroom["lead"].url).content.decode()


# -- purge: the hot page cache (commit hooks need real transactions) ----------


@pytest.fixture
def hot_app():
    return HotPageCache(WSGIHandler(), check_interval=0.05)


def eventually(check, seconds=1.5):
    deadline = time.monotonic() + seconds
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def test_making_a_story_private_purges_it_and_every_listing(hot_app, transactional_db):
    section = factories.make_section(title="Economy")
    story = factories.make_article(
        section,
        "Budget passes in parliament",
        slug="budget-passes",
        body=[("paragraph", "<p>The pelicanquorum vote.</p>")],
    )
    for url in (story.url, "/", "/latest/"):
        wsgi_get(hot_app, url)
        assert wsgi_get(hot_app, url).headers.get("x-cache") == "HIT", url
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert eventually(lambda: b"pelicanquorum" not in wsgi_get(hot_app, story.url).body)
    for url in ("/", "/latest/"):
        assert eventually(
            lambda url=url: b"budget-passes" not in wsgi_get(hot_app, url).body
        ), url
    # Lifting the restriction brings it back at once too.
    restriction.delete()
    assert eventually(lambda: b"pelicanquorum" in wsgi_get(hot_app, story.url).body)
    assert eventually(lambda: b"budget-passes" in wsgi_get(hot_app, "/").body)


def test_restricting_a_section_purges_its_stories(hot_app, transactional_db):
    section = factories.make_section(title="Economy")
    story = factories.make_article(
        section,
        "Budget passes in parliament",
        slug="budget-passes",
        body=[("paragraph", "<p>The pelicanquorum vote.</p>")],
    )
    wsgi_get(hot_app, story.url)
    assert wsgi_get(hot_app, story.url).headers.get("x-cache") == "HIT"
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    assert eventually(lambda: b"pelicanquorum" not in wsgi_get(hot_app, story.url).body)


def test_restricting_a_section_purges_it_its_stories_and_listings_at_the_edge(
    edge,  # noqa: F811 - the fixture
    newsroom,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=newsroom["economy"], restriction_type=PageViewRestriction.LOGIN
        )
    # The section is in every page's navigation; its stories, fronts, feeds
    # and sitemaps must never be served from before: everything, hard.
    assert any("all" in purge["xkey_hard"] for purge in edge)
    hard = set().union(*(purge["xkey_hard"] for purge in edge))
    assert {f"p{newsroom['lead'].pk}", f"p{newsroom['wire'].pk}"} <= hard
