"""Relative times in the browser (site.js): "৮ মিনিট আগে" with Bengali digits
on the Bangla edition, "8m" on the English one; the absolute Bangla date
stays as the tooltip. Real Chromium against the live server."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.conftest import browser, ensure_site  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fresh_stories():
    english_home = ensure_site()
    bangla_home = factories.bangla_home()
    now = timezone.now()
    english = factories.make_section(english_home, "Economy")
    desh = factories.make_section(bangla_home, "দেশ", slug="desh")
    stories = {}
    for key, section, title, age in [
        ("bn_minutes", desh, "আট মিনিট আগের খবর", timedelta(minutes=8, seconds=20)),
        ("bn_hours", desh, "দুই ঘণ্টা আগের খবর", timedelta(hours=2, minutes=5)),
        ("bn_now", desh, "এইমাত্র পাওয়া খবর", timedelta(seconds=1)),
        ("en_minutes", english, "Eight minutes old", timedelta(minutes=8, seconds=20)),
    ]:
        stories[key] = factories.make_article(
            section, title, image=False, published_at=now - age
        )
    return stories


def shown_times(browser, url):  # noqa: F811 (the fixture)
    page = browser.new_page()
    try:
        page.goto(url)
        page.wait_for_function(
            "() => document.querySelector('time[data-relative][data-absolute]')"
        )
        return page.eval_on_selector_all(
            "time[data-relative]",
            """nodes => nodes.map(n => ({
                story: n.closest('article, li') && n.closest('article, li').innerText,
                text: n.textContent,
                title: n.getAttribute('title'),
            }))""",
        )
    finally:
        page.close()


def time_for(times, title):
    for shown in times:
        if shown["story"] and title in shown["story"]:
            return shown
    raise AssertionError(f"no time for {title!r} in {times}")


def test_bangla_relative_times_read_in_bangla(browser, live_server, fresh_stories):  # noqa: F811
    times = shown_times(browser, live_server.url + "/bn/latest/")
    assert time_for(times, "আট মিনিট আগের খবর")["text"] == "৮ মিনিট আগে"
    assert time_for(times, "দুই ঘণ্টা আগের খবর")["text"] == "২ ঘণ্টা আগে"
    assert time_for(times, "এইমাত্র পাওয়া খবর")["text"] == "এখন"
    for shown in times:
        assert not re.search(r"[0-9A-Za-z]", shown["text"]), shown
        # The absolute time, for a hover or a long press, is Bangla too.
        assert re.search("নভেম্বর|ডিসেম্বর|জানুয়ারি|[০-৯]{4}", shown["title"]), shown


def test_english_relative_times_stay_short(browser, live_server, fresh_stories):  # noqa: F811
    times = shown_times(browser, live_server.url + "/latest/")
    assert time_for(times, "Eight minutes old")["text"] == "8m"
