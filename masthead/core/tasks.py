"""Background work of the core: telling the CDN or Varnish in front what to
drop (run by `masthead serve`'s worker or `masthead worker`)."""

from __future__ import annotations

import logging
import urllib.request

from django.conf import settings
from django_tasks import task

logger = logging.getLogger("masthead.purge")

PURGE_TIMEOUT = 10


def edge_purge_request(keys: list[str], hard: bool) -> urllib.request.Request:
    """One PURGE to MASTHEAD_PURGE_URL naming the surrogate keys, in the
    headers Varnish's xkey VCL (README) and Fastly-style CDNs read."""
    joined = " ".join(keys)
    headers = {
        "Surrogate-Key": joined,
        ("xkey-purge" if hard else "xkey-softpurge"): joined,
    }
    if not hard:
        headers["Fastly-Soft-Purge"] = "1"
    return urllib.request.Request(  # noqa: S310 - the operator's http(s) URL
        settings.MASTHEAD_PURGE_URL, method="PURGE", headers=headers
    )


@task()
def purge_edge(keys: list[str], hard: bool = False) -> int:
    """Drop every page carrying any of `keys` at the edge. Safe to run twice."""
    if not settings.MASTHEAD_PURGE_URL:
        return 0
    with urllib.request.urlopen(  # noqa: S310 - see edge_purge_request
        edge_purge_request(list(keys), hard), timeout=PURGE_TIMEOUT
    ) as response:
        return response.status
