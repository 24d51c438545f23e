"""The archive by date: years, months, a month's calendar and a day's stories.

`/archive/` lists the years with their story counts (and "on this day" in past
years), `/archive/2026/` the months, `/archive/2026/11/` a calendar of the
month and `/archive/2026/11/30/` every story published that day, in the
edition's time zone. `/<section>/archive/...` is the same for a section and
everything below it. `?date=YYYY-MM-DD` on any of them jumps to that day.

The routes hang off the edition front (`ArchiveRoutes`, a mixin of HomePage)
for sections too: the edition resolves its own routes before anything else,
and the newsroom app, where SectionPage lives, may not depend on this one
(tests/test_import_graph.py). The section is found from its address.

Only what readers may see is counted or listed (`published_articles`: live,
not withdrawn, no view restriction on the story or above it). Counts are
grouped by the database in the edition's time zone (`Extract*(tzinfo=)`),
one query per page; a day is the local day, so a story at 23:30 in Dhaka is
on that day although it is 17:30 UTC. Pages are marked with the edition's
(or the section's) surrogate key, which every publish, update, withdrawal
or restriction of a story in it purges (newsroom.events).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import Count, Q
from django.db.models.functions import Extract
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import re_path

from masthead.core import surrogate
from masthead.core.memo import versioned
from masthead.core.numerals import localize_digits
from masthead.newsroom.models import SectionPage
from masthead.newsroom.selectors import (
    InvalidPage,
    finish,
    in_locale,
    paginate,
    published_articles,
    reader_visible,
)

DAY_PER_PAGE = 100
ON_THIS_DAY_SIZE = 10
# Longer path parts are not dates: refused before int() reads them.
YEAR_DIGITS, PART_DIGITS = 4, 2


class ArchiveDateForm(forms.Form):
    """The calendar picker's `?date=`: a day between the first story and today."""

    date = forms.DateField(
        label=_("Go to a date"), input_formats=["%Y-%m-%d"], localize=False
    )

    def __init__(self, *args, first: date | None, last: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.first, self.last = first, last

    def clean_date(self):
        day = self.cleaned_data["date"]
        if self.first is None:
            raise forms.ValidationError(_("There are no stories in the archive yet."))
        if not self.first <= day <= self.last:
            raise forms.ValidationError(
                _("Choose a date from %(first)s to %(last)s.")
                % {
                    "first": localize_digits(date_format(self.first, "j F Y")),
                    "last": localize_digits(date_format(self.last, "j F Y")),
                }
            )
        return day


@dataclass
class CalendarDay:
    day: date
    count: int
    url: str | None
    is_selected: bool = False
    is_today: bool = False


@dataclass
class Period:
    """A year, month or day of the archive with its story count and link
    (None when it has no stories or lies outside the archive)."""

    start: date
    count: int
    url: str | None


class ArchiveScope:
    """The archive of an edition, or of one section of it (with its subsections)."""

    def __init__(self, edition, request, section: SectionPage | None = None):
        self.edition, self.request, self.section = edition, request, section

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.edition.time_zone)

    @cached_property
    def today(self) -> date:
        return datetime.now(tz=self.zone).date()

    @property
    def purge_key(self) -> str:
        if self.section is not None:
            return surrogate.section(self.section.pk)
        return surrogate.edition(self.edition.pk)

    @cached_property
    def root_url(self) -> str:
        owner = self.section if self.section is not None else self.edition
        return (owner.get_url(self.request) or "/") + "archive/"

    def url(self, year=None, month=None, day=None) -> str:
        parts = [f"{year:04d}"] if year else []
        parts += [f"{n:02d}" for n in (month, day) if n]
        return self.root_url + "".join(f"{part}/" for part in parts)

    def day_url(self, day: date) -> str:
        return self.url(day.year, day.month, day.day)

    def stories(self, *, newest_first: bool = True):
        """The stories readers may see, newest first (read along the
        published_at index, see in_locale) or in any order (counts: there
        PostgreSQL's planner joins better on the plain locale filter)."""
        if self.section is not None:
            return published_articles().descendant_of(self.section)
        if not newest_first:
            return published_articles(self.edition)
        return in_locale(published_articles(), self.edition.locale_id)

    def between(self, first: date, end: date, *, newest_first: bool = True):
        """Stories published from the start of `first` to before `end`'s."""
        return self.stories(newest_first=newest_first).filter(
            published_at__gte=self.moment(first), published_at__lt=self.moment(end)
        )

    def moment(self, day: date) -> datetime:
        """The start of `day` in the edition's time zone."""
        return datetime.combine(day, time.min, tzinfo=self.zone)

    @cached_property
    def first_day(self) -> date | None:
        """The day of the earliest story, kept until the next purge of the scope."""
        owner = self.section.pk if self.section is not None else 0

        def earliest():
            found = (
                self.stories()
                .filter(published_at__isnull=False)
                .order_by("published_at")
                .values_list("published_at", flat=True)[:1]
            )
            return found[0].astimezone(self.zone).date() if found else None

        return versioned(
            f"archive-first:{self.edition.pk}:{owner}",
            earliest,
            purge_key=self.purge_key,
        )

    def counts(self, part: str, first: date | None = None, end: date | None = None):
        """{year, month or day number: stories} from `first` to before `end`
        (else all), in one grouped query, kept until the scope's next purge."""
        owner = self.section.pk if self.section is not None else 0

        def count():
            stories = self.stories(newest_first=False)
            if first is not None:
                stories = self.between(first, end, newest_first=False)
            stories = stories.filter(published_at__isnull=False)
            since, until = first or self.first_day, end or self.today
            unit = LocalExtract(
                "published_at",
                part,
                tzinfo=self.zone,
                offset=fixed_offset(self.zone, since, until) if since else None,
            )
            rows = (
                stories.order_by()
                .annotate(unit=unit)
                .values("unit")
                .annotate(n=Count("pk"))
                .values_list("unit", "n")
            )
            return dict(rows)

        return versioned(
            f"archive-counts:{self.edition.pk}:{owner}:{part}:{first}",
            count,
            purge_key=self.purge_key,
        )


class LocalExtract(Extract):
    """`Extract(tzinfo=)` that SQLite computes itself while the zone's UTC
    offset is the same all through the period (`offset`, in minutes).

    Django's SQLite backend converts each row's time in a Python function,
    three times slower than SQLite's own strftime at 100,000 stories;
    PostgreSQL converts natively (AT TIME ZONE) and uses Django's as is.
    """

    PATTERNS = {"year": "%Y", "month": "%m", "day": "%d"}

    def __init__(self, expression, lookup_name, *, tzinfo, offset=None, **extra):
        self.offset = offset
        super().__init__(expression, lookup_name, tzinfo=tzinfo, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        if self.offset is None:
            return self.as_sql(compiler, connection)
        sql, params = compiler.compile(self.lhs)
        return (
            f"CAST(strftime(%s, {sql}, %s) AS INTEGER)",
            (self.PATTERNS[self.lookup_name], *params, f"{self.offset:+d} minutes"),
        )


def fixed_offset(zone: ZoneInfo, first: date, end: date) -> int | None:
    """The zone's UTC offset in minutes when it is the same at the start of
    every day from `first` to `end`, else None (daylight saving time began
    or ended: Dhaka kept it in 2009)."""
    offsets = set()
    day = first
    while day <= end:
        offsets.add(datetime.combine(day, time.min, tzinfo=zone).utcoffset())
        if len(offsets) > 1:
            return None
        day += timedelta(days=1)
    (offset,) = offsets or {timedelta(0)}
    return int(offset.total_seconds() // 60)


# -- pages --------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _neighbours(scope, previous: date, following: date, level: str):
    """Links to the previous and next year/month/day inside the archive."""
    first = scope.first_day
    links = {}
    if first is not None and previous >= _truncate(first, level):
        links["previous"] = Period(previous, 0, _period_url(scope, previous, level))
    if following <= _truncate(scope.today, level):
        links["next"] = Period(following, 0, _period_url(scope, following, level))
    return links


def _truncate(day: date, level: str) -> date:
    if level == "year":
        return date(day.year, 1, 1)
    if level == "month":
        return _month_start(day)
    return day


def _period_url(scope, start: date, level: str) -> str:
    if level == "year":
        return scope.url(start.year)
    if level == "month":
        return scope.url(start.year, start.month)
    return scope.day_url(start)


def month_calendar(scope, year: int, month: int, selected: date | None = None):
    """The month as weeks of days (None outside the month), each day with
    its story count and link; weeks start on the language's first weekday."""
    start = date(year, month, 1)
    counts = scope.counts("day", start, _month_end(year, month))
    first_weekday = int(get_format("FIRST_DAY_OF_WEEK"))  # 0 is Sunday
    grid = calendar.Calendar(firstweekday=(first_weekday - 1) % 7)
    weeks = []
    for week in grid.monthdatescalendar(year, month):
        row = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            count = counts.get(day.day, 0)
            row.append(
                CalendarDay(
                    day=day,
                    count=count,
                    url=scope.day_url(day) if count else None,
                    is_selected=day == selected,
                    is_today=day == scope.today,
                )
            )
        weeks.append(row)
    previous = _month_start(start - timedelta(days=1))
    return {
        "month": start,
        "weeks": weeks,
        "weekdays": grid.monthdatescalendar(year, month)[0],
        "total": sum(counts.values()),
        **_neighbours(scope, previous, _month_end(year, month), "month"),
    }


def on_this_day(scope, limit: int = ON_THIS_DAY_SIZE):
    """Stories published on today's date in past years, newest first: one
    query, a range on the published_at index per year."""
    first, today = scope.first_day, scope.today
    if first is None:
        return []
    ranges = Q()
    for year in range(first.year, today.year):
        try:
            day = today.replace(year=year)
        except ValueError:  # 29 February
            continue
        ranges |= Q(
            published_at__gte=scope.moment(day),
            published_at__lt=scope.moment(day + timedelta(days=1)),
        )
    if not ranges:
        return []
    return list(scope.stories().filter(ranges)[:limit])


def index_context(scope) -> dict:
    counts = scope.counts("year")
    years = [
        Period(date(year, 1, 1), n, scope.url(year))
        for year, n in sorted(counts.items(), reverse=True)
        if year
    ]
    past = on_this_day(scope)
    finish(past)
    return {"years": years, "on_this_day": past}


def year_context(scope, year: int) -> dict:
    start = date(year, 1, 1)
    counts = scope.counts("month", start, date(year + 1, 1, 1))
    months = [
        Period(
            date(year, month, 1),
            counts.get(month, 0),
            scope.url(year, month) if counts.get(month) else None,
        )
        for month in range(1, 13)
    ]
    return {
        "year": start,
        "months": months,
        "total": sum(counts.values()),
        **_neighbours(scope, date(year - 1, 1, 1), date(year + 1, 1, 1), "year"),
    }


def month_context(scope, year: int, month: int) -> dict:
    return {"calendar": month_calendar(scope, year, month)}


def day_context(scope, day: date) -> dict:
    stories = scope.between(day, day + timedelta(days=1))
    page = paginate(stories, scope.request, per_page=DAY_PER_PAGE)
    listing = list(page.object_list)
    finish(listing)
    return {
        "day": day,
        "articles": listing,
        "page_obj": page,
        "calendar": month_calendar(scope, day.year, day.month, selected=day),
        **_neighbours(scope, day - timedelta(days=1), day + timedelta(days=1), "day"),
    }


# -- routing ------------------------------------------------------------------


def _number(raw: str | None, digits: int) -> int | None:
    if raw is None:
        return None
    if len(raw) > digits or not raw.isascii() or not raw.isdigit():
        raise Http404(_("No such date in the archive."))
    return int(raw)


def _section(edition, section_path: str | None) -> SectionPage | None:
    """The live, public section of `edition` at `section_path` ("economy/banking/")."""
    if section_path is None:
        return None
    found = (
        reader_visible(SectionPage.objects.live())
        .filter(url_path=edition.url_path + section_path)
        .order_by()[:1]
    )
    for section in found:
        return section
    raise Http404(_("No such section."))


def _inside(scope, level: str, start: date) -> bool:
    """Whether the year, month or day starting at `start` lies between the
    first story's and today's."""
    first = scope.first_day
    if first is None:
        return False
    return _truncate(first, level) <= start <= _truncate(scope.today, level)


def serve_archive(
    edition, request, *, section_path=None, year=None, month=None, day=None
):
    """Render one archive page; 404 for a date that is not one, lies before
    the first story or after today. `?date=` redirects to that day's page,
    or shows the archive's first page with the form's message (400)."""
    section = _section(edition, section_path)
    scope = ArchiveScope(edition, request, section)
    surrogate.mark(request, scope.purge_key)
    y = _number(year, YEAR_DIGITS)
    m = _number(month, PART_DIGITS)
    d = _number(day, PART_DIGITS)
    form, status = None, 200
    if "date" in request.GET:
        form = ArchiveDateForm(request.GET, first=scope.first_day, last=scope.today)
        if form.is_valid():
            return HttpResponseRedirect(scope.day_url(form.cleaned_data["date"]))
        status, y, m, d = 400, None, None, None
    level = (
        "index"
        if y is None
        else "year"
        if m is None
        else "month"
        if d is None
        else "day"
    )
    start = None
    if y is not None:
        try:
            start = date(y, 1 if m is None else m, 1 if d is None else d)
        except ValueError:
            raise Http404(_("No such date in the archive.")) from None
        if not _inside(scope, level, start):
            raise Http404(_("The archive has no stories for this date."))
        canonical = scope.url(y, m, d)
        if request.path != urlsplit(canonical).path:  # 2026/3/ is 2026/03/
            return HttpResponsePermanentRedirect(canonical)
    context = {"archive": scope, "archive_level": level, "section": section}
    if level == "index":
        context.update(index_context(scope))
    elif level == "year":
        context.update(year_context(scope, y))
    elif level == "month":
        context.update(month_context(scope, y, m))
    else:
        try:
            context.update(day_context(scope, start))
        except InvalidPage:
            raise Http404(_("No such page of this day's stories.")) from None
    context["date_form"] = form or ArchiveDateForm(
        first=scope.first_day,
        last=scope.today,
        initial={"date": start.isoformat() if level == "day" else None},
    )
    response = edition.render(
        request, template=f"pages/archive_{level}.html", context_overrides=context
    )
    response.status_code = status
    return response


class ArchiveRoutes:
    """The archive's routes, for the edition front (a RoutablePageMixin page).

    Sections' archives are routes of their edition too (see the module's
    docstring): `(?:[^/]+/)+` is the section's path below the edition."""

    @re_path(r"^archive/$", name="archive")
    def archive_index(self, request):
        return serve_archive(self, request)

    @re_path(r"^archive/(?P<year>[0-9]+)/$", name="archive_year")
    def archive_year(self, request, year):
        return serve_archive(self, request, year=year)

    @re_path(r"^archive/(?P<year>[0-9]+)/(?P<month>[0-9]+)/$", name="archive_month")
    def archive_month(self, request, year, month):
        return serve_archive(self, request, year=year, month=month)

    @re_path(
        r"^archive/(?P<year>[0-9]+)/(?P<month>[0-9]+)/(?P<day>[0-9]+)/$",
        name="archive_day",
    )
    def archive_day(self, request, year, month, day):
        return serve_archive(self, request, year=year, month=month, day=day)

    @re_path(r"^(?P<section_path>(?:[^/]+/)+)archive/$", name="section_archive")
    def section_archive_index(self, request, section_path):
        return serve_archive(self, request, section_path=section_path)

    @re_path(
        r"^(?P<section_path>(?:[^/]+/)+)archive/(?P<year>[0-9]+)/$",
        name="section_archive_year",
    )
    def section_archive_year(self, request, section_path, year):
        return serve_archive(self, request, section_path=section_path, year=year)

    @re_path(
        r"^(?P<section_path>(?:[^/]+/)+)archive/(?P<year>[0-9]+)/(?P<month>[0-9]+)/$",
        name="section_archive_month",
    )
    def section_archive_month(self, request, section_path, year, month):
        return serve_archive(
            self, request, section_path=section_path, year=year, month=month
        )

    @re_path(
        r"^(?P<section_path>(?:[^/]+/)+)archive/"
        r"(?P<year>[0-9]+)/(?P<month>[0-9]+)/(?P<day>[0-9]+)/$",
        name="section_archive_day",
    )
    def section_archive_day(self, request, section_path, year, month, day):
        return serve_archive(
            self, request, section_path=section_path, year=year, month=month, day=day
        )
