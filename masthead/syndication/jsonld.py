"""schema.org NewsArticle for article pages, as one JSON-LD object."""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

from . import common

# As django.utils.html.json_script: inside <script> nothing may close the
# element or open a comment, so <, > and & never appear literally. U+2028/9
# are escaped too, for consumers that treat the payload as JavaScript.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def dumps_for_script(data) -> str:
    """JSON safe to place between <script> and </script>."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _SCRIPT_ESCAPES
    )


def script_tag(data) -> SafeString:
    return mark_safe(  # noqa: S308 - the payload is escaped by dumps_for_script
        '<script type="application/ld+json">' + dumps_for_script(data) + "</script>"
    )


def page_language(page, edition=None) -> str:
    """The page's language code, without a query when it is the edition's."""
    if edition is not None and edition.locale_id == page.locale_id:
        return edition.locale.language_code
    return page.locale.language_code


def organization(request, newsroom_settings, edition=None) -> dict:
    logo = common.publisher_logo(request, newsroom_settings)
    data = {
        "@type": "Organization",
        "name": newsroom_settings.publisher_name,
        "logo": {
            "@type": "ImageObject",
            "url": logo.url,
            "width": logo.width,
            "height": logo.height,
        },
    }
    if edition is not None:
        data["url"] = common.absolute(request, edition.get_url(request))
    same_as = [url for _label, url in newsroom_settings.social_links]
    if same_as:
        data["sameAs"] = same_as
    return data


def news_article(
    article,
    request,
    *,
    edition=None,
    authors=None,
    tags=None,
    section=None,
    newsroom_settings=None,
    canonical: str | None = None,
) -> dict:
    """The NewsArticle dict for `article` (see PRODUCT.md, Discovery)."""
    if newsroom_settings is None:
        newsroom_settings = common.newsroom_settings_for(request)
    if authors is None:
        authors = article.authors
    if tags is None:
        tags = list(article.tags.all())
    time_zone = getattr(edition, "time_zone", None)
    url = canonical or common.absolute(request, article.get_url(request))

    people = []
    for author in authors:
        person = {"@type": "Person", "name": author.name}
        if edition is not None:
            person["url"] = common.absolute(
                request,
                edition.get_url(request)
                + edition.reverse_subpage("author", args=[author.slug]),
            )
        if author.role:
            person["jobTitle"] = author.role
        people.append(person)
    if article.agency_id:
        agency = article.agency
        org = {"@type": "Organization", "name": agency.name}
        if agency.url:
            org["url"] = agency.url
        people.append(org)
    publisher = organization(request, newsroom_settings, edition)
    if not people:
        people.append({"@type": "Organization", "name": publisher["name"]})

    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.seo_title or article.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": common.local_iso(article.shown_published_at, time_zone),
        "dateModified": common.local_iso(
            article.shown_modified_at or article.shown_published_at, time_zone
        ),
        "author": people,
        "publisher": publisher,
        "inLanguage": page_language(article, edition),
        "isAccessibleForFree": True,
    }
    description = article.search_description or article.standfirst
    if description:
        data["description"] = description
    image = common.article_share_image(request, article)
    if image is not None:
        data["image"] = [image.url]
    if section is not None:
        data["articleSection"] = section.title
    keywords = [tag.name for tag in tags]
    if keywords:
        data["keywords"] = keywords
    if article.dateline:
        data["dateline"] = article.dateline
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": note.text,
            "datePublished": common.local_iso(note.noted_at, time_zone),
        }
        for note in getattr(article, "corrections", [])
    ]
    if corrections:
        data["correction"] = corrections
    return data
