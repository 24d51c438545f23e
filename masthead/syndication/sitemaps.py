"""XML sitemaps (django.contrib.sitemaps) for every edition.

`/sitemap.xml` is an index of, per edition, one sitemap of fronts, sections
and static pages and the article sitemap split into files of ARTICLES_PER_FILE
(oldest first, so a file's contents only change when a story is edited or
unpublished). `/news-sitemap.xml` (views.news_sitemap) is Google News'.

Locations are paths; Django prefixes the request's scheme and host.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from wagtail.models import Page

from masthead.frontpage.models import HomePage
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.selectors import reader_visible

from .common import BaseURLSitemap

ARTICLES_PER_FILE = 5000

ARTICLE_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "locale_id",
    "translation_key",
    "first_published_at",
    "last_published_at",
    "display_published_at",
    "display_modified_at",
    "published_at",
)


def _second(moment):
    return moment.replace(microsecond=0) if moment else None


def page_path(page) -> str | None:
    parts = page.get_url_parts()
    return parts[2] if parts else None


class EditionSitemap(BaseURLSitemap):
    """A sitemap of one edition (language) of the newsroom."""

    def __init__(self, language: str):
        self.language = language

    def edition(self):
        return (
            HomePage.objects.live()
            .filter(locale__language_code=self.language)
            .order_by("path")
            .first()
        )

    def location(self, item):
        return page_path(item)


class PagesSitemap(EditionSitemap):
    """The edition front, its sections and subsections and static pages."""

    changefreq = "hourly"
    limit = 5000

    def items(self):
        home = self.edition()
        if home is None:
            return Page.objects.none()
        return (
            reader_visible(Page.objects.live())
            .descendant_of(home, inclusive=True)
            .not_type(ArticlePage)
            .only("id", "path", "depth", "url_path", "locale_id", "last_published_at")
            .order_by("path")
        )

    def lastmod(self, item):
        return _second(item.last_published_at)

    def priority(self, item):
        return "1.0" if item.depth <= 2 else "0.7"

    def get_latest_lastmod(self):
        return _second(self.items().aggregate(m=Max("last_published_at"))["m"])


class ArticlesSitemap(EditionSitemap):
    """Every live story of the edition, oldest first, ARTICLES_PER_FILE a file."""

    limit = ARTICLES_PER_FILE

    def items(self):
        return (
            reader_visible(ArticlePage.objects.live())
            .filter(
                locale__language_code=self.language,
                published_at__isnull=False,
            )
            .only(*ARTICLE_FIELDS)
            .order_by("published_at", "pk")
        )

    def lastmod(self, item):
        return _second(item.shown_modified_at or item.shown_published_at)

    def get_latest_lastmod(self):
        items = self.items()
        newest = items.aggregate(
            published=Max("published_at"), modified=Max("last_published_at")
        )
        moments = [m for m in newest.values() if m]
        return _second(max(moments)) if moments else None


def build_sitemaps() -> dict[str, Sitemap]:
    """Fresh instances per request: Django's Sitemap keeps state while it renders."""
    sitemaps = {}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        sitemaps[f"pages-{code}"] = PagesSitemap(code)
        sitemaps[f"articles-{code}"] = ArticlesSitemap(code)
    return sitemaps
