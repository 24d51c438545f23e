"""The demo newsroom loader: what it creates, that it can run again, and that
pages made by the bulk writer are ordinary Wagtail pages."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, Revision, Site

from masthead.demo import content, content_bn
from masthead.demo.loader import load_demo
from masthead.frontpage.models import HomePage, NewsroomSettings
from masthead.newsroom.bulk import encode_step
from masthead.newsroom.models import (
    Agency,
    ArticleKind,
    ArticlePage,
    Author,
    SectionPage,
    StandardPage,
)

from .. import factories

SMALL = 40
PICTURES = 18


def run(articles=SMALL, **kwargs):
    out = StringIO()
    call_command("load_demo", articles=articles, pictures=PICTURES, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    return run()


def english_articles():
    return ArticlePage.objects.filter(locale__language_code="en")


def test_encode_step_matches_treebeard():
    assert encode_step(1) == "0001"
    assert encode_step(35) == "000Z"
    assert encode_step(36) == "0010"
    assert Page._get_path("0001", 2, 37) == "0001" + encode_step(37)


def test_sections_people_pages_and_settings(demo):
    home = factories.english_home()
    top = list(SectionPage.objects.child_of(home).live().order_by("path"))
    assert [s.slug for s in top] == [s.slug for s in content.SECTIONS]
    assert all(s.show_in_menus for s in top)
    assert [s.title for s in top[:4]] == [
        "Bangladesh",
        "Economy",
        "World+Biz",
        "Sports",
    ]
    economy = SectionPage.objects.get(slug="economy", locale=home.locale)
    assert {s.slug for s in SectionPage.objects.child_of(economy)} == {
        "banking",
        "industry",
        "stocks",
    }
    for parent, child in [
        ("features", "panorama"),
        ("features", "food"),
        ("bangladesh", "crime"),
    ]:
        parent_page = SectionPage.objects.get(slug=parent, locale=home.locale)
        assert SectionPage.objects.child_of(parent_page).filter(slug=child).exists()

    assert Author.objects.count() == len(content.AUTHORS) + len(content_bn.AUTHORS)
    assert all(a.photo_id and a.role and a.bio for a in Author.objects.all())
    assert Agency.objects.count() == 2

    static = {p.slug: p for p in StandardPage.objects.child_of(home).live()}
    assert set(static) == {"about", "privacy-policy", "comment-policy", "contact-us"}
    assert static["contact-us"].show_contact_block

    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    assert newsroom.publisher_name == "Masthead"
    assert "Dhaka" in newsroom.address
    assert newsroom.phone_list and newsroom.email_list and newsroom.social_links
    assert newsroom.copyright_holder and newsroom.logo_id
    assert newsroom.about_page_id == static["about"].pk
    assert newsroom.contact_page_id == static["contact-us"].pk


def test_articles_spread_tagged_and_bylined(demo):
    articles = english_articles()
    assert articles.count() == SMALL
    assert articles.live().count() == SMALL
    now = timezone.now()
    times = list(articles.values_list("published_at", flat=True))
    assert all(now - timedelta(days=30) <= t <= now for t in times)
    assert sum(t >= now - timedelta(hours=48) for t in times) >= 3
    assert sum(t < now - timedelta(days=7) for t in times) >= 3
    assert articles.filter(is_top_story=True).count() == 8
    assert articles.exclude(display_modified_at=None).exists()
    assert all(
        a.display_published_at == a.published_at == a.first_published_at
        for a in articles
    )
    # every article's kind follows its section
    kinds = {
        "analysis": ArticleKind.ANALYSIS,
        "thoughts": ArticleKind.OPINION,
        "interviews": ArticleKind.INTERVIEW,
        "long-read": ArticleKind.LONG_READ,
        "infograph": ArticleKind.INFOGRAPHIC,
        "videos": ArticleKind.VIDEO,
        "features": ArticleKind.FEATURE,
        "bangladesh": ArticleKind.NEWS,
    }
    for article in articles:
        expected = kinds.get(article.get_parent().slug)
        if expected:
            assert article.kind == expected
    # tags recur: 2-5 per story, some used by several stories
    per_article = articles.annotate(n=Count("tagged_items")).values_list("n", flat=True)
    assert all(2 <= n <= 5 for n in per_article)
    shared = Tag.objects.annotate(n=Count("newsroom_articletag_items")).filter(n__gte=3)
    assert shared.count() >= 3
    # bodies mix blocks; bylines mix staff, several authors and agencies
    block_types = {b.block_type for a in articles for b in a.body}
    assert {"paragraph", "subhead", "quote"} <= block_types
    assert all(5 <= len(a.body) <= 12 for a in articles)
    by_count = articles.annotate(n=Count("bylines")).values_list("n", flat=True)
    assert any(n == 1 for n in by_count)
    assert articles.filter(agency__isnull=False).exists()
    assert articles.filter(lead_image__isnull=False).count() >= SMALL * 0.8


def test_bangla_edition(demo):
    bangla = factories.bangla_home()
    sections = SectionPage.objects.child_of(bangla).live()
    assert {s.title for s in sections} >= {"অর্থনীতি", "খেলা", "বাংলাদেশ"}
    economy_en = SectionPage.objects.get(slug="economy", locale__language_code="en")
    economy_bn = sections.get(slug="economy")
    assert economy_bn.translation_key == economy_en.translation_key
    stories = ArticlePage.objects.filter(locale=bangla.locale).live()
    assert stories.count() == len(content.BANGLA_STORIES) >= 60
    assert all(s.url.startswith("/bn/") for s in stories[:3])


def test_tree_is_valid_and_pages_route(demo):
    assert all(not problems for problems in Page.find_problems())
    for section in SectionPage.objects.all():
        assert section.numchild == section.get_children().count()
    site = Site.objects.get(is_default_site=True)
    article = english_articles().order_by("?").first()
    parts = [p for p in article.url.strip("/").split("/") if p]
    routed = site.root_page.specific.route(None, parts).page
    assert routed.pk == article.pk
    assert article.url_path == article.get_parent().url_path + article.slug + "/"


def test_bulk_article_is_editable_and_publishes_again(demo, client):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    client.force_login(admin)
    article = english_articles().filter(bylines__isnull=False).first()
    revision = article.latest_revision
    assert revision is not None and article.live_revision_id == revision.pk
    assert revision.as_object().title == article.title
    assert Revision.objects.filter(object_id=str(article.pk)).count() == 1

    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert client.get(f"/admin/pages/{article.get_parent().pk}/").status_code == 200

    article.title = "Edited in the admin"
    article.save_revision(user=admin).publish()
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.title == "Edited in the admin"
    assert article.bylines.count() >= 1 and article.tags.count() >= 2
    assert all(not problems for problems in Page.find_problems())

    # and a new story added the normal way lands after the bulk ones
    section = article.get_parent().specific
    new = factories.make_article(section, "Added by hand", image=False)
    assert new.path == max(child.path for child in section.get_children())
    assert all(not problems for problems in Page.find_problems())


def test_running_again_does_not_duplicate_and_tops_up(db):
    first = run()
    counts = (
        Page.objects.count(),
        Author.objects.count(),
        Agency.objects.count(),
        Tag.objects.count(),
        get_user_model().objects.count(),
    )
    second = run()
    assert "Demo newsroom already loaded" in second
    assert counts == (
        Page.objects.count(),
        Author.objects.count(),
        Agency.objects.count(),
        Tag.objects.count(),
        get_user_model().objects.count(),
    )
    password = (Path(settings.DATA_DIR) / "demo_admin_password").read_text().strip()
    assert f"password: {password}" in first and f"password: {password}" in second

    third = run(SMALL + 15)
    assert "articles: 15/15" in third
    assert english_articles().count() == SMALL + 15
    assert Author.objects.count() == len(content.AUTHORS) + len(content_bn.AUTHORS)
    assert SectionPage.objects.filter(slug="economy").count() == 2  # en + bn
    assert all(not problems for problems in Page.find_problems())


@pytest.mark.parametrize("value", [0, -5, "ten", "3.5", ""])
def test_bad_article_counts_are_clear_errors(db, value):
    with pytest.raises(CommandError, match="--articles must be"):
        call_command("load_demo", articles=value)
    with pytest.raises(CommandError, match="--articles must be"):
        call_command("load_demo", f"--articles={value}")
    assert not ArticlePage.objects.exists()


def test_load_demo_function_reports_rate(db):
    result = load_demo(12, pictures=PICTURES, stdout=StringIO(), seed=1)
    assert result.created == 12 and result.total == 12 and result.rate > 0
    assert HomePage.objects.count() == 2
