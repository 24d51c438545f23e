"""Wire stories (one row per agency `uri`), the sources polled for them, and
the ingest log of what became of each item."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class WireStatus(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WireItem(models.Model):
    """The last version of a wire story that was imported, and its article.

    Same `uri` = same story: a higher `version` updates the article, an equal
    or lower one is skipped. The story belongs to the source that created it
    (`owner`; none for `masthead import`): another source may change it only
    if an editor listed the owner under that source's "may update stories
    of"."""

    uri = models.CharField(_("URI"), max_length=500, unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    page = models.OneToOneField(
        "newsroom.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wire_item",
    )
    source = models.CharField(_("last updated by"), max_length=255, blank=True)
    owner = models.ForeignKey(
        "WireSource",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text=_(
            "The wire source that created the story; empty for stories imported "
            "with `masthead import` (or whose source was deleted), which only "
            "`masthead import` may change."
        ),
    )
    status = models.CharField(_("status"), max_length=20, choices=WireStatus.choices)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("wire item")
        verbose_name_plural = _("wire items")

    def __str__(self):
        return f"{self.uri} v{self.version}"


class SourceFormat(models.TextChoices):
    AUTO = "auto", _("Detect from the content")
    NINJS = "ninjs", _("IPTC ninjs (1.x, 2.x, 3.x)")
    NEWSML = "newsml", _("IPTC NewsML-G2")
    RSS = "rss", _("RSS 2.0")
    ATOM = "atom", _("Atom")


def validate_location(value: str) -> None:
    """An http(s) URL or an absolute folder path on the server."""
    value = value.strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValidationError(_("The location contains control characters."))
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE) and not value.startswith(
        "/"
    ):
        scheme = value.split(":", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise ValidationError(
                _("Only http:// and https:// addresses can be polled, not %(scheme)s:.")
                % {"scheme": scheme}
            )
        URLValidator(schemes=["http", "https"])(value)
        return
    if not value.startswith("/"):
        raise ValidationError(
            _("Give an http(s) address or an absolute folder path such as /srv/wire.")
        )
    from .roots import folder_problem

    problem = folder_problem(value)  # checked again at every poll
    if problem:
        raise ValidationError(problem)


class WireSource(models.Model):
    """A wire feed or drop folder that the scheduler polls."""

    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(
        _("location"),
        max_length=1000,
        validators=[validate_location],
        help_text=_(
            "An http(s) address of a feed, or a folder on the server "
            "(e.g. /srv/wire/afp) into which the agency drops files."
        ),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=SourceFormat.choices, default="auto"
    )
    poll_interval = models.PositiveIntegerField(
        _("poll every (seconds)"),
        default=300,
        validators=[MinValueValidator(60), MaxValueValidator(86400)],
        help_text=_("Between 60 seconds and one day."),
    )
    section = models.ForeignKey(
        "newsroom.SectionPage",
        verbose_name=_("file stories in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Leave empty to file each story in the wire desk of the edition of "
            "its language."
        ),
    )
    auto_publish = models.BooleanField(
        _("publish straight away"),
        default=False,
        help_text=_(
            "Otherwise stories and their updates arrive as drafts for the desk "
            "to review, and a kill from this source is logged, not applied."
        ),
    )
    may_update = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("may update stories of"),
        help_text=_(
            "A story belongs to the source that first sent it. Another source "
            "sending the same story (the same URI) is refused, unless it is "
            "listed here: e.g. an agency's second feed that updates and kills "
            "the stories of its first."
        ),
    )
    allow_private_hosts = models.BooleanField(
        _("allow private addresses"),
        default=False,
        help_text=_(
            "Fetch this feed even from a private or loopback address (a wire "
            "server on the newsroom's own network). Only administrators and "
            "the chief editor may change it, and it works only if the operator "
            "allows private addresses at all (MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS). "
            "Pictures inside the copy always come from public addresses."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)
    last_result = models.CharField(_("last result"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("wire source")
        verbose_name_plural = _("wire sources")

    def __str__(self):
        return self.name

    def may_change(self, owner_id: int | None) -> bool:
        """Whether this source may update or kill a story owned by `owner_id`."""
        if owner_id == self.pk:
            return True
        if owner_id is None:
            return False
        return self.may_update.filter(pk=owner_id).exists()

    @property
    def may_use_private_hosts(self) -> bool:
        """The source's own flag, and the operator's master switch."""
        from django.conf import settings

        return self.allow_private_hosts and bool(
            getattr(settings, "MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS", False)
        )

    @property
    def is_url(self) -> bool:
        return self.location.lower().startswith(("http://", "https://"))


class IngestLogEntry(models.Model):
    """What happened to one wire item, from a polled source or `masthead import`."""

    source = models.ForeignKey(
        WireSource,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="log_entries",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    label = models.CharField(_("item"), max_length=500, blank=True)
    uri = models.CharField(_("URI"), max_length=500, blank=True)
    action = models.CharField(_("outcome"), max_length=20, db_index=True)
    reason = models.TextField(_("reason and notes"), blank=True)
    page = models.ForeignKey(
        "newsroom.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ingest log entry")
        verbose_name_plural = _("ingest log")

    def __str__(self):
        return f"{self.action} {self.label or self.uri}"


class SeenFile(models.Model):
    """A file of a folder source already imported, as it was then."""

    source = models.ForeignKey(WireSource, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=1000)
    size = models.BigIntegerField()
    mtime_ns = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "path"], name="wire_seen_file")
        ]

    def __str__(self):
        return self.path
