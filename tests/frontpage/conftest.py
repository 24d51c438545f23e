"""Fixtures for the reader site: a newsroom whose rails are all filled."""

from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone
from wagtail.models import Site

from masthead.frontpage.models import NewsroomSettings
from masthead.newsroom.models import ArticleKind, StandardPage
from tests import factories


def parse(response):
    """The response body as an lxml tree."""
    assert response["Content-Type"].startswith("text/html")
    return lxml.html.fromstring(response.content.decode())


def text_of(tree, xpath):
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def add_stories(newsroom, count, *, start_minutes=0):
    """`count` more stories spread over sections, kinds and top-story flags."""
    sections = [newsroom["economy"], newsroom["banking"], newsroom["sports"]]
    kinds = [
        ArticleKind.NEWS,
        ArticleKind.FEATURE,
        ArticleKind.VIDEO,
        ArticleKind.ANALYSIS,
        ArticleKind.NEWS,
    ]
    now = timezone.now()
    made = []
    for i in range(count):
        made.append(
            factories.make_article(
                sections[i % len(sections)],
                f"Extra story {start_minutes + i}",
                kind=kinds[i % len(kinds)],
                authors=[newsroom["rahim"]] if i % 2 else [],
                tags=["inflation"] if i % 3 == 0 else ["cricket"],
                is_top_story=i % 4 == 0,
                published_at=now - timedelta(minutes=start_minutes + i + 5),
            )
        )
    return made


@pytest.fixture
def site_pages(newsroom):
    """Footer pages and the contact block in the newsroom settings."""
    home = newsroom["home"]
    pages = {}
    for slug, title in [
        ("about", "About"),
        ("privacy", "Privacy Policy"),
        ("comment-policy", "Comment Policy"),
        ("contact", "Contact Us"),
    ]:
        page = StandardPage(
            title=title,
            slug=slug,
            body=f"<p>{title} text.</p>",
            show_contact_block=slug == "contact",
            locale=home.locale,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        pages[slug] = page
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publisher_name = "Masthead"
    settings.address = "12 Press Road, Tejgaon, Dhaka 1208"
    settings.phones = "+880 2 5555 0100\n+880 1700 000 000"
    settings.emails = "news@example.com\nads@example.com"
    settings.about_page = pages["about"]
    settings.privacy_page = pages["privacy"]
    settings.comment_policy_page = pages["comment-policy"]
    settings.contact_page = pages["contact"]
    settings.copyright_holder = "Masthead Media Ltd"
    settings.save()
    return pages


@pytest.fixture
def full_newsroom(newsroom, site_pages):
    """The newsroom with every rail (top, viewed, read, features, videos) full."""
    newsroom["extra"] = add_stories(newsroom, 25)
    newsroom["pages"] = site_pages
    return newsroom
