"""Slugs from URLs and query strings, refused before they reach the database."""

from django.http import Http404

# Slugs are at most 255 characters (Author/Agency/Page/Tag); anything longer,
# or with control characters (`%00`), cannot match and is refused before it
# reaches the database (PostgreSQL rejects NUL bytes with an error).
MAX_SLUG_LENGTH = 255


def clean_slug(slug: str) -> str:
    if (
        not slug
        or len(slug) > MAX_SLUG_LENGTH
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in slug)
        or "/" in slug
        or "\\" in slug
    ):
        raise Http404("No such slug.")
    return slug
