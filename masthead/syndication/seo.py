"""What goes in every page's <head> for crawlers: canonical, hreflang, Open
Graph, Twitter card, feeds and OpenSearch (rendered by components/seo/head.html).

The cost is small and constant: the newsroom settings (shared with the page
chrome), one query for the page's live translations, and the share image's
rendition (prefetched on article pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page

from masthead.core.translations import live_versions
from masthead.editions import selectors as editions

from . import common

DESCRIPTION_WORDS = 40
# HomePage routes whose other-edition counterpart is the same listing there.
TRANSLATABLE_ROUTES = ("latest", "html_sitemap")
# Search results say noindex themselves (pages/search_page.html).
NOINDEX_ROUTES = ()


@dataclass
class Alternate:
    href: str
    hreflang: str


@dataclass
class FeedLink:
    href: str
    title: str
    type: str


@dataclass
class Head:
    canonical: str = ""
    description: str = ""
    title: str = ""
    og_type: str = "website"
    og_locale: str = ""
    og_locale_alternates: list[str] = field(default_factory=list)
    site_name: str = ""
    image: common.ShareImage | None = None
    twitter_card: str = "summary"
    alternates: list[Alternate] = field(default_factory=list)
    feeds: list[FeedLink] = field(default_factory=list)
    search_href: str = ""
    search_title: str = ""
    noindex: bool = False
    published_time: str = ""
    modified_time: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    author_urls: list[str] = field(default_factory=list)


def _specific_page(context):
    page = context.get("page") or context.get("self")
    return page if isinstance(page, Page) else None


def _route_name(request, page) -> str | None:
    from masthead.frontpage.models import HomePage

    match = getattr(request, "routable_resolver_match", None)
    if not isinstance(page, HomePage) or match is None:
        return None
    name = getattr(match, "url_name", None)
    return None if name in (None, "index_route") else name


def _describe(text: str) -> str:
    return Truncator(" ".join((text or "").split())).words(DESCRIPTION_WORDS)


def feed_url(name: str, **kwargs) -> str | None:
    try:
        return reverse(f"syndication_{name}", kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def opensearch_url(language: str) -> str:
    name = "opensearch" if language == settings.LANGUAGE_CODE else "edition_opensearch"
    with translation.override(language):
        return reverse(f"syndication_{name}")


def _feeds(request, publisher, label, scope="", slug="") -> list[FeedLink]:
    links = []
    kinds = (("rss", "application/rss+xml"), ("atom", "application/atom+xml"))
    for kind, mime in kinds:
        if scope:
            url = feed_url(f"{scope}_{kind}", slug=slug)
        else:
            url = feed_url(f"latest_{kind}")
        if url:
            title = f"{label} ({kind.upper() if kind == 'rss' else 'Atom'})"
            links.append(FeedLink(common.absolute(request, url), title, mime))
    return links


def head_context(context) -> Head | None:
    from masthead.frontpage.models import HomePage
    from masthead.newsroom.models import ArticlePage, SectionPage

    request = context.get("request")
    if request is None:
        return None
    page = _specific_page(context)
    chrome = context.get("chrome")
    newsroom = chrome["newsroom"] if chrome else common.newsroom_settings_for(request)
    edition = chrome["edition"] if chrome else editions.current_edition(request)
    publisher = newsroom.publisher_name
    language = translation.get_language() or settings.LANGUAGE_CODE
    head = Head(site_name=publisher)
    head.og_locale = common.OG_LOCALES.get(language, language.replace("-", "_"))

    route = _route_name(request, page)
    page_obj = context.get("page_obj")
    page_number = getattr(page_obj, "number", 1) or 1

    # Canonical: the page's own URL; a route's path; page N of a listing.
    if page is not None:
        if route:
            path = request.path
        else:
            path = page.get_url(request) or request.path
        if page_number > 1:
            path += f"?page={page_number}"
        head.canonical = common.absolute(request, path)
    head.noindex = page is None or route in NOINDEX_ROUTES

    article = None
    if isinstance(page, ArticlePage):
        candidate = context.get("article")
        article = candidate if getattr(candidate, "pk", None) == page.pk else page

    # Title and description.
    tag, author, agency = (context.get(k) for k in ("tag", "author", "agency"))
    if page is not None:
        head.title = page.seo_title or page.title
    description = getattr(page, "search_description", "") if page else ""
    if route == "tag" and tag is not None:
        head.title = tag.name
        description = _("Stories about %(tag)s") % {"tag": tag.name}
    elif route == "author" and author is not None:
        head.title = author.name
        description = author.bio or author.role
    elif route == "agency" and agency is not None:
        head.title = agency.name
        description = _("Stories from %(agency)s") % {"agency": agency.name}
    elif route == "latest":
        head.title = _("Latest news")
    elif route == "html_sitemap":
        head.title = _("Sitemap")
    elif route == "search":
        head.title = _("Search")
    elif article is not None:
        description = description or article.standfirst
    elif isinstance(page, SectionPage):
        description = description or page.intro
    if not description and edition is not None:
        description = edition.tagline
    head.description = _describe(description)

    # Share image: the article's lead picture, else the publisher's logo.
    if article is not None:
        head.og_type = "article"
        head.image = common.article_share_image(request, article)
        time_zone = getattr(edition, "time_zone", None)
        head.published_time = common.local_iso(article.shown_published_at, time_zone)
        head.modified_time = common.local_iso(
            article.shown_modified_at or article.shown_published_at, time_zone
        )
        section = context.get("section") or getattr(article, "section", None)
        if section is None:
            section = SectionPage.objects.filter(
                path=article.path[: -article.steplen]
            ).first()
        head.section = section.title if section is not None else ""
        tags = context.get("tags")
        if tags is None:
            tags = list(article.tags.all())
        head.tags = [t.name for t in tags]
        authors = context.get("authors")
        if authors is None:
            authors = article.authors
        if edition is not None:
            base = edition.get_url(request)
            head.author_urls = [
                common.absolute(
                    request, base + edition.reverse_subpage("author", args=[a.slug])
                )
                for a in authors
            ]
    if head.image is not None:
        head.twitter_card = "summary_large_image"
    else:
        head.image = common.publisher_logo(request, newsroom)

    # hreflang: every live translation of the page (or of the edition front,
    # for its translatable routes), plus x-default.
    if page is not None and (route is None or route in TRANSLATABLE_ROUTES):
        # Shared with the header's language switch (one query for both).
        versions = live_versions(page, request)
        if len(versions) > 1:
            suffix = page.reverse_subpage(route) if route else ""
            default = None
            for version in sorted(versions, key=lambda v: v.locale.language_code):
                url = version.get_url(request)
                if not url:
                    continue
                href = common.absolute(request, url + suffix)
                code = version.locale.language_code
                head.alternates.append(Alternate(href, code))
                if code == settings.LANGUAGE_CODE:
                    default = href
                if code != language:
                    head.og_locale_alternates.append(
                        common.OG_LOCALES.get(code, code.replace("-", "_"))
                    )
            if default and len(head.alternates) > 1:
                head.alternates.append(Alternate(default, "x-default"))
            else:
                head.alternates = []
                head.og_locale_alternates = []

    # Feeds: the edition's, then the page's own.
    head.feeds = _feeds(request, publisher, publisher)
    if isinstance(page, SectionPage) and not route:
        head.feeds += _feeds(
            request, publisher, f"{page.title} | {publisher}", "section", page.slug
        )
    elif route == "tag" and tag is not None:
        head.feeds += _feeds(
            request, publisher, f"{tag.name} | {publisher}", "tag", tag.slug
        )
    elif route == "author" and author is not None:
        head.feeds += _feeds(
            request, publisher, f"{author.name} | {publisher}", "author", author.slug
        )

    head.search_href = common.absolute(request, opensearch_url(language))
    head.search_title = publisher
    if isinstance(page, HomePage) and edition is not None and page.pk != edition.pk:
        head.search_title = f"{publisher} ({page.edition_name})"
    return head
