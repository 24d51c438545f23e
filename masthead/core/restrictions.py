"""Which view restrictions apply to a page, in one query."""

from django.db.models import Q
from wagtail.models import PageViewRestriction


def view_restrictions(page):
    """As Wagtail's `Page.get_view_restrictions()`: the restrictions set on
    `page` or on a page above it, where a page that is an alias counts with
    the restrictions of its original. Wagtail first reads the ancestors'
    alias links and then the restrictions (two queries on every page served);
    this asks for both at once: the ancestors' paths are known from the
    page's own path."""
    paths = [page.path[: depth * page.steplen] for depth in range(1, page.depth + 1)]
    return PageViewRestriction.objects.filter(
        Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
    ).distinct()
