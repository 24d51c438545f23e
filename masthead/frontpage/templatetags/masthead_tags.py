"""Small helpers for the reader site's templates."""

from django import template
from django.conf import settings

register = template.Library()


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


@register.filter
def is_within(page, section) -> bool:
    """True when `page` is `section` or lies below it in the page tree."""
    path = getattr(page, "path", None)
    return bool(path and section is not None and path.startswith(section.path))
