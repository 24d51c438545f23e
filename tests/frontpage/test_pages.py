"""Every reader page renders with the parts a reader sees (PRODUCT.md)."""

import re

import pytest

from tests import factories

from .conftest import parse, text_of

pytestmark = pytest.mark.django_db


def assert_chrome(tree):
    """Header, nav, footer and accessibility landmarks every page shares."""
    assert tree.xpath("/html/@lang") == ["en"]
    # The skip link is the first focusable element and points at <main>.
    first_link = tree.xpath("//body//a[1]")[0]
    assert first_link.get("href") == "#main"
    assert tree.xpath("//main[@id='main']")
    assert tree.xpath("//header[contains(@class,'site-header')]")
    assert tree.xpath("//footer[contains(@class,'site-footer')]")
    assert len(tree.xpath("//h1")) == 1
    # Today's date in the edition's time zone.
    date = tree.xpath("//p[@class='topbar__date']/time")[0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date.get("datetime"))
    # Section navigation and the link to the other edition.
    nav = tree.xpath("//nav[contains(@class,'section-nav')]")[0]
    assert "Economy" in nav.text_content()
    # (The Bangla front, or the same listing there: /bn/latest/.)
    assert tree.xpath("//a[@hreflang='bn' and starts-with(@href, '/bn/')]")
    # Footer: sitemap, RSS, sections, copyright.
    footer = tree.xpath("//footer")[0]
    footer_links = {a.text_content().strip(): a.get("href") for a in footer.iter("a")}
    assert footer_links["Sitemap"] == "/sitemap/"
    assert footer_links["RSS"] == "/feeds/rss.xml"
    assert "Sports" in footer_links
    assert "©" in footer.text_content()
    # Styles and the deferred script are static files, no inline handlers.
    assert tree.xpath("//link[@rel='stylesheet' and contains(@href,'site.css')]")
    script = tree.xpath("//script[contains(@src,'site.js')]")[0]
    assert script.get("defer") is not None
    html = tree.xpath("//body")[0]
    for node in html.iter():
        assert not any(attr.startswith("on") for attr in node.attrib)


def assert_heading_order(tree):
    levels = [int(h.tag[1]) for h in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_article_page_shows_every_part(client, full_newsroom):
    lead = full_newsroom["lead"]
    response = client.get(lead.url)
    assert response.status_code == 200
    tree = parse(response)
    assert_chrome(tree)
    assert_heading_order(tree)

    article = tree.xpath("//article[contains(@class,'story')]")[0]
    # Section label, linked to the section front.
    section = article.xpath(".//a[@class='story__section']")[0]
    assert section.text_content() == "Economy"
    assert section.get("href") == "/economy/"
    assert article.xpath(".//h1")[0].text_content() == lead.title
    assert text_of(article, ".//p[@class='story__standfirst']") == [lead.standfirst]
    # Byline: both authors, linked to their pages.
    authors = article.xpath(".//a[@class='byline__author']")
    assert [a.text_content() for a in authors] == ["Rahim Uddin", "Nadia Islam"]
    assert authors[0].get("href") == "/author/rahim-uddin/"
    assert text_of(article, ".//p[@class='story__dateline']") == ["Dhaka"]
    # Published and last-modified times, machine readable, edition time zone.
    published = article.xpath(".//time[contains(@class,'published')]")[0]
    modified = article.xpath(".//time[contains(@class,'modified')]")[0]
    assert published.get("datetime").endswith("+06:00")
    assert modified.get("datetime")
    assert "Last modified" in article.text_content()
    # Lead image with alt text, srcset, WebP source, caption and credit.
    figure = article.xpath(".//figure[@class='story__lead']")[0]
    img = figure.xpath(".//img")[0]
    assert img.get("alt") == f"Picture for {lead.title} (alt)"
    assert img.get("srcset")
    assert figure.xpath(".//source[@type='image/webp']")
    caption = figure.xpath("./figcaption")[0].text_content()
    assert "A caption" in caption
    assert "Staff photographer" in caption
    # Body blocks: paragraphs, subhead, quote.
    body = article.xpath(".//div[@class='story__body']")[0]
    assert "First paragraph of the story." in body.text_content()
    assert text_of(body, ".//h2") == ["What happened next"]
    assert "It was a day to remember." in text_of(body, ".//blockquote")[0]
    # Tags, linked.
    tags = {a.text_content(): a.get("href") for a in article.xpath(".//a[@rel='tag']")}
    assert tags == {
        "monetary policy": "/tag/monetary-policy/",
        "inflation": "/tag/inflation/",
    }
    # Comments with the comment policy, Related News, the rails.
    headings = text_of(tree, "//h2")
    for heading in [
        "Comments",
        "Related News",
        "Top Stories",
        "Most Viewed",
        "Most Read",
        "Features",
        "Videos",
    ]:
        assert heading in headings
    comments = tree.xpath("//section[@id='comments']")[0]
    policy = comments.xpath(".//a")[0]
    assert policy.text_content() == "Comment Policy"
    assert policy.get("href") == "/comment-policy/"
    assert not comments.xpath(".//form")
    related = tree.xpath("//section[contains(@class,'related')]//h3/a")
    assert related and lead.title not in [a.text_content() for a in related]
    # Ranked rails: <ol> with section names; relative times in <time datetime>.
    most_read = tree.xpath("//section[contains(@class,'rail--most-read')]")[0]
    items = most_read.xpath("./ol/li")
    assert 1 <= len(items) <= 5
    assert items[0].xpath(".//span[@class='rail__section']")
    videos = tree.xpath("//section[contains(@class,'rail--videos')]")[0]
    assert videos.xpath(".//time[@data-relative and @datetime]")
    assert tree.xpath("//aside[contains(@class,'rails')]")


def test_article_page_with_agency_and_free_text_byline(client, newsroom):
    story = factories.make_article(
        newsroom["sports"],
        "Wire copy with a free-text byline",
        agency=newsroom["reuters"],
        byline_text="Sports Desk",
        kicker="Exclusive",
    )
    tree = parse(client.get(story.url))
    byline = tree.xpath("//p[@class='byline']")[0]
    assert "Sports Desk" in byline.text_content()
    agency = byline.xpath(".//a[@class='byline__agency']")[0]
    assert agency.text_content() == "Reuters"
    assert agency.get("href") == "/agency/reuters/"
    assert text_of(tree, "//span[@class='story__kicker']") == ["Exclusive"]


def test_article_without_image_or_tags_still_renders(client, newsroom):
    story = factories.make_article(newsroom["sports"], "Bare story", image=False)
    response = client.get(story.url)
    assert response.status_code == 200
    tree = parse(response)
    assert not tree.xpath("//figure[@class='story__lead']")
    assert "Comments" in text_of(tree, "//h2")


def test_home_page(client, full_newsroom):
    response = client.get("/")
    assert response.status_code == 200
    tree = parse(response)
    assert_chrome(tree)
    assert_heading_order(tree)
    lead = tree.xpath("//section[@class='front-lead']//h3/a")[0]
    assert lead.get("href").endswith("/")
    assert lead.get("href") != "/"
    headings = text_of(tree, "//h2")
    for heading in ["Top Stories", "Latest News", "Most Viewed", "Most Read"]:
        assert heading in headings
    assert "Features" in headings and "Videos" in headings
    # Section blocks, linked to their fronts.
    assert tree.xpath("//section[@class='section-block']//h2/a[@href='/economy/']")
    # The lead picture is not lazy (it is the largest paint); others are.
    lead_img = tree.xpath("//section[@class='front-lead']//img")[0]
    assert lead_img.get("loading") is None
    assert tree.xpath("//section[@class='section-block']//img[@loading='lazy']")
    # Footer pages and the contact block.
    footer = tree.xpath("//footer")[0]
    links = {a.text_content().strip(): a.get("href") for a in footer.iter("a")}
    assert links["About"] == "/about/"
    assert links["Privacy Policy"] == "/privacy/"
    assert links["Comment Policy"] == "/comment-policy/"
    assert links["Contact"] == "/contact/"
    contact = footer.xpath(".//address")[0].text_content()
    assert "12 Press Road" in contact
    assert footer.xpath(".//a[@href='tel:+880255550100']")
    assert footer.xpath(".//a[@href='mailto:news@example.com']")
    assert "Masthead Media Ltd" in footer.text_content()


def test_home_page_of_an_empty_newsroom(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "No stories have been published yet." in response.content.decode()


def test_more_menu_works_without_javascript(client, newsroom):
    home = newsroom["home"]
    for i in range(10):
        factories.make_section(home, f"Extra Section {i}")
    tree = parse(client.get("/"))
    more = tree.xpath("//details[contains(@class,'section-nav__more')]")[0]
    assert more.xpath("./summary")[0].text_content().strip() == "More"
    assert len(more.xpath(".//a")) == 12 - 8


def test_section_front(client, full_newsroom):
    response = client.get("/economy/")
    assert response.status_code == 200
    tree = parse(response)
    assert_chrome(tree)
    assert_heading_order(tree)
    assert text_of(tree, "//h1") == ["Economy"]
    # Subsections, a lead story, the list, the rails.
    assert tree.xpath(
        "//nav[contains(@class,'subsections')]//a[@href='/economy/banking/']"
    )
    assert tree.xpath("//section[@class='section-lead']//h3/a")
    assert tree.xpath("//ul[@class='listing__list']/li")
    nav_link = tree.xpath(
        "//nav[contains(@class,'section-nav')]//a[@href='/economy/']"
    )[0]
    assert nav_link.get("aria-current") == "page"
    assert "Most Viewed" in text_of(tree, "//h2")


def test_section_front_paginates(client, newsroom):
    from tests.frontpage.conftest import add_stories

    add_stories(newsroom, 45)
    tree = parse(client.get("/economy/"))
    assert tree.xpath("//nav[@class='pagination']//a[@rel='next' and @href='?page=2']")
    page2 = client.get("/economy/?page=2")
    assert page2.status_code == 200
    tree = parse(page2)
    assert not tree.xpath("//section[@class='section-lead']")
    assert tree.xpath("//a[@rel='prev' and @href='?page=1']")


def test_subsection_links_to_its_parent(client, newsroom):
    tree = parse(client.get("/economy/banking/"))
    assert tree.xpath("//p[@class='page-header__parent']/a[@href='/economy/']")


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/tag/inflation/", "inflation"),
        ("/author/nadia-islam/", "Nadia Islam"),
        ("/agency/reuters/", "Reuters"),
        ("/latest/", "Latest News"),
    ],
)
def test_listing_pages(client, newsroom, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    tree = parse(response)
    assert_chrome(tree)
    assert_heading_order(tree)
    assert text_of(tree, "//h1") == [heading]
    titles = text_of(tree, "//ul[@class='listing__list']//h2/a")
    assert titles
    if url.startswith("/tag/"):
        assert set(titles) == {
            "Central bank holds the policy rate",
            "Banks report record remittance inflow",
        }
    if url.startswith("/agency/"):
        assert titles == ["Banks report record remittance inflow"]


def test_author_page_shows_role(client, newsroom):
    tree = parse(client.get("/author/nadia-islam/"))
    assert text_of(tree, "//p[@class='profile__role']") == ["Senior Reporter"]


@pytest.mark.parametrize(
    "url", ["/tag/no-such-tag/", "/author/nobody/", "/agency/nobody/", "/nope/"]
)
def test_unknown_things_are_404(client, newsroom, url):
    response = client.get(url)
    assert response.status_code == 404
    tree = parse(response)
    assert text_of(tree, "//h1") == ["Page not found"]
    assert tree.xpath("//form[@role='search']")


def test_search_page(client, newsroom):
    # The search index is written after commit (masthead.search); this
    # test's data is never committed, so index it here.
    from masthead.search.index import rebuild

    rebuild()
    response = client.get("/search/", {"q": "remittance"})
    assert response.status_code == 200
    tree = parse(response)
    assert_chrome(tree)
    assert text_of(tree, "//ul[@class='listing__list']//h3/a") == [
        "Banks report record remittance inflow"
    ]
    assert tree.xpath("//meta[@name='robots' and @content='noindex, follow']")
    # Empty and strange queries answer 200, never 500.
    queries = ["", "   ", "zzzz-nothing", "a" * 5000, "<script>", "\"'%;--", "NOT", "*"]
    queries += ["bank OR", "(bank", "NEAR(a b)", "রেমিট্যান্স", "\x00"]
    for query in queries:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query
    assert b"&lt;script&gt;" in client.get("/search/", {"q": "<script>"}).content


def test_standard_page_with_contact_block(client, newsroom, site_pages):
    response = client.get("/contact/")
    assert response.status_code == 200
    tree = parse(response)
    assert_chrome(tree)
    assert text_of(tree, "//h1") == ["Contact Us"]
    panel = tree.xpath("//section[@class='contact-panel']")[0]
    assert "12 Press Road" in panel.text_content()
    about = parse(client.get("/about/"))
    assert not about.xpath("//section[@class='contact-panel']")
    assert "About text." in about.xpath("//main")[0].text_content()


def test_public_pages_do_not_touch_the_session_or_csrf(client, full_newsroom):
    for url in ["/", "/economy/", full_newsroom["lead"].url, "/tag/inflation/"]:
        response = client.get(url)
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert "csrfmiddlewaretoken" not in response.content.decode()


def test_bangla_edition_has_its_own_language(client, newsroom):
    response = client.get("/bn/")
    assert response.status_code == 200
    tree = parse(response)
    assert tree.xpath("/html/@lang") == ["bn"]
    assert tree.xpath("//a[@hreflang='en' and @href='/']")
