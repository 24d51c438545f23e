"""The header, footer and rails are kept as rendered HTML, shared by every page
of an edition; what differs from page to page still does."""

from wagtail.models import Site

from masthead.frontpage.models import NewsroomSettings

from .conftest import parse


def current_nav_links(response):
    tree = parse(response)
    return {
        link.text_content().strip(): link.get("aria-current")
        for link in tree.xpath('//nav[@class="section-nav"]//a[@aria-current]')
    }


def top_stories(response):
    tree = parse(response)
    return [
        " ".join(a.text_content().split())
        for a in tree.xpath('//section[contains(@class, "rail--top-stories")]//a')
    ]


def test_each_page_marks_its_own_section_in_the_shared_header(client, newsroom):
    assert current_nav_links(client.get(newsroom["lead"].url)) == {"Economy": "true"}
    assert current_nav_links(client.get(newsroom["match"].url)) == {"Sports": "true"}
    assert current_nav_links(client.get(newsroom["sports"].url)) == {"Sports": "page"}
    assert current_nav_links(client.get(newsroom["wire"].url)) == {"Economy": "true"}
    home = parse(client.get("/"))
    assert home.xpath('//a[@class="brand__name"]/@aria-current') == ["page"]
    story = parse(client.get(newsroom["lead"].url))
    assert story.xpath('//a[@class="brand__name"]/@aria-current') == []


def test_a_search_keeps_its_words_in_the_header_and_no_other_page_does(
    client, newsroom
):
    client.get("/")
    search = parse(client.get("/search/?q=policy+rate"))
    assert search.xpath('//input[@id="site-search"]/@value') == ["policy rate"]
    home = parse(client.get("/"))
    assert home.xpath('//input[@id="site-search"]/@value') == [""]


def test_a_top_story_leaves_itself_out_of_rails_another_page_cached(client, newsroom):
    # The wire story (not a top story) shows both top stories ...
    shown = top_stories(client.get(newsroom["wire"].url))
    assert "Central bank holds the policy rate" in shown
    assert "Tigers win the series in Chattogram" in shown
    # ... and each top story, rendered after it, leaves out only itself.
    lead = top_stories(client.get(newsroom["lead"].url))
    assert "Central bank holds the policy rate" not in lead
    assert "Tigers win the series in Chattogram" in lead
    match = top_stories(client.get(newsroom["match"].url))
    assert "Tigers win the series in Chattogram" not in match
    assert "Central bank holds the policy rate" in match


def test_changed_newsroom_settings_reach_the_cached_footer(
    client, newsroom, django_capture_on_commit_callbacks
):
    assert b"Kawran Bazar" not in client.get(newsroom["lead"].url).content
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.address = "1 Kawran Bazar, Dhaka"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    footer = parse(client.get(newsroom["lead"].url)).xpath("//footer")[0]
    assert "1 Kawran Bazar, Dhaka" in footer.text_content()


def test_the_bangla_edition_has_its_own_header(client, newsroom):
    client.get(newsroom["lead"].url)
    bangla = parse(client.get("/bn/"))
    assert bangla.xpath("/html/@lang") == ["bn"]
    # The link to the other edition points to the English front, not to itself.
    assert bangla.xpath("//header//a[@hreflang='en' and @href='/']")
    assert not bangla.xpath("//header//a[@hreflang='bn']")
