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
