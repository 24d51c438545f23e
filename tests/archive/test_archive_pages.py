"""The archive by date: years, months, a month's calendar, a day's stories."""

import lxml.html
import pytest
from wagtail.models import PageViewRestriction

from masthead.newsroom.services import withdraw_story
from tests import factories

from .conftest import utc

pytestmark = pytest.mark.django_db


def tree(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def titles(response):
    return [
        " ".join(a.text_content().split())
        for a in tree(response).xpath("//main//h2[@class='card__title']/a")
    ]


def test_a_day_is_the_edition_local_day_on_both_sides_of_midnight(client, archive):
    # 17:30 UTC on the 29th is 23:30 in Dhaka: still the 29th.
    assert titles(client.get("/archive/2025/03/29/")) == ["Late night budget talks"]
    # 18:30 UTC on the 29th is 00:30 in Dhaka: already the 30th.
    assert titles(client.get("/archive/2025/03/30/")) == [
        "Banks open on Sunday",
        "Early morning match report",
    ]


def test_the_month_calendar_counts_days_in_the_edition_time_zone(client, archive):
    page = tree(client.get("/archive/2025/03/"))
    links = {
        a.get("href"): a.get("aria-label")
        for a in page.xpath("//table[contains(@class, 'calendar__grid')]//a")
    }
    assert links == {
        "/archive/2025/03/29/": "29 March 2025: 1 story",
        "/archive/2025/03/30/": "30 March 2025: 2 stories",
    }
    assert page.xpath("string(//table/caption)").strip() == "March 2025"
    headers = page.xpath("//table/thead//th")
    assert len(headers) == 7 and {th.get("scope") for th in headers} == {"col"}
    assert "3 stories published this month." in page.text_content()


def test_the_index_lists_years_and_the_year_lists_months(client, archive):
    index = tree(client.get("/archive/"))
    years = {
        a.get("href"): " ".join(a.text_content().split())
        for a in index.xpath("//section[contains(@class,'archive__years')]//a")
    }
    assert years == {
        "/archive/2025/": "2025 3 stories",
        "/archive/2024/": "2024 1 story",
    }
    year = tree(client.get("/archive/2025/"))
    months = year.xpath("//ul[contains(@class,'archive__periods--months')]/li")
    assert len(months) == 12
    linked = [a.get("href") for a in year.xpath("//ul/li/a[time]")]
    assert linked == ["/archive/2025/03/"]
    crumbs = year.xpath("//nav[contains(@class,'breadcrumbs')]//li")
    assert [" ".join(li.text_content().split()) for li in crumbs] == ["Archive", "2025"]


def test_the_day_page_has_breadcrumbs_a_heading_and_a_canonical_url(client, archive):
    page = tree(client.get("/archive/2025/03/30/"))
    crumbs = page.xpath("//nav[contains(@class,'breadcrumbs')]//li")
    assert [" ".join(li.text_content().split()) for li in crumbs] == [
        "Archive",
        "2025",
        "March",
        "30",
    ]
    assert page.xpath("//h1/time/@datetime") == ["2025-03-30"]
    (canonical,) = page.xpath("//link[@rel='canonical']/@href")
    assert canonical.endswith("://testserver/archive/2025/03/30/")
    assert not page.xpath("//meta[@name='robots' and contains(@content,'noindex')]")


def test_only_stories_readers_may_see_are_counted_and_listed(client, archive):
    draft = factories.make_article(
        archive["economy"], "A draft", publish=False, published_at=utc(2025, 3, 30, 7)
    )
    withdrawn = factories.make_article(
        archive["economy"], "A killed story", published_at=utc(2025, 3, 30, 8)
    )
    withdraw_story(story=withdrawn, note="Legal reasons.")
    secret = factories.make_article(
        archive["economy"], "A members' story", published_at=utc(2025, 3, 30, 9)
    )
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.LOGIN
    )
    day = client.get("/archive/2025/03/30/")
    assert set(titles(day)) == {"Banks open on Sunday", "Early morning match report"}
    month = tree(client.get("/archive/2025/03/"))
    assert month.xpath("//a[@href='/archive/2025/03/30/']/@aria-label") == [
        "30 March 2025: 2 stories"
    ]
    assert draft.title not in client.get("/archive/").content.decode()


def test_a_section_archive_lists_only_its_subtree(client, archive):
    economy_day = client.get("/economy/archive/2025/03/30/")
    assert titles(economy_day) == ["Banks open on Sunday"]  # from Banking
    assert titles(client.get("/economy/banking/archive/2025/03/30/")) == [
        "Banks open on Sunday"
    ]
    assert titles(client.get("/sports/archive/2025/03/30/")) == [
        "Early morning match report"
    ]
    index = tree(client.get("/sports/archive/"))
    assert index.xpath("//h1")[0].text_content().strip() == "Sports archive"
    years = index.xpath("//section[contains(@class,'archive__years')]//a/@href")
    assert years == ["/sports/archive/2025/", "/sports/archive/2024/"]
    # Economy's archive begins with its first story, in 2025.
    assert client.get("/economy/archive/2024/").status_code == 404


def test_a_restricted_or_unknown_section_has_no_archive(client, archive):
    PageViewRestriction.objects.create(
        page=archive["sports"], restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get("/sports/archive/").status_code == 404
    assert client.get("/nowhere/archive/").status_code == 404
    assert client.get("/economy/nowhere/archive/2025/").status_code == 404


def test_on_this_day_lists_stories_of_this_date_in_past_years(client, archive):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo("Asia/Dhaka"))
    try:
        then = today.replace(year=today.year - 2, hour=12)
    except ValueError:  # 29 February
        then = today.replace(year=today.year - 4, hour=12)
    factories.make_article(archive["economy"], "Years ago today", published_at=then)
    factories.make_article(
        archive["economy"],
        "Years ago yesterday",
        published_at=then - timedelta(days=1),
    )
    page = tree(client.get("/archive/"))
    listed = page.xpath("//section[contains(@class,'archive__on-this-day')]//h3/a")
    assert [a.text_content() for a in listed] == ["Years ago today"]


def test_the_archive_is_linked_from_the_footer_and_the_html_sitemap(client, archive):
    for url in ["/", "/sitemap/"]:
        assert tree(client.get(url)).xpath("//a[@href='/archive/']"), url


def test_an_empty_newsroom_has_an_archive_page_and_no_years(client, db):
    factories.english_home()
    response = client.get("/archive/")
    assert "No stories here yet." in response.content.decode()
    assert client.get("/archive/2026/").status_code == 404


def test_the_bangla_archive_uses_bengali_digits_and_month_names(client, archive):
    bangla = factories.make_section(factories.bangla_home(), "Bangla Economy")
    factories.make_article(bangla, "বাজেট আলোচনা", published_at=utc(2025, 3, 29, 17, 30))
    month = tree(client.get("/bn/archive/2025/03/"))
    assert month.xpath("string(//table/caption)").strip() == "মার্চ ২০২৫"
    day = client.get("/bn/archive/2025/03/29/")
    assert titles(day) == ["বাজেট আলোচনা"]
    heading = tree(day).xpath("string(//h1)")
    assert "২৯" in heading and "২০২৫" in heading and "29" not in heading
    # The English stories are not in the Bangla edition's archive.
    assert client.get("/bn/archive/2024/").status_code == 404


def test_days_follow_daylight_saving_time_in_the_edition_time_zone(client, archive):
    home = archive["home"]
    home.time_zone = "Europe/London"
    home.save()
    # 23:30 UTC is 23:30 in London in January, 00:30 the next day in June.
    factories.make_article(
        archive["economy"], "Winter night", published_at=utc(2025, 1, 10, 23, 30)
    )
    factories.make_article(
        archive["economy"], "Summer night", published_at=utc(2025, 6, 10, 23, 30)
    )
    assert titles(client.get("/archive/2025/01/10/")) == ["Winter night"]
    assert titles(client.get("/archive/2025/06/11/")) == ["Summer night"]
    assert titles(client.get("/archive/2025/06/10/")) == []
    june = tree(client.get("/archive/2025/06/"))
    assert june.xpath("//table//a/@href") == ["/archive/2025/06/11/"]
    # The year spans both offsets: counted in the zone's own rules.
    year = tree(client.get("/archive/2025/"))
    linked = year.xpath("//ul/li/a[time]/@href")
    assert linked == ["/archive/2025/01/", "/archive/2025/03/", "/archive/2025/06/"]


def test_a_fixed_offset_is_used_only_while_the_zone_keeps_one():
    from datetime import date
    from zoneinfo import ZoneInfo

    from masthead.frontpage.archive import fixed_offset

    dhaka = ZoneInfo("Asia/Dhaka")
    assert fixed_offset(dhaka, date(2025, 1, 1), date(2026, 1, 1)) == 360
    # Bangladesh kept daylight saving time from June to December 2009.
    assert fixed_offset(dhaka, date(2009, 1, 1), date(2010, 1, 1)) is None
    london = ZoneInfo("Europe/London")
    assert fixed_offset(london, date(2025, 6, 1), date(2025, 7, 1)) == 60
    assert fixed_offset(london, date(2025, 3, 1), date(2025, 4, 1)) is None


def test_a_section_named_archive_keeps_its_stories_but_not_its_front(client, archive):
    """The edition's routes come first: `/archive/` is the date archive even
    when a section has that slug (the demo's "Archive"); its stories keep
    their addresses and its own date archive is `/archive/archive/`."""
    section = factories.make_section(archive["home"], "Archive")
    story = factories.make_article(
        section, "From our back pages", published_at=utc(2025, 3, 30, 9)
    )
    assert tree(client.get("/archive/")).xpath("string(//h1)").strip() == "Archive"
    assert client.get(story.url).status_code == 200
    assert titles(client.get("/archive/archive/2025/03/30/")) == ["From our back pages"]
