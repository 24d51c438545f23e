"""The edition's front page and the site-wide newsroom settings."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page

from masthead.core import surrogate
from masthead.core.fields import optional_link
from masthead.core.forms import ControlFreeModelForm, ControlFreePageForm
from masthead.core.restrictions import view_restrictions
from masthead.core.slugs import clean_slug

from .archive import ArchiveRoutes

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class HomePage(ArchiveRoutes, RoutablePageMixin, Page):
    """The root of an edition (English, Bangla): its front page.

    Tag, author and agency listings and the HTML sitemap hang off it as routes, so
    each edition has its own (`/tag/dhaka/`, `/bn/tag/dhaka/`).
    """

    edition_name = models.CharField(
        _("edition name"),
        max_length=60,
        default="English",
        help_text=_("Shown in the link from the other edition, e.g. 'English'"),
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Asia/Dhaka"
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("edition_name"),
                FieldPanel("tagline"),
                FieldPanel("time_zone"),
            ],
            heading=_("Edition"),
        ),
    ]
    base_form_class = ControlFreePageForm
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["newsroom.SectionPage", "newsroom.StandardPage"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("edition front page")

    @classmethod
    def for_language(cls, language_code: str | None = None) -> "HomePage | None":
        """The live edition in `language_code` (or the active language), else
        the first edition (from the cache, see site_data)."""
        from .site_data import live_editions

        language_code = (
            language_code or translation.get_language() or settings.LANGUAGE_CODE
        )
        editions = live_editions()
        for edition in editions:
            if edition.locale.language_code == language_code:
                return edition
        return editions[0] if editions else None

    @classmethod
    def for_request(cls, request) -> "HomePage | None":
        """The edition of the request's URL (its language, set by the editions
        middleware), cached on the request like Wagtail's settings."""
        if not hasattr(request, "_masthead_edition"):
            request._masthead_edition = cls.for_language(
                getattr(request, "LANGUAGE_CODE", None)
            )
        return request._masthead_edition

    @property
    def localized(self):
        """This edition in the active language if it is live, else itself.

        As Wagtail's own, which routing asks of the site's root page on every
        request, but answered from the cached editions instead of two queries.
        """
        from .site_data import live_editions

        language_code = translation.get_language()
        for edition in live_editions():
            if (
                edition.translation_key == self.translation_key
                and edition.locale.language_code == language_code
            ):
                return self if edition.pk == self.pk else edition
        return self

    def get_view_restrictions(self):
        return view_restrictions(self)

    def route(self, request, path_components):
        if path_components:
            try:
                # The edition's own routes (tag/, latest/, ...) come first.
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                from masthead.newsroom.models import SectionPage
                from masthead.newsroom.selectors import story_at

                # A story, most likely: one query, however deep.
                story = story_at(self, path_components)
                if story is not None:
                    return story.route(request, [])
                # A section: one query instead of two.

                try:
                    section = SectionPage.objects.child_of(self).get(
                        slug=path_components[0]
                    )
                except SectionPage.DoesNotExist:
                    pass
                else:
                    section._cached_parent_obj = self
                    return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_template(self, request, *args, **kwargs):
        return "pages/home_page.html"

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        # Routes (tag, author, search, ...) bring their own context: only the
        # front page itself needs the front's listings and rails.
        match = getattr(request, "routable_resolver_match", None)
        if match is None or match.url_name == "index_route":
            surrogate.mark(request, surrogate.page(self.pk), surrogate.edition(self.pk))
            context.update(selectors.home_front(self, request))
        return context

    def _listing(self, request, template, **context):
        from masthead.newsroom import selectors

        try:
            extra = selectors.listing_page(self, request, **context)
        except selectors.InvalidPage:
            raise Http404(_("No such page of this listing.")) from None
        return self.render(request, template=template, context_overrides=extra)

    @path("tag/<str:slug>/", name="tag")
    def tag_page(self, request, slug):
        from taggit.models import Tag

        tag = get_object_or_404(Tag, slug=clean_slug(slug))
        surrogate.mark(request, surrogate.tag(tag.pk))
        return self._listing(request, "pages/tag_page.html", tag=tag)

    @path("author/<str:slug>/", name="author")
    def author_page(self, request, slug):
        from masthead.newsroom.models import Author

        author = get_object_or_404(
            Author.objects.select_related("photo"), slug=clean_slug(slug)
        )
        surrogate.mark(request, surrogate.author(author.pk))
        return self._listing(request, "pages/author_page.html", author=author)

    @path("agency/<str:slug>/", name="agency")
    def agency_page(self, request, slug):
        from masthead.newsroom.models import Agency

        agency = get_object_or_404(
            Agency.objects.select_related("logo"), slug=clean_slug(slug)
        )
        return self._listing(request, "pages/agency_page.html", agency=agency)

    @path("latest/", name="latest")
    def latest_page(self, request):
        surrogate.mark(request, surrogate.edition(self.pk))
        return self._listing(request, "pages/latest_page.html")

    @path("search/", name="search")
    def search_page(self, request):
        """Full-text search over the edition's live stories (`?q=`, filters
        `section`, `kind`, `author`, `from`, `to`, and `?page=`)."""
        from . import selectors

        try:
            extra = selectors.search_results(self, request)
        except selectors.InvalidPage:
            raise Http404(_("No such page of these results.")) from None
        return self.render(
            request, template="pages/search_page.html", context_overrides=extra
        )

    @path("sitemap/", name="html_sitemap")
    def html_sitemap(self, request):
        from . import selectors

        return self.render(
            request,
            template="pages/html_sitemap.html",
            context_overrides=selectors.html_sitemap(self, request),
        )


# The front shows a lead story and six top stories: more picks than slots
# would only hide picks below the fold of the admin, never on the site.
MAX_TOP_STORY_PICKS = 7


class TopStories(ClusterableModel):
    """An edition's curated Top Stories: stories picked in order, each until
    its expiry. The slots left over are filled with the newest stories flagged
    as top stories (frontpage.selectors.top_stories).

    Kept apart from the edition's front page on purpose: on a breaking-news
    day the desk re-orders these in seconds, without a new revision of the
    front (which would purge every page of the site) and without the right to
    publish it. A save purges only the edition's listings
    (frontpage.events.TopStoriesChanged).
    """

    edition = models.OneToOneField(
        HomePage,
        on_delete=models.CASCADE,
        related_name="top_story_lineup",
        verbose_name=_("edition"),
    )

    panels = [
        FieldPanel("edition"),
        InlinePanel(
            "picks",
            heading=_("Top Stories (curated)"),
            label=_("Pick"),
            max_num=MAX_TOP_STORY_PICKS,
            help_text=_(
                "Picked stories lead the front in this order, each until its "
                "expiry; the remaining slots show the newest stories marked "
                "as top stories (automatic)."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("Top Stories")
        verbose_name_plural = _("Top Stories")

    def __str__(self):
        edition = self.edition if self.edition_id else None
        return str(edition.edition_name if edition else _("Top Stories"))


class TopStoryPick(Orderable):
    """One curated slot: a story of the edition, until `expires_at` (or until
    an editor removes it)."""

    lineup = ParentalKey(TopStories, on_delete=models.CASCADE, related_name="picks")
    story = models.ForeignKey(
        "newsroom.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("story"),
    )
    expires_at = models.DateTimeField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep the pick until it is removed."),
    )

    panels = [
        PageChooserPanel("story", page_type="newsroom.ArticlePage"),
        FieldPanel("expires_at"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Top Stories pick")
        verbose_name_plural = _("Top Stories picks")

    def __str__(self):
        return str(self.story) if self.story_id else str(_("Top Stories pick"))


def top_story_pick_errors(edition, picks, *, now=None) -> list[tuple]:
    """What is wrong with `picks` (TopStoryPick-like objects, in order) for
    `edition`: (position, field or None, message) for each problem. The one
    rule the admin form and the save action (frontpage.actions) share."""
    now = now or timezone.now()
    errors = []
    seen: set[int] = set()
    for index, pick in enumerate(picks):
        story = pick.story if pick.story_id else None
        if story is None:
            errors.append((index, "story", _("Choose a story.")))
        else:
            if edition is not None and story.locale_id != edition.locale_id:
                errors.append(
                    (
                        index,
                        "story",
                        _("This story is not in the %(edition)s edition.")
                        % {"edition": edition.edition_name},
                    )
                )
            if story.pk in seen:
                errors.append((index, "story", _("This story is already picked.")))
            seen.add(story.pk)
        if pick.expires_at is not None and pick.expires_at <= now:
            errors.append((index, "expires_at", _("The expiry must be in the future.")))
    if len(picks) > MAX_TOP_STORY_PICKS:
        errors.append(
            (
                None,
                None,
                _("At most %(count)d stories can be picked.")
                % {"count": MAX_TOP_STORY_PICKS},
            )
        )
    return errors


def validate_top_story_picks(edition, picks) -> None:
    """Raise ValidationError, naming each pick by its position, unless
    `picks` may be saved for `edition`."""
    errors = top_story_pick_errors(edition, picks)
    if errors:
        raise ValidationError(
            [
                ValidationError(
                    _("Pick %(number)d: %(problem)s"),
                    params={"number": index + 1, "problem": message},
                )
                if index is not None
                else ValidationError(message)
                for index, _field, message in errors
            ]
        )


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """The publisher's identity, contact block, social links and footer pages."""

    publisher_name = models.CharField(
        _("publisher name"), max_length=255, default="Masthead"
    )
    logo = optional_link("multimedia.NewsImage", _("logo"))
    address = models.TextField(_("address"), blank=True)
    phones = models.TextField(
        _("phone numbers"), blank=True, help_text=_("One per line")
    )
    emails = models.TextField(
        _("email addresses"), blank=True, help_text=_("One per line")
    )
    facebook_url = models.URLField(_("Facebook"), blank=True)
    x_url = models.URLField(_("X / Twitter"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    copyright_holder = models.CharField(
        _("copyright holder"), max_length=255, blank=True
    )
    about_page = optional_link(Page, _("About page"))
    privacy_page = optional_link(Page, _("Privacy Policy page"))
    comment_policy_page = optional_link(Page, _("Comment Policy page"))
    contact_page = optional_link(Page, _("Contact Us page"))

    base_form_class = ControlFreeModelForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("publisher_name"),
                FieldPanel("logo"),
                FieldPanel("copyright_holder"),
            ],
            heading=_("Publisher"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phones"), FieldPanel("emails")],
            heading=_("Contact block"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("youtube_url"),
                FieldPanel("instagram_url"),
                FieldPanel("linkedin_url"),
            ],
            heading=_("Social links"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("about_page"),
                FieldPanel("privacy_page"),
                FieldPanel("comment_policy_page"),
                FieldPanel("contact_page"),
            ],
            heading=_("Footer pages"),
        ),
    ]

    class Meta:
        verbose_name = _("newsroom settings")

    @property
    def phone_list(self):
        return [line.strip() for line in self.phones.splitlines() if line.strip()]

    @property
    def email_list(self):
        return [line.strip() for line in self.emails.splitlines() if line.strip()]

    @property
    def social_links(self):
        return [
            (label, url)
            for label, url in [
                ("Facebook", self.facebook_url),
                ("X", self.x_url),
                ("YouTube", self.youtube_url),
                ("Instagram", self.instagram_url),
                ("LinkedIn", self.linkedin_url),
            ]
            if url
        ]
