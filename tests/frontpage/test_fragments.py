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


def card_renders(response):
    return sum(t.name == "components/article_card.html" for t in response.templates)


def test_story_cards_are_rendered_once_and_follow_their_story(
    client, full_newsroom, django_capture_on_commit_callbacks
):
    first = client.get("/economy/?page=1")
    shown = card_renders(first)
    assert shown >= 5
    # The next render of the listing takes every card from the fragment cache.
    again = client.get("/economy/?page=1")
    assert card_renders(again) == 0
    assert again.content == first.content
    # An update of one story shown reaches its card, and only its card is
    # rendered again.
    lead = full_newsroom["lead"]
    with django_capture_on_commit_callbacks(execute=True):
        lead.title = "Central bank cuts the policy rate"
        lead.save_revision().publish()
    after = client.get("/economy/?page=1")
    assert card_renders(after) == 1
    titles = parse(after).xpath('//*[contains(@class, "card__title")]//a/text()')
    assert "Central bank cuts the policy rate" in titles
    assert "Central bank holds the policy rate" not in titles


def test_cards_differ_by_how_they_are_shown(client, full_newsroom):
    # The same story as a section's lead (with standfirst) and in a list.
    section = parse(client.get("/economy/"))
    home = parse(client.get("/"))
    lead_card = section.xpath('//*[contains(@class, "card--lead")]')
    assert lead_card and lead_card[0].xpath('.//*[@class="card__standfirst"]')
    assert home.xpath('//*[contains(@class, "card--list")]')


def test_a_logo_rendition_made_after_the_settings_were_cached_is_made_once(
    client, newsroom, monkeypatch, django_capture_on_commit_callbacks
):
    from masthead.core import memo
    from masthead.multimedia.models import NewsImage
    from tests.factories import make_image

    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    with django_capture_on_commit_callbacks(execute=True):
        settings.logo = make_image("Logo", size=(800, 80))
        settings.save()
    made = []
    generate = NewsImage.generate_rendition_file

    def counting(self, filter, **kwargs):
        made.append(filter.spec)
        return generate(self, filter, **kwargs)

    monkeypatch.setattr(NewsImage, "generate_rendition_file", counting)
    for _ in range(3):  # ?page= bypasses the page cache
        response = client.get(newsroom["lead"].url + "?page=1")
        assert response.status_code == 200
        memo.forget()  # the next worker reads the shared cache
    assert made.count("max-600x60|format-png") == 1
