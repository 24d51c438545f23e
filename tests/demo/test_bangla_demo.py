"""The Bangla edition of the demo: its own stories written in Bangla, in every
section, with pictures, tags and authors; six stories and the static pages
linked to their English originals; and a load that can run again."""

import json
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from masthead.demo import content, content_bn
from masthead.frontpage.models import TopStories
from masthead.newsroom.models import ArticlePage, Author, SectionPage, StandardPage

from .. import factories

SMALL = 12  # English stories: the six originals of the translations and six more
PICTURES = 12
BENGALI = re.compile(r"[\u0980-\u09ff]")


def run(articles=SMALL):
    out = StringIO()
    call_command("load_demo", articles=articles, pictures=PICTURES, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    return run()


def bangla_stories():
    return ArticlePage.objects.filter(locale__language_code="bn")


def body_text(page) -> list[str]:
    out = []
    for item in page.body.raw_data:
        value = item["value"]
        if item["type"] == "paragraph":
            out.append(re.sub(r"<[^>]+>", "", value))
        elif item["type"] == "quote":
            out.extend([value["text"], value["attribution"]])
    return out


def bengali_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(bool(BENGALI.match(ch)) for ch in letters) / len(letters)


# -- the corpus itself (no database) ----------------------------------------------


def test_corpus_is_large_written_in_bangla_and_distinct():
    stories = content_bn.all_stories()
    assert len(stories) >= 60
    assert len({s.headline for s in stories}) == len(stories)
    assert len({s.standfirst for s in stories}) == len(stories)
    paragraphs = Counter(p for s in stories for p in s.paragraphs)
    assert max(paragraphs.values()) == 1  # no paragraph in two stories
    for story in stories:
        assert 4 <= len(story.paragraphs) <= 7, story.headline
        text = " ".join(story.texts())
        assert bengali_share(text) > 0.9, story.headline
        assert not re.search(r"[0-9]", text), story.headline  # Bengali digits
        assert story.caption and story.tags
        assert all(tag in content_bn.TAG_SLUGS for tag in story.tags)
    assert all(slug.isascii() for slug in content_bn.TAG_SLUGS.values())
    assert len(set(content_bn.TAG_SLUGS.values())) == len(content_bn.TAG_SLUGS)


def test_every_bangla_section_has_stories_and_translates_an_english_one():
    english = {section.slug for section, _parent in content.all_sections()}
    per_section = Counter(story.section for story in content_bn.all_stories())
    for slug, title in content_bn.SECTIONS:
        assert slug in english
        assert BENGALI.search(title)
        assert BENGALI.search(content_bn.SECTION_INTROS[slug])
        assert per_section[slug] >= 4, slug


def test_search_words_are_listed_from_the_text():
    words = content_bn.search_words()
    for word in (content_bn.ELECTION, content_bn.STUDENT):
        headlines = words[word]
        assert 3 <= len(headlines) <= 5, (word, headlines)
        for story in content_bn.all_stories():
            found = any(word in text for text in story.texts())
            assert found == (story.headline in headlines)
    assert content_bn.headlines_containing("no such word") == []


def test_translations_pair_english_and_bangla_stories():
    assert len(content_bn.TRANSLATED) >= 6
    english_tags = set(content.SHARED_TAGS) | {
        tag for tags in content.BEAT_TAGS.values() for tag in tags
    }
    names = {author[0] for author in content.AUTHORS}
    for item in content_bn.TRANSLATED:
        assert item.english.section == item.bangla.section
        assert len(item.english.paragraphs) == len(item.bangla.paragraphs)
        assert 2 <= len(item.english.tags) <= 5
        assert set(item.english.tags) <= english_tags
        assert item.english.author in names
        assert bengali_share(item.english.headline) == 0


# -- the loaded edition -------------------------------------------------------------


def test_bangla_stories_are_live_complete_and_spread(demo):
    stories = bangla_stories().live()
    assert stories.count() == len(content_bn.all_stories()) >= 60
    assert (
        stories.filter(lead_image__isnull=False).exclude(lead_image_caption="").count()
        == stories.count()
    )
    for story in stories.prefetch_related("bylines__author", "tags"):
        assert story.tags.count() >= 1, story.title
        assert all(tag.slug.isascii() for tag in story.tags.all())
        authors = story.authors
        assert authors and all(BENGALI.search(a.name) for a in authors)
        assert 4 <= len([b for b in story.body if b.block_type == "paragraph"]) <= 7
        assert story.url.startswith("/bn/")
        assert bengali_share(" ".join([story.title, *body_text(story)])) > 0.9
        assert BENGALI.search(story.lead_image.alt_text)
    # no body paragraph shared between two stories
    paragraphs = Counter(p for story in stories for p in body_text(story))
    assert max(paragraphs.values()) == 1
    # over the last ten days, several today
    times = sorted(stories.values_list("published_at", flat=True), reverse=True)
    span = times[0] - times[-1]
    assert 8 <= span.days <= 10
    recent = [t for t in times if (times[0] - t).total_seconds() < 24 * 3600]
    assert len(recent) >= 5
    assert stories.filter(is_top_story=True).exists()


def test_every_bangla_section_is_a_translation_with_stories(demo):
    bangla = factories.bangla_home()
    sections = SectionPage.objects.filter(locale=bangla.locale).live()
    assert {s.title for s in sections} == {title for _s, title in content_bn.SECTIONS}
    for section in sections:
        english = section.get_translation(factories.english_home().locale)
        assert english.slug == section.slug
        assert ArticlePage.objects.child_of(section).live().count() >= 4, section.title
    politics = sections.get(slug="politics")
    assert politics.get_parent().slug == "bangladesh"  # as in English
    assert all(not problems for problems in Page.find_problems())


def test_bangla_authors_are_profiles(demo, client):
    for slug, name, *_rest in content_bn.AUTHORS:
        author = Author.objects.get(slug=slug)
        assert author.name == name and author.photo_id and author.bio
        assert BENGALI.search(author.photo.alt_text)
    assert not Author.objects.filter(slug="").exists()


def test_translated_stories_are_linked_both_ways(demo, client):
    bn_locale = factories.bangla_home().locale
    for item in content_bn.TRANSLATED:
        english = ArticlePage.objects.get(
            title=item.english.headline, locale__language_code="en"
        )
        bangla = english.get_translation(bn_locale)
        assert bangla.live and bangla.title == item.bangla.headline
        assert [p.pk for p in bangla.get_translations()] == [english.pk]
        assert bangla.published_at > english.published_at
        assert bangla.authors[0].slug == item.bangla.author
        html = client.get(bangla.url).content.decode()
        assert 'hreflang="en"' in html and english.url in html
    english = ArticlePage.objects.get(
        title=content_bn.TRANSLATED[0].english.headline, locale__language_code="en"
    )
    html = client.get(english.url).content.decode()
    assert 'hreflang="bn"' in html and english.get_translation(bn_locale).url in html


def test_static_pages_are_translated(demo, client):
    english_home = factories.english_home()
    bangla_home = factories.bangla_home()
    for slug, (title, _parts) in content_bn.STATIC_PAGES.items():
        english = StandardPage.objects.child_of(english_home).get(slug=slug)
        bangla = english.get_translation(bangla_home.locale)
        assert bangla.live and bangla.title == title
        assert bangla.get_parent().pk == bangla_home.pk
        text = re.sub(r"<[^>]+>", " ", str(bangla.body))
        assert bengali_share(f"{bangla.title} {text}") > 0.9
        assert client.get(bangla.url).status_code == 200
    contact = StandardPage.objects.get(slug="contact-us", locale=bangla_home.locale)
    assert contact.show_contact_block
    # and the edition's other pages show its stories
    pages = ["/bn/", "/bn/tag/bn-dhaka/", "/bn/author/saiful-islam/", "/bn/latest/"]
    pages += [s.url for s in SectionPage.objects.filter(locale=bangla_home.locale)]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert BENGALI.search(response.content.decode()), url


def test_bangla_top_story_picks_are_live_bangla_stories(demo):
    lineup = TopStories.objects.get(edition__locale__language_code="bn")
    picks = list(lineup.picks.select_related("story"))
    assert len(picks) == 2
    for pick in picks:
        assert pick.story.live and pick.story.locale.language_code == "bn"


def test_running_again_adds_nothing_and_fills_an_older_demo(db):
    run()
    counts = (Page.objects.count(), Author.objects.count(), bangla_stories().count())
    assert "Demo newsroom already loaded" in run()
    assert counts == (
        Page.objects.count(),
        Author.objects.count(),
        bangla_stories().count(),
    )

    # An older demo: some stories missing, one still made of generic paragraphs.
    missing = list(bangla_stories().order_by("pk")[:3])
    for page in missing:
        page.delete()
    old = bangla_stories().get(title=content_bn.STORIES[5].headline)
    legacy = [
        {"type": "paragraph", "value": f"<p>{content_bn.LEGACY_PARAGRAPHS[0]}</p>"}
    ]
    ArticlePage.objects.filter(pk=old.pk).update(
        slug="sangbad-6", body=json.dumps(legacy)
    )
    Page.objects.filter(pk=old.pk).update(
        url_path=old.get_parent().url_path + "sangbad-6/"
    )
    out = run()
    assert "Bangla edition: 3 stories, 1 rewritten" in out
    assert bangla_stories().count() == counts[2]
    old = ArticlePage.objects.get(pk=old.pk)
    assert old.live and old.body.raw_data[0]["value"].startswith("<p>")
    assert content_bn.LEGACY_PARAGRAPHS[0] not in json.dumps(list(old.body.raw_data))
    assert old.standfirst == content_bn.STORIES[5].standfirst
    assert old.published_at == old.first_published_at
    assert all(not problems for problems in Page.find_problems())
    assert "Demo newsroom already loaded" in run()


def test_searching_the_demo_finds_exactly_the_stories_with_the_word(demo, client):
    """The Bangla edition's search page lists exactly the demo stories whose
    text carries নির্বাচন / শিক্ষার্থী (as written or with a case ending), and
    nothing for a word made of their letters."""
    from lxml import html

    from masthead.search.index import rebuild

    rebuild()
    for word, headlines in content_bn.search_words().items():
        response = client.get("/bn/search/", {"q": word})
        assert response.status_code == 200
        listed = {
            " ".join(title.split())
            for title in html.fromstring(response.content).xpath(
                '//section[@aria-labelledby="results-heading"]//h3//a//text()'
            )
        }
        assert listed == set(headlines), word
    response = client.get("/bn/search/", {"q": "নরবচন"})
    assert not html.fromstring(response.content).xpath(
        '//section[@aria-labelledby="results-heading"]//h3'
    )
