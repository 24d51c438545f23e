"""The Bangla edition reads in Bangla: no English UI words, Bengali digits,
Bangla month and weekday names, Asia/Dhaka time.

The newsroom here is written in Bangla (conftest), so any English or ASCII
digit a reader sees on these pages comes from the site itself.
"""

import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import translation
from lxml import html

from tests import factories

from . import po
from .test_catalog import PO

pytestmark = pytest.mark.django_db

# Content that is not the site's UI: the publisher's (English) name.
CONTENT = {"Masthead"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
BANGLA_PERIOD = "(ভোর|সকাল|দুপুর|বিকেল|সন্ধ্যা|রাত)"
BANGLA_MONTH = "(জানুয়ারি|ফেব্রুয়ারি|মার্চ|এপ্রিল|মে|জুন|জুলাই|আগস্ট|সেপ্টেম্বর|অক্টোবর|নভেম্বর|ডিসেম্বর)"
BANGLA_CLOCK = "[০-৯]{1,2}:[০-৯]{2}"
LONG_TIME = re.compile(
    rf"^[০-৯]{{1,2}} {BANGLA_MONTH} [০-৯]{{4}}, {BANGLA_PERIOD} {BANGLA_CLOCK}$"
)


def bangla_urls(newsroom):
    tag = newsroom["lead"].tags.first()
    home = newsroom["home"]
    urls = {
        "home": "/bn/",
        "section": newsroom["desh"].url,
        "article": newsroom["lead"].url,
        "tag": f"/bn/tag/{tag.slug}/",
        "author": f"/bn/author/{newsroom['rahim'].slug}/",
        "latest": "/bn/latest/",
        "search": "/bn/search/?q=ব্যাংক",
        "search without results": "/bn/search/?q=অজানাশব্দ",
        "sitemap": "/bn/sitemap/",
        "not found": "/bn/no-such-page/",
    }
    try:  # the date archive, once it is there
        urls["archive"] = home.url + home.reverse_subpage("archive")
    except NoReverseMatch:
        pass
    return urls


def reader_view(response):
    """The page as a reader meets it: visible text plus the words assistive
    technology reads out (labels, titles, alternative text, placeholders),
    without the parts marked as another language (the switch to English)."""
    tree = html.fromstring(response.content)
    for node in tree.xpath("//script | //style | //body//*[@lang and @lang!='bn']"):
        node.drop_tree()
    words = tree.xpath(
        "//title/text() | //body//text() | //body//@aria-label | //body//@title"
        " | //body//@alt | //body//@placeholder | //body//@value[../@type='submit']"
    )
    return tree, " ".join(" ".join(words).split())


def english_ui_strings():
    """Fragments of the English UI strings of the reader templates (the text
    between placeholders), as the English edition shows them."""
    fragments = set()
    for entry in po.read(PO):
        if not any(f.startswith("masthead/templates/") for f in entry.files):
            continue
        if entry.msgstr.get(0) == entry.msgid:  # "Atom": the same in Bangla
            continue
        for text in (entry.msgid, entry.msgid_plural or ""):
            for fragment in po.PLACEHOLDER.split(text):
                fragment = fragment.strip(" .,:;“”()·—-")
                if LATIN_WORD.search(fragment) and len(fragment) >= 4:
                    fragments.add(fragment)
    return fragments


def test_bangla_pages_have_no_english_ui_and_no_ascii_digits(client, bangla_newsroom):
    fragments = english_ui_strings()
    assert {"Most Read", "Related News", "Skip to main content"} <= fragments
    problems = {}
    for name, url in bangla_urls(bangla_newsroom).items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), url
        tree, text = reader_view(response)
        assert tree.get("lang") == "bn", url
        english = sorted(
            {w for w in LATIN_WORD.findall(text) if w not in CONTENT}
            | {f for f in fragments if f in text}
        )
        digits = sorted(set(re.findall(r"[0-9]+", text)))
        if english or digits:
            problems[f"{name} {url}"] = {"english": english, "ascii digits": digits}
    assert not problems, problems


def test_article_dates_are_bangla_in_dhaka_time(client, bangla_newsroom):
    response = client.get(bangla_newsroom["lead"].url)
    tree = html.fromstring(response.content)
    published = tree.xpath("//time[contains(@class, 'published')]")[0]
    assert LONG_TIME.match(published.text), published.text
    # The machine-readable time stays ISO, in the edition's time zone.
    assert re.match(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+06:00$", published.get("datetime")
    )
    moment = datetime.fromisoformat(published.get("datetime"))
    local = moment.astimezone(ZoneInfo("Asia/Dhaka"))
    assert published.text.startswith(
        str(local.day).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")) + " "
    )
    # Cards and rails: short form, with the full one as the tooltip.
    card_times = tree.xpath("//time[@data-relative]")
    assert card_times
    for node in card_times:
        assert LONG_TIME.match(node.text), node.text
        assert LONG_TIME.match(node.get("title")), node.get("title")
    # The header's date has the Bangla weekday; the footer's year is Bengali.
    (today,) = tree.xpath("//p[@class='topbar__date']/time")
    weekdays = unicodedata.normalize(
        "NFC", "রবিবার|সোমবার|মঙ্গলবার|বুধবার|বৃহস্পতিবার|শুক্রবার|শনিবার"
    )
    assert re.match(
        rf"^({weekdays}), [০-৯]{{1,2}} {BANGLA_MONTH} [০-৯]{{4}}$", today.text
    ), today.text
    legal = tree.xpath("string(//div[contains(@class, 'site-footer__legal')])")
    assert re.search(r"© [০-৯]{4} ", legal), legal
    assert "সর্বস্বত্ব সংরক্ষিত" in legal


def test_english_pages_keep_english_dates(client, newsroom):
    tree = html.fromstring(client.get(newsroom["lead"].url).content)
    published = tree.xpath("//time[contains(@class, 'published')]")[0]
    assert re.match(r"^\d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d\d [AP]M$", published.text)
    (today,) = tree.xpath("//p[@class='topbar__date']/time")
    assert re.match(r"^[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}$", today.text)


@pytest.mark.parametrize(
    ("language", "expected", "older"),
    [("bn", "পৃষ্ঠা ২ / ৫", "পুরোনো"), ("en", "Page 2 of 5", "Older")],
)
def test_pagination_counts_in_the_edition_digits(language, expected, older):
    page_obj = Paginator(list(range(100)), 20).page(2)
    with translation.override(language):
        rendered = render_to_string(
            "components/pagination.html", {"page_obj": page_obj}
        )
    text = " ".join(html.fromstring(rendered).text_content().split())
    assert expected in text
    assert older in text
    assert "?page=3" in rendered  # links keep ASCII numbers


def test_reading_time_in_each_edition(client, newsroom, bangla_newsroom):
    words = " ".join(["শব্দ"] * 430)
    long_read = factories.make_article(
        bangla_newsroom["desh"],
        "দীর্ঘ প্রতিবেদন",
        image=False,
        body=[("paragraph", f"<p>{words}</p>"), ("subhead", "আরও কিছু কথা")],
    )
    tree = html.fromstring(client.get(long_read.url).content)
    assert tree.xpath("string(//*[contains(@class, 'story__reading')])") == (
        "২ মিনিটে পড়ুন"
    )
    tree = html.fromstring(client.get(newsroom["lead"].url).content)
    assert tree.xpath("string(//*[contains(@class, 'story__reading')])") == (
        "1 min read"
    )
