"""A reader's journey in a real browser: home → lead story → what they see.

Drives Debian's Chromium through Playwright against pytest-django's live server.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.newsroom.models import ArticleKind
from tests import factories
from tests.browser.conftest import ensure_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stories(db):
    home = ensure_site()
    economy = factories.make_section(home, "Economy")
    food = factories.make_section(home, "Food")
    rahim = factories.make_author("Rahim Uddin")
    now = timezone.now()
    lead = factories.make_article(
        economy,
        "Central bank holds the policy rate",
        authors=[rahim],
        tags=["inflation"],
        is_top_story=True,
        published_at=now - timedelta(minutes=8),
    )
    factories.make_article(
        food,
        "The street food of Old Dhaka",
        kind=ArticleKind.FEATURE,
        tags=["inflation"],
        published_at=now - timedelta(hours=2),
    )
    factories.make_article(
        food,
        "Watch: a day at the fish market",
        kind=ArticleKind.VIDEO,
        published_at=now - timedelta(hours=5),
    )
    return {"lead": lead}


def test_home_to_lead_story(browser, live_server, stories):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed = []
    page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 else None,
    )
    page.goto(live_server.url + "/")

    # Keyboard: the first Tab reaches the skip link.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.textContent.trim(),"
        " document.activeElement.getAttribute('href')]"
    )
    assert focused == ["Skip to main content", "#main"]

    # The reader clicks the lead story.
    lead = stories["lead"]
    page.locator(".front-lead .card__title a").click()
    page.wait_for_url(re.compile(re.escape(lead.url) + "$"))

    assert page.locator("h1").inner_text() == lead.title
    assert page.locator(".byline").inner_text().startswith("By Rahim Uddin")
    published = page.locator("time.published")
    assert published.get_attribute("datetime")
    assert page.locator("time.modified").count() == 1

    # The lead image loaded, with alt text.
    image = page.locator(".story__lead img")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('.story__lead img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    assert image.get_attribute("alt") == f"Picture for {lead.title} (alt)"

    # Rails with their headings.
    headings = page.locator("h2").all_inner_texts()
    for heading in [
        "TOP STORIES",
        "MOST VIEWED",
        "MOST READ",
        "FEATURES",
        "VIDEOS",
        "RELATED NEWS",
        "COMMENTS",
    ]:
        assert heading in [h.upper() for h in headings]

    # The script turned absolute times into relative ones ("2h | Food").
    page.wait_for_function(
        "() => [...document.querySelectorAll('.rail--features time[data-relative]')]"
        ".some(t => /^\\d+[mhd]$/.test(t.textContent.trim()))"
    )
    feature_meta = page.locator(".rail--features .rail__meta").first.inner_text()
    assert re.fullmatch(r"\d+h \| Food", " ".join(feature_meta.split()))

    # Stylesheet, fonts and script all loaded.
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('h1')).fontFamily"
    ).startswith('"Source Serif 4"')
    assert not failed, failed
    page.close()


def test_more_menu_and_small_screens(browser, live_server, stories):
    home = factories.english_home()
    for i in range(10):
        factories.make_section(home, f"Desk {i}")
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(live_server.url + "/")
    # Nothing overflows the viewport sideways on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    more = page.locator("details.section-nav__more")
    assert not more.evaluate("d => d.open")
    more.locator("summary").click()
    assert more.evaluate("d => d.open")
    assert more.locator("a").first.is_visible()
    page.keyboard.press("Escape")
    assert not more.evaluate("d => d.open")
    page.close()
