"""The newsroom's audience dashboard: what readers open and finish."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from masthead.core.outage import REDIS_DOWN
from masthead.newsroom.models import ArticlePage, SectionPage

from .store import WINDOWS, get_store

ROWS = 25
SPARK_WIDTH, SPARK_HEIGHT = 120, 24
UNIT = {
    "1h": gettext_lazy("5 minutes"),
    "24h": gettext_lazy("hour"),
    "7d": gettext_lazy("hour"),
}


@dataclass
class Row:
    rank: int
    story: ArticlePage | None
    story_id: int
    views: int
    reads: int
    series: list[int]

    @property
    def read_rate(self) -> int | None:
        return round(100 * self.reads / self.views) if self.views else None

    @property
    def points(self) -> str:
        peak = max(self.series) or 1
        step = SPARK_WIDTH / max(len(self.series) - 1, 1)
        return " ".join(
            f"{i * step:.1f},{SPARK_HEIGHT - 1 - (n / peak) * (SPARK_HEIGHT - 2):.1f}"
            for i, n in enumerate(self.series)
        )


def top_rows(window: str, *, locale_id=None, section=None, kind="v") -> list[Row]:
    """The ROWS stories with the most views (or reads) in the window, with
    their views, reads and views per bucket (the sparkline). Raises
    REDIS_DOWN while Redis is unreachable."""
    store = get_store()
    spec = WINDOWS[window]
    ranked = store.top(
        kind, spec, locale_id=locale_id, section=section, minimum=1, limit=ROWS
    )
    ids = [story_id for story_id, _n in ranked]
    views = store.series("v", spec, ids)
    reads = store.series("r", spec, ids)
    stories = ArticlePage.objects.in_bulk(ids)
    return [
        Row(
            rank=rank,
            story=stories.get(story_id),
            story_id=story_id,
            views=sum(views.get(story_id, [])),
            reads=sum(reads.get(story_id, [])),
            series=views.get(story_id) or [0],
        )
        for rank, (story_id, _n) in enumerate(ranked, start=1)
    ]


def dashboard_context(params) -> dict:
    window = params.get("window") if params.get("window") in WINDOWS else "24h"
    kind = "r" if params.get("by") == "reads" else "v"
    locales = list(Locale.objects.order_by("language_code"))
    locale = next(
        (x for x in locales if x.language_code == params.get("edition")), None
    )
    sections = list(SectionPage.objects.order_by("path"))
    section = None
    raw = params.get("section", "")
    if raw.isdigit():
        section = next((s for s in sections if s.pk == int(raw)), None)
    try:
        rows = top_rows(
            window,
            locale_id=locale.pk if locale else None,
            section=section,
            kind=kind,
        )
        unavailable = False
    except REDIS_DOWN:
        rows, unavailable = [], True
    return {
        "rows": rows,
        "unavailable": unavailable,
        "windows": [
            ("1h", _("Last hour")),
            ("24h", _("24 hours")),
            ("7d", _("7 days")),
        ],
        "window": window,
        "by": "reads" if kind == "r" else "views",
        "locales": locales,
        "edition": locale.language_code if locale else "",
        "sections": sections,
        "section": section,
        "unit": UNIT[window],
        "spark_width": SPARK_WIDTH,
        "spark_height": SPARK_HEIGHT,
    }
