"""A page's live versions in every language, read once per request.

The SEO head (hreflang pairs, syndication) and the header's language switch
(frontpage) both need them; the first to ask reads them (one query) and keeps
them on the request, so the second costs nothing. (Not on the page: the
edition fronts are shared between requests from the site cache.) A story
read by newsroom's selectors already knows whether it has any translation
(`has_live_translations`): one without costs no query at all.
"""

from __future__ import annotations

ATTRIBUTE = "_masthead_live_versions"


def live_versions(page, request=None) -> list:
    """`page` and its live translations, with their locales; just `[page]`
    (no query) when it is known to have none."""
    if getattr(page, "has_live_translations", None) is False:
        return [page]
    known = getattr(request, ATTRIBUTE, None) if request is not None else None
    if known is not None and page.pk in known:
        return known[page.pk]
    versions = list(
        page.get_translations(inclusive=True).live().select_related("locale")
    )
    if request is not None:
        if known is None:
            known = {}
            setattr(request, ATTRIBUTE, known)
        known[page.pk] = versions
    return versions
