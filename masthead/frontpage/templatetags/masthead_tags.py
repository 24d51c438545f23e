"""Small helpers for the reader site's templates."""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.template.loader import get_template
from django.urls import NoReverseMatch
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page

from masthead.core import purge, surrogate
from masthead.core.newsdates import format_when
from masthead.core.numerals import localize_digits
from masthead.core.translations import live_versions
from masthead.newsroom.selectors import StoryCard

register = template.Library()

CARD_TEMPLATE = "components/article_card.html"
CARD_SECONDS = 3600
CARD_OPTIONS = (
    "variant",
    "level",
    "show_image",
    "show_standfirst",
    "hide_section",
    "sizes",
    "eager",
)


def _edition_prefix(edition) -> str:
    """`""` for the default language's edition, `/bn` for Bangla, ..."""
    code = getattr(getattr(edition, "locale", None), "language_code", None)
    if not code or code == settings.LANGUAGE_CODE:
        return ""
    return f"/{code}"


@register.simple_tag(takes_context=True)
def feed_url(context, kind="rss", scope="", slug=""):
    """The edition's feed URL: `/feeds/rss.xml`, `/bn/feeds/section/x/rss.xml`.

    `kind` is `rss` or `atom`; `scope` is "", `section`, `tag` or `author`.
    """
    chrome = context.get("chrome")
    edition = chrome["edition"] if chrome else None
    name = "atom.xml" if kind == "atom" else "rss.xml"
    middle = f"{scope}/{slug}/" if scope and slug else ""
    return f"{_edition_prefix(edition)}/feeds/{middle}{name}"


@register.filter(is_safe=True)
def digits(value) -> str:
    """`value` with its digits in the active language's script
    (`{{ count|digits }}` is "১২" in the Bangla edition)."""
    return localize_digits(value)


# Words a reader reads in a minute, in either language (a conservative figure,
# so that "5 min read" is not a promise the story breaks).
WORDS_PER_MINUTE = 200


@register.simple_tag
def reading_minutes(article) -> int:
    """The minutes a reader needs for `article`'s text, at least one: its
    paragraphs, subheads and quotes, at WORDS_PER_MINUTE."""
    words = sum(
        len(strip_tags(_block_text(block.value)).split())
        for block in getattr(article, "body", None) or ()
    )
    return max(1, round(words / WORDS_PER_MINUTE))


def _block_text(value) -> str:
    if isinstance(value, str):
        return value
    if hasattr(value, "source"):  # RichText
        return value.source
    if hasattr(value, "values"):  # a struct block: a quote's text, ...
        return " ".join(_block_text(part) for part in value.values())
    return ""


@register.filter
def newsdate(value, style="long") -> str:
    """`value` (a datetime or date) as the edition writes it, in the current
    time zone: `long` ("30 November 2026, 4:15 PM" / "৩০ নভেম্বর ২০২৬, বিকেল
    ৪:১৫"), `short`, `date` or `day` (with the weekday). See core.newsdates."""
    return format_when(value, style)


# Routes of an edition's front whose counterpart is the same listing in the
# other edition (as for hreflang, syndication.seo.TRANSLATABLE_ROUTES, plus
# the date archive: the same day there); any other route (a tag, an author, a
# search, a section's archive) leads to the other edition's front.
SAME_LISTING_ROUTES = (
    "latest",
    "html_sitemap",
    "archive",
    "archive_year",
    "archive_month",
    "archive_day",
)


@register.simple_tag(takes_context=True)
def edition_switch(context) -> list[tuple[str, str, str]]:
    """The header's language switch: `(href, language code, edition name)`
    for each other edition, leading to this page's live translation there
    when it has one, else to that edition's front.

    Costs no query of its own: the other editions come from the cache
    (chrome) and the page's translations from the read the SEO head's
    hreflang pairs already made (core.translations). The result is part of
    the header's fragment cache key.
    """
    chrome = context.get("chrome")
    others = chrome["other_editions"] if chrome else []
    if not others:
        return []
    request = context.get("request")
    page = context.get("page") or context.get("self")
    targets = {}
    if isinstance(page, Page):
        match = getattr(request, "routable_resolver_match", None)
        route = getattr(match, "url_name", None)
        edition = chrome["edition"]
        if edition is not None and page.pk == edition.pk:
            if route in SAME_LISTING_ROUTES:
                for other in others:
                    try:
                        suffix = other.reverse_subpage(
                            route, args=match.args, kwargs=match.kwargs
                        )
                    except NoReverseMatch:
                        continue
                    targets[other.locale_id] = (other.get_url(request) or "") + suffix
        elif route in (None, "index_route"):
            for version in live_versions(page, request):
                if version.pk != page.pk:
                    targets[version.locale_id] = version.get_url(request)
    links = []
    for other in others:
        href = targets.get(other.locale_id) or other.get_url(request)
        code = other.locale.language_code
        if href:
            links.append((href, code, other.edition_name or code))
    return links


@register.filter
def is_within(page, section) -> bool:
    """True when `page` is `section` or lies below it in the page tree."""
    path = getattr(page, "path", None)
    return bool(path and section is not None and path.startswith(section.path))


@register.filter
def header_position(page, edition) -> str:
    """What the header marks as current for `page` (the edition's front, or
    one of its sections, exactly or below it), as a fragment cache key part:
    the header is otherwise the same on every page of the edition."""
    path = getattr(page, "path", None)
    if not path or edition is None:
        return ""
    if page.pk == edition.pk:
        return "edition"
    if not path.startswith(edition.path) or page.depth <= edition.depth:
        return ""
    section_path = path[: len(edition.path) + page.steplen]
    return section_path + ("=" if page.depth == edition.depth + 1 else "<")


@register.simple_tag(takes_context=True)
def story_card(context, article, **options):
    """One story in a listing (components/article_card.html, which lists the
    options), kept rendered in the fragment cache.

    A card depends on its story, the options and what the header depends on
    (site, edition, language, everything's purge version, day: `chrome`'s
    `fragment_key`); it is kept under the story's purge version, so an update
    or withdrawal of the story is never shown from here. A listing or a story
    page rendered again after a publish rebuilds only the new story's card.
    While purges cannot be read (Redis down) cards are rendered every time.
    """
    unknown = set(options) - set(CARD_OPTIONS)
    if unknown:
        raise template.TemplateSyntaxError(f"story_card: unknown {sorted(unknown)}")
    if article is None:
        return ""
    # `article` may be known only by its id so far (a StoryCard: the story
    # is read on a miss, see _render_card).
    chrome = context.get("chrome") or {}
    fragment_key = chrome.get("fragment_key", "")
    version = purge.key_version(surrogate.page(article.pk))
    values = {name: options.get(name) for name in CARD_OPTIONS}
    if not fragment_key or version == purge.UNAVAILABLE:
        return _render_card(context, article, values)
    shape = hashlib.md5(repr(sorted(values.items())).encode(), usedforsecurity=False)
    shape = shape.hexdigest()[:12]
    key = f"masthead:card:{shape}:{article.pk}:{version}:{fragment_key}"
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        html = _render_card(context, article, values)
        fragments.set(key, html, CARD_SECONDS)
    return html


def _render_card(context, article, values):
    if isinstance(article, StoryCard):
        article = article.story()
        if article is None:  # gone since it was chosen
            return ""
    flat = {"request": context.get("request"), "article": article, **values}
    return mark_safe(get_template(CARD_TEMPLATE).render(flat))  # noqa: S308
