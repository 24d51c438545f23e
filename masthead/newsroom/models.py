"""The newsroom: sections, articles, the people and agencies behind them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from masthead.core import surrogate
from masthead.core.fields import optional_link
from masthead.core.forms import ControlFreeModelForm, ControlFreePageForm
from masthead.core.restrictions import view_restrictions

from .blocks import ArticleBodyBlock
from .forms import ArticlePageForm, StandardPageForm
from .richtext import ARTICLE_FEATURES


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    ANALYSIS = "analysis", _("Analysis")
    OPINION = "opinion", _("Opinion")
    INTERVIEW = "interview", _("Interview")
    FEATURE = "feature", _("Feature")
    LONG_READ = "long_read", _("Long read")
    INFOGRAPHIC = "infographic", _("Infographic")
    VIDEO = "video", _("Video")


class Author(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    role = models.CharField(
        _("role"), max_length=255, blank=True, help_text=_("e.g. Staff Correspondent")
    )
    bio = models.TextField(_("biography"), blank=True)
    photo = optional_link("multimedia.NewsImage", _("photo"))
    email = models.EmailField(_("public email"), blank=True)
    x_handle = models.CharField(_("X / Twitter handle"), max_length=50, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("x_handle")]),
    ]
    base_form_class = ControlFreeModelForm
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:255] or "author"
        super().save(*args, **kwargs)


class Agency(index.Indexed, models.Model):
    """A wire service or syndication partner credited in bylines."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    url = models.URLField(_("website"), blank=True)
    logo = optional_link("multimedia.NewsImage", _("logo"))

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("url"),
        FieldPanel("logo"),
    ]
    base_form_class = ControlFreeModelForm
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:255] or "agency"
        super().save(*args, **kwargs)


register_snippet(Author)
register_snippet(Agency)


class SectionPage(Page):
    """A section front (Economy) or a subsection (Economy › Banking)."""

    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("Label in navigation")
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("intro"),
    ]
    base_form_class = ControlFreePageForm
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["frontpage.HomePage", "newsroom.SectionPage"]
    subpage_types = ["newsroom.SectionPage", "newsroom.ArticlePage"]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    @property
    def label(self):
        return self.short_name or self.title

    def permissions_for_user(self, user):
        # Deleting, moving or unscheduling what readers saw needs publish rights.
        from .permissions import NewsroomPagePermissionTester

        return NewsroomPagePermissionTester(user, self)

    def get_view_restrictions(self):
        # A story routed to was read knowing whether any restriction applies
        # (selectors._with_page_extras): none costs no query.
        if self.__dict__.get("has_restrictions") is False:
            return []
        return view_restrictions(self)

    def route(self, request, path_components):
        if path_components:
            from .selectors import child_to_serve

            child = child_to_serve(self, path_components)
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_template(self, request, *args, **kwargs):
        return "pages/section_page.html"

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.section_front(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        from .selectors import InvalidPage

        surrogate.mark(request, surrogate.page(self.pk), surrogate.section(self.pk))
        try:
            return super().serve(request, *args, **kwargs)
        except InvalidPage:
            from django.http import Http404

            raise Http404(_("No such page of this section.")) from None


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        # A tag's newest stories, read along the index (related news).
        indexes = [
            models.Index(
                fields=["tag", "content_object"], name="newsroom_tag_story_idx"
            )
        ]


class ArticleByline(Orderable):
    """One author on an article's byline, in the order the desk wants them."""

    page = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("byline")


class NoteKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    UPDATE = "update", _("Update")


class ArticleNote(Orderable):
    """A correction or an update, shown on the story and carried in its
    JSON-LD (`correction`) and feeds. Added by an editor when republishing."""

    page = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="notes"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=NoteKind.choices, default=NoteKind.CORRECTION
    )
    text = models.TextField(
        _("note"),
        max_length=1000,
        help_text=_("What was corrected or updated, for readers. Plain text."),
    )
    noted_at = models.DateTimeField(_("time"), default=timezone.now)

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("noted_at")]), "text"]

    class Meta(Orderable.Meta):
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")


# Related News shows five stories: picks beyond that would never be seen.
MAX_RELATED_PICKS = 5


class RelatedPick(Orderable):
    """A story an editor wants first under this one's Related News. Part of
    the story's revisions, so it goes through review and publishing with
    the rest of the story."""

    page = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="related_picks"
    )
    story = models.ForeignKey(
        "newsroom.ArticlePage",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("story", "newsroom.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related story")
        verbose_name_plural = _("related stories")
        # The inline formset reports a story picked twice as a form error.
        unique_together = [("page", "story")]

    def clean(self):
        super().clean()
        if self.story_id and self.page_id and self.story_id == self.page_id:
            raise ValidationError({"story": _("A story cannot be related to itself.")})


class RelatedReason(models.TextChoices):
    PICK = "pick", _("Editor's pick")
    TAGS = "tags", _("Shared tags")
    TEXT = "text", _("Similar words")
    SECTION = "section", _("Same section")


class RelatedStory(models.Model):
    """One line of a story's Related News as last computed
    (newsroom.related, on publish and on its neighbours' publishes).

    Derived data, never edited: readers get it in one query with the
    visibility of each story checked as they read, so a story withdrawn
    since simply drops out. A few more are kept than are shown for that.
    """

    story = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="related_rows"
    )
    position = models.PositiveSmallIntegerField()
    related = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="related_in"
    )
    reason = models.CharField(max_length=10, choices=RelatedReason.choices)
    # The ranking's score (tags, text): a neighbour's publish compares with it.
    score = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["story", "position"], name="newsroom_related_story_position"
            )
        ]

    def __str__(self):
        return f"{self.story_id} #{self.position}: {self.related_id} ({self.reason})"


class ArticlePage(Page):
    kicker = models.CharField(
        _("kicker"),
        max_length=120,
        blank=True,
        help_text=_("Small label above the headline"),
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("One or two sentences under the headline"),
    )
    kind = models.CharField(
        _("article kind"),
        max_length=20,
        choices=ArticleKind.choices,
        default=ArticleKind.NEWS,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    byline_text = models.CharField(
        _("byline (free text)"),
        max_length=255,
        blank=True,
        help_text=_(
            "For a byline without an author record, e.g. 'Staff Correspondent'"
        ),
    )
    dateline = models.CharField(_("dateline"), max_length=120, blank=True)
    lead_image = optional_link("multimedia.NewsImage", _("lead image"))
    lead_image_caption = models.CharField(
        _("lead image caption"),
        max_length=500,
        blank=True,
        help_text=_("Defaults to the image's caption."),
    )
    lead_image_credit = models.CharField(
        _("lead image credit"),
        max_length=255,
        blank=True,
        help_text=_("Defaults to the image's credit."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    is_top_story = models.BooleanField(
        _("top story"),
        default=False,
        db_index=True,
        help_text=_("Show in Top Stories on the home page and article rails."),
    )
    # Shown instead of Wagtail's publish times, for copy first published elsewhere.
    display_published_at = models.DateTimeField(
        _("published (display override)"), null=True, blank=True
    )
    display_modified_at = models.DateTimeField(
        _("last modified (display override)"), null=True, blank=True
    )
    # When the story was published, for ordering and filtering: the display
    # override if one is set, else Wagtail's first publish time. Kept by save()
    # so listings sort and filter on one indexed column.
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, db_index=True, editable=False
    )
    # Set when the story is withdrawn ("killed"): its address answers 410 Gone
    # with this note instead of the story, until it is published again.
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"), null=True, blank=True, editable=False
    )
    withdrawal_note = models.TextField(
        _("withdrawal note"), max_length=1000, blank=True, editable=False
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kicker"), FieldPanel("standfirst"), FieldPanel("kind")],
            heading=_("Headline"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("bylines", label=_("Authors")),
                FieldPanel("byline_text"),
                FieldPanel("agency"),
                FieldPanel("dateline"),
            ],
            heading=_("Byline"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_caption"),
                FieldPanel("lead_image_credit"),
            ],
            heading=_("Lead image"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel(
            "related_picks",
            heading=_("Related stories (editor's picks)"),
            label=_("Related story"),
            max_num=MAX_RELATED_PICKS,
            help_text=_(
                "Shown first under Related News, in this order; the rest is "
                "filled with stories sharing tags or words with this one."
            ),
        ),
        InlinePanel(
            "notes",
            heading=_("Corrections and updates"),
            label=_("Correction or update"),
            help_text=_(
                "Add a note when you correct or update a published story; "
                "readers see it under the headline."
            ),
        ),
    ]
    # Field-level rules: only desks with these permissions see (and can post)
    # the fields; for everyone else Wagtail leaves them out of the form.
    promote_panels = Page.promote_panels + [
        FieldPanel("is_top_story", permission="newsroom.set_top_story"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "display_published_at", permission="newsroom.set_display_times"
                ),
                FieldPanel(
                    "display_modified_at", permission="newsroom.set_display_times"
                ),
            ],
            heading=_("Times shown to readers"),
        ),
    ]
    # Scheduling (go_live_at/expire_at) needs publish rights here: see the form.
    base_form_class = ArticlePageForm
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("kicker"),
        index.FilterField("kind"),
        index.FilterField("published_at"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["newsroom.SectionPage"]
    subpage_types = []
    # Its changes are sent as newsroom events (newsroom.events), not as
    # core's generic PagesChanged.
    reports_own_changes = True

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("set_top_story", "Can set top stories"),
            ("set_display_times", "Can set displayed publish times"),
        ]
        indexes = [models.Index(fields=["-published_at"], name="article_published_idx")]

    def save(self, *args, **kwargs):
        # Derived fields follow what readers see, so they change only with the
        # row's own editable fields: on a whole-row save (creating the page,
        # publishing a revision, the scheduler going live, unpublishing). A
        # draft (`save_revision()`, in the admin, the workflow or an import)
        # saves only Wagtail's bookkeeping columns: the live row keeps its
        # editable values, and so its sort key and displayed times.
        if kwargs.get("update_fields") is None:
            self._derive_fields()
        return super().save(*args, **kwargs)

    def _derive_fields(self) -> None:
        # The time listings sort by. Wagtail sets first_published_at before it
        # saves a publish, so this follows every publish.
        self.published_at = self.display_published_at or self.first_published_at
        if self.published_at is None and self.live:
            self.published_at = timezone.now()
        if self.live and self.display_modified_at and self.pk:
            # A correction noted after the displayed "Last modified" moves it.
            noted = [note.noted_at for note in self.notes.all() if note.noted_at]
            if noted and max(noted) > self.display_modified_at:
                self.display_modified_at = max(noted)
        if self.live and self.withdrawn_at:  # published again
            self.withdrawn_at, self.withdrawal_note = None, ""

    def permissions_for_user(self, user):
        # Deleting, moving or unscheduling what readers saw needs publish rights.
        from .permissions import NewsroomPagePermissionTester

        return NewsroomPagePermissionTester(user, self)

    def get_view_restrictions(self):
        # A story routed to was read knowing whether any restriction applies
        # (selectors._with_page_extras): none costs no query.
        if self.__dict__.get("has_restrictions") is False:
            return []
        return view_restrictions(self)

    def route(self, request, path_components):
        from wagtail.url_routing import RouteResult

        if not path_components and not self.live and self.withdrawn_at:
            return RouteResult(self, kwargs={"withdrawn": True})
        return super().route(request, path_components)

    def get_template(self, request, *args, **kwargs):
        return "pages/article_page.html"

    def serve(self, request, *args, **kwargs):
        # Only itself: the rails on the page follow within the page cache's
        # TTL, not with every publish (README, "Purges").
        surrogate.mark(request, surrogate.page(self.pk))
        if kwargs.pop("withdrawn", False):
            from django.template.response import TemplateResponse

            return TemplateResponse(
                request,
                "pages/withdrawn_article.html",
                {"withdrawn": self},
                status=410,
            )
        response = super().serve(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(request, "is_preview", False):
            from masthead.editions.selectors import current_edition

            modified = self.page_last_modified(edition=current_edition(request))
            response["Last-Modified"] = http_date(modified.timestamp())
        return response

    def page_last_modified(self, *, edition=None):
        """The story's own last change, or the edition's newest story if later:
        the rails on the page change when anything is published."""
        from .selectors import newest_story_time

        newest = newest_story_time(self.locale_id, edition=edition)
        own = self.last_published_at or self.shown_modified_at or timezone.now()
        return max(own, newest) if newest else own

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.article_page(self, request))
        return context

    @property
    def shown_published_at(self):
        return self.display_published_at or self.first_published_at or self.published_at

    @cached_property
    def note_list(self):
        """Corrections and updates, newest first."""
        if self.__dict__.get("has_notes") is False:  # known from the page's query
            return []
        return sorted(self.notes.all(), key=lambda note: note.noted_at, reverse=True)

    @property
    def corrections(self):
        return [note for note in self.note_list if note.kind == NoteKind.CORRECTION]

    @property
    def shown_modified_at(self):
        modified = self.display_modified_at or self.last_published_at
        published = self.shown_published_at
        if modified and published and modified < published:
            return published
        return modified

    @cached_property
    def authors(self):
        return [byline.author for byline in self.bylines.all()]

    @property
    def image_caption(self):
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    @property
    def image_credit(self):
        if self.lead_image_credit:
            return self.lead_image_credit
        return self.lead_image.credit if self.lead_image else ""


class StandardPage(Page):
    """About, Privacy Policy, Comment Policy, Contact Us."""

    body = RichTextField(
        _("body"), blank=True, features=ARTICLE_FEATURES + ["h2", "h3"]
    )
    show_contact_block = models.BooleanField(
        _("show the contact block"),
        default=False,
        help_text=_("Address, phones and emails from the site settings."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        FieldPanel("show_contact_block"),
    ]
    base_form_class = StandardPageForm
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["frontpage.HomePage", "newsroom.StandardPage"]
    subpage_types = ["newsroom.StandardPage"]

    class Meta:
        verbose_name = _("static page")

    def get_template(self, request, *args, **kwargs):
        # Header and footer come from the `chrome` context processor.
        return "pages/standard_page.html"
