"""What follows any change readers can see: the caches in front of pages.

- the hot page cache (masthead.core.hotcache), every worker and app server:
  one generation bump per event, synchronous because it is one file rename or
  one Redis INCR;
- the CDN or Varnish in front (WAGTAILFRONTENDCACHE), for pages other than
  stories (the newsroom purges its stories' listings itself): Wagtail's
  PurgeBatch sends the PURGE requests from a background task.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page

from .events import Event, PagesChanged, subscribe
from .purge import purge_all_pages, purge_edge_for_page


def purge_page_cache(event: Event) -> None:
    purge_all_pages()


def purge_edge_for_pages(event: PagesChanged) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_urls(event.urls)
    for page in Page.objects.filter(pk__in=event.page_ids).specific():
        if event.change in ("restricted", "unrestricted"):
            batch.add_pages(page.get_descendants(inclusive=True).live().specific())
        purge_edge_for_page(page)
    batch.purge()


def connect() -> None:
    subscribe(Event, purge_page_cache)
    subscribe(PagesChanged, purge_edge_for_pages)
