"""Template tags for crawlers: the SEO <head>, NewsArticle JSON-LD, feed links."""

from __future__ import annotations

from django import template
from wagtail.models import Page

from masthead.editions import selectors as editions
from masthead.frontpage.models import HomePage

from .. import jsonld, seo

register = template.Library()


@register.inclusion_tag("syndication/head.html", takes_context=True)
def seo_head(context):
    """Canonical, hreflang, Open Graph, Twitter card, feeds and OpenSearch."""
    return {"head": seo.head_context(context)}


def _edition_of(request, page, chrome=None):
    edition = chrome["edition"] if chrome else editions.current_edition(request)
    if edition is not None and edition.locale_id == page.locale_id:
        return edition
    return (
        HomePage.objects.live()
        .filter(locale_id=page.locale_id)
        .select_related("locale")
        .order_by("path")
        .first()
    ) or edition


@register.simple_tag(takes_context=True)
def article_jsonld(context):
    """One NewsArticle JSON-LD <script> for the page's article."""
    request = context.get("request")
    article = context.get("article") or context.get("page") or context.get("self")
    if request is None or not isinstance(article, Page):
        return ""
    chrome = context.get("chrome")
    edition = _edition_of(request, article, chrome)
    data = jsonld.news_article(
        article,
        request,
        edition=edition,
        authors=context.get("authors"),
        tags=context.get("tags"),
        section=context.get("section") or getattr(article, "section", None),
        newsroom_settings=chrome["newsroom"] if chrome else None,
    )
    return jsonld.script_tag(data)


@register.simple_tag
def syndication_feed_url(kind="rss", scope="", slug=""):
    """`/feeds/rss.xml`, `/bn/feeds/section/economy/atom.xml` (active language)."""
    name = f"{scope}_{kind}" if scope else f"latest_{kind}"
    return seo.feed_url(name, **({"slug": slug} if scope else {})) or ""


@register.simple_tag
def sitemap_tree(sections):
    """Sections (ordered by path) as nested [(section, children)] for the HTML
    sitemap."""
    roots, stack = [], []
    for section in sections:
        node = (section, [])
        while stack and not section.path.startswith(stack[-1][0].path):
            stack.pop()
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots
