"""Reads for the JSON API, and the shapes they are turned into.

Builds on the newsroom's selectors (masthead.newsroom.selectors): the same
live, public stories, the same ordering, the same batched section and
rendition loading, so an API page costs a fixed number of queries however many
items it holds (pinned in tests/api/test_queries.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone, translation
from ninja.errors import HttpError
from taggit.models import Tag
from wagtail.rich_text import expand_db_html

from masthead.frontpage.models import HomePage
from masthead.newsroom import selectors as newsroom
from masthead.newsroom.models import (
    Agency,
    ArticlePage,
    Author,
    SectionPage,
)
from masthead.newsroom.richtext import sanitize_html
from masthead.syndication import common

from .schemas import ArticleQuery

LEAD_IMAGE_SPEC = "fill-1200x675|format-jpeg"
BODY_IMAGE_SPEC = "max-1200x1200|format-jpeg"


class NotFound(HttpError):
    def __init__(self, message: str):
        super().__init__(404, message)


# -- context shared by one request -----------------------------------------------


@dataclass
class ApiContext:
    """The request, the editions and their URLs: looked up once per request."""

    request: object
    editions: dict[int, HomePage] = field(default_factory=dict)
    _home_urls: dict[int, str] = field(default_factory=dict)

    @classmethod
    def for_request(cls, request) -> ApiContext:
        homes = HomePage.objects.live().select_related("locale").order_by("path")
        return cls(request=request, editions={h.locale_id: h for h in homes})

    @property
    def origin(self) -> str:
        return common.absolute(self.request, "/").rstrip("/")

    def absolute(self, url: str | None) -> str | None:
        if not url:
            return None
        return common.absolute(self.request, url)

    def page_url(self, page) -> str:
        return self.absolute(page.get_url(self.request)) or ""

    def edition(self, code: str | None) -> HomePage | None:
        if code is None:
            return None
        for home in self.editions.values():
            if home.locale.language_code == code:
                return home
        raise NotFound(f"There is no '{code}' edition.")

    def edition_code(self, locale_id: int) -> str:
        home = self.editions.get(locale_id)
        return home.locale.language_code if home else settings.LANGUAGE_CODE

    def zone(self, locale_id: int | None) -> ZoneInfo:
        home = self.editions.get(locale_id)
        return ZoneInfo(home.time_zone if home else settings.TIME_ZONE)

    def home_url(self, locale_id: int) -> str | None:
        if locale_id not in self._home_urls:
            home = self.editions.get(locale_id)
            self._home_urls[locale_id] = self.page_url(home) if home else None
        return self._home_urls[locale_id]

    def route_url(self, locale_id: int, name: str, slug: str) -> str | None:
        home = self.editions.get(locale_id)
        base = self.home_url(locale_id)
        if home is None or base is None:
            return None
        return base.rstrip("/") + "/" + home.reverse_subpage(name, args=[slug])


# -- listings -----------------------------------------------------------------------


def pick_edition(ctx: ApiContext, edition: str | None, lang: str | None):
    if edition and lang and edition != lang:
        raise HttpError(400, "`edition` and `lang` disagree: send one of them.")
    return ctx.edition(edition or lang)


def live_articles(edition: HomePage | None = None):
    """Live stories a stranger may read (no view restrictions), newest first."""
    return newsroom.published_articles(edition)


def filtered_articles(ctx: ApiContext, query: ArticleQuery):
    edition = pick_edition(ctx, query.edition, query.lang)
    articles = live_articles(edition)
    if query.section:
        sections = newsroom.reader_visible(SectionPage.objects.live()).filter(
            slug=query.section
        )
        if edition is not None:
            sections = sections.filter(locale_id=edition.locale_id)
        paths = list(sections.values_list("path", flat=True))
        if not paths:
            raise NotFound(f"There is no section with the slug '{query.section}'.")
        within = Q()
        for path in paths:
            within |= Q(path__startswith=path)
        articles = articles.filter(within)
    if query.tag:
        tag = Tag.objects.filter(slug=query.tag).first()
        if tag is None:
            raise NotFound(f"There is no tag with the slug '{query.tag}'.")
        articles = newsroom.filter_articles(articles, tag=tag)
    if query.author:
        author = Author.objects.filter(slug=query.author).first()
        if author is None:
            raise NotFound(f"There is no author with the slug '{query.author}'.")
        articles = newsroom.filter_articles(articles, author=author)
    if query.since:
        since = query.since
        if timezone.is_naive(since):
            zone = ctx.zone(edition.locale_id if edition else None)
            since = timezone.make_aware(since, zone)
        articles = articles.filter(published_at__gte=since)
    if query.kind:
        articles = articles.filter(kind=query.kind.value)
    if query.uri:
        own = re.match(r"^urn:masthead:article:(\d{1,12})$", query.uri)
        if own:
            articles = articles.filter(pk=int(own.group(1)), wire_item__isnull=True)
        else:
            articles = articles.filter(wire_item__uri=query.uri)
    return articles


@dataclass
class Page:
    items: list[ArticlePage]
    count: int
    number: int
    pages: int


def paginate(articles, number: int, limit: int) -> Page:
    count = articles.count()
    pages = max(1, math.ceil(count / limit))
    if number > pages:
        raise NotFound(f"Page {number} does not exist: there are {pages} page(s).")
    offset = (number - 1) * limit
    items = list(articles[offset : offset + limit])
    load_cards(items)
    return Page(items=items, count=count, number=number, pages=pages)


def load_cards(articles: list[ArticlePage]) -> None:
    """Everything a card shows, in a fixed number of queries for any count."""
    newsroom.attach_sections(articles)
    newsroom.attach_renditions(articles)
    newsroom.with_bylines_and_tags(articles)


def get_article(article_id: int) -> ArticlePage:
    article = (
        newsroom.reader_visible(ArticlePage.objects.live())
        .select_related("lead_image", "agency", "wire_item")
        .annotate(has_related=newsroom.has_stored_related())
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise NotFound(f"There is no published article with the id {article_id}.")
    load_cards([article])
    return article


# -- shapes ---------------------------------------------------------------------------


def image_out(ctx: ApiContext, image, spec: str, *, caption="", credit=""):
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    return {
        "url": ctx.absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
        "caption": caption or image.caption,
        "credit": credit or image.credit,
    }


def section_ref(ctx: ApiContext, section: SectionPage | None):
    if section is None:
        return None
    return {
        "id": section.pk,
        "title": section.title,
        "slug": section.slug,
        "url": ctx.page_url(section),
    }


def agency_ref(ctx: ApiContext, agency: Agency | None, locale_id: int):
    if agency is None:
        return None
    return {
        "name": agency.name,
        "slug": agency.slug,
        "url": ctx.route_url(locale_id, "agency", agency.slug),
        "website": agency.url or None,
    }


def shown_time(value, zone: ZoneInfo):
    """To the second, in the edition's time zone."""
    if value is None:
        return None
    return timezone.localtime(value, zone).replace(microsecond=0)


def article_card(ctx: ApiContext, article: ArticlePage) -> dict:
    zone = ctx.zone(article.locale_id)
    published, modified = article.shown_published_at, article.shown_modified_at
    return {
        "id": article.pk,
        "title": article.title,
        "kicker": article.kicker,
        "standfirst": article.standfirst,
        "kind": article.kind,
        "edition": ctx.edition_code(article.locale_id),
        "url": ctx.page_url(article),
        "section": section_ref(ctx, getattr(article, "section", None)),
        "authors": [
            {
                "name": byline.author.name,
                "slug": byline.author.slug,
                "url": ctx.route_url(article.locale_id, "author", byline.author.slug),
            }
            for byline in article.bylines.all()
        ],
        "agency": agency_ref(ctx, article.agency, article.locale_id),
        "published_at": shown_time(published, zone),
        "modified_at": shown_time(modified, zone),
        "tags": [item.tag.slug for item in article.tagged_items.all()],
        "lead_image": image_out(
            ctx,
            article.lead_image,
            LEAD_IMAGE_SPEC,
            caption=article.image_caption,
            credit=article.image_credit,
        ),
    }


def related_cards(ctx: ApiContext, article: ArticlePage) -> list[dict]:
    """The story's Related News (as its page shows them), as article cards."""
    # Its tags are loaded with the card already (the fallback ranks by them).
    tag_ids = [item.tag_id for item in article.tagged_items.all()]
    ids = newsroom.related_news(article, tag_ids=tag_ids).ids
    if not ids:
        return []
    found = {a.pk: a for a in newsroom.published_articles().filter(pk__in=ids)}
    stories = [found[pk] for pk in ids if pk in found]
    load_cards(stories)
    return [article_card(ctx, story) for story in stories]


def article_detail(
    ctx: ApiContext, article: ArticlePage, *, with_related: bool = True
) -> dict:
    data = article_card(ctx, article)
    body = list(article.body)
    images = [
        child.value["image"]
        for child in body
        if child.block_type == "image" and child.value["image"] is not None
    ]
    if images:
        prefetch_related_objects(images, "renditions")
    # Links resolve in the story's own language, whatever the API's.
    with translation.override(ctx.edition_code(article.locale_id)):
        paragraphs = rich_text_html(
            ctx, [c.value.source for c in body if c.block_type == "paragraph"]
        )
        blocks, html, shown = [], [], iter(paragraphs)
        for child in body:
            if child.block_type == "paragraph":
                paragraph = next(shown)
                blocks.append({"type": "paragraph", "id": child.id, "value": paragraph})
                html.append(paragraph)
            else:
                blocks.append(body_block(ctx, child))
                # As the article page renders it ({% include_block %}).
                html.append(str(child.render(context={"request": ctx.request})))
    data.update(
        dateline=article.dateline,
        byline_text=article.byline_text,
        body=blocks,
        body_html=absolutize_html(ctx.origin, "\n".join(html)),
    )
    if with_related:
        data["related"] = related_cards(ctx, article)
    return data


_BLOCK_BREAK = "<!--masthead:block-->"


def rich_text_html(ctx: ApiContext, sources: list[str]) -> list[str]:
    """Stored rich text as safe HTML, internal links turned into absolute URLs.

    Expanded together (the stored HTML cannot hold comments: it is sanitized
    when saved), so links cost the same few queries for any number of
    paragraphs."""
    if not sources:
        return []
    expanded = expand_db_html(_BLOCK_BREAK.join(s or "" for s in sources))
    return [
        absolutize_html(ctx.origin, sanitize_html(part, rendered=True))
        for part in expanded.split(_BLOCK_BREAK)
    ]


def body_block(ctx: ApiContext, child) -> dict:
    kind, value = child.block_type, child.value
    if kind == "paragraph":
        out = rich_text_html(ctx, [value.source])[0]
    elif kind == "subhead":
        out = str(value)
    elif kind == "quote":
        out = {"text": value["text"], "attribution": value["attribution"]}
    elif kind == "image":
        image = value["image"]
        out = {
            "image": image_out(ctx, image, BODY_IMAGE_SPEC),
            "caption": value["caption"] or (image.caption if image else ""),
            "credit": value["credit"] or (image.credit if image else ""),
        }
    elif kind == "embed":
        embed = value["embed"]
        out = {"url": getattr(embed, "url", None), "caption": value["caption"]}
    elif kind == "related_links":
        links = []
        for link in value["links"]:
            page = link["page"]
            if page is not None and page.live:
                url = ctx.page_url(page)
                title = link["title"] or page.title
            elif link["url"]:
                url, title = link["url"], link["title"] or link["url"]
            else:
                continue
            links.append({"title": title, "url": url})
        out = {"heading": value["heading"], "links": links}
    else:  # a block type added later: its plain value
        out = child.block.get_prep_value(value)
    return {"type": kind, "id": child.id, "value": out}


_URL_ATTR = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')


def absolutize_html(origin: str, html: str) -> str:
    """Make the site-relative URLs in `html` absolute (for use off the site)."""

    def srcset(match):
        items = []
        for item in match.group(2).split(","):
            item = item.strip()
            if item.startswith("/") and not item.startswith("//"):
                item = origin + item
            items.append(item)
        return f'{match.group(1)}{", ".join(items)}"'

    html = _URL_ATTR.sub(lambda m: f'{m.group(1)}{origin}{m.group(2)}"', html)
    return _SRCSET.sub(srcset, html)


# -- sections --------------------------------------------------------------------------


def section_tree(ctx: ApiContext, edition: HomePage | None) -> list[dict]:
    homes = [edition] if edition else list(ctx.editions.values())
    sections = list(
        newsroom.reader_visible(SectionPage.objects.live())
        .filter(locale_id__in=[h.locale_id for h in homes])
        .order_by("path")
    )
    steplen = SectionPage.steplen
    out = []
    for home in homes:
        nodes: dict[str, dict] = {}
        top: list[dict] = []
        for section in sections:
            if not section.path.startswith(home.path) or section.path == home.path:
                continue
            parent_path = section.path[:-steplen]
            node = {
                "id": section.pk,
                "title": section.title,
                "label": section.label,
                "slug": section.slug,
                "url": ctx.page_url(section),
                "parent_id": None,
                "depth": section.depth - home.depth,
                "in_navigation": section.show_in_menus,
                "children": [],
            }
            if parent_path == home.path:
                top.append(node)
            elif parent_path in nodes:
                node["parent_id"] = nodes[parent_path]["id"]
                nodes[parent_path]["children"].append(node)
            else:
                continue  # under a page that is not a live section
            nodes[section.path] = node
        out.append(
            {
                "edition": home.locale.language_code,
                "title": home.title,
                "url": ctx.page_url(home),
                "time_zone": home.time_zone,
                "sections": top,
            }
        )
    return out
