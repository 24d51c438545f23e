"""Audience counts: views and engaged reads of stories, by time bucket.

Used by the embedded default (SQLite) and by PostgreSQL without Redis; with
Redis the counts live in sorted sets (masthead.audience.store.RedisStore) and
only the daily salts are kept here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    VIEW = "v", _("view")
    READ = "r", _("read")


class Grain(models.TextChoices):
    # Five-minute buckets make the last hour's window; hourly buckets the
    # 24-hour and 7-day windows.
    FIVE_MINUTES = "f", _("five minutes")
    HOUR = "h", _("hour")


class StoryCount(models.Model):
    """How many views or reads a story had in one bucket of time."""

    kind = models.CharField(max_length=1, choices=Kind.choices)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    # Start of the bucket in seconds since the epoch (UTC): a plain integer
    # sorts, compares and groups the same on SQLite and PostgreSQL.
    bucket = models.BigIntegerField()
    story = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "grain", "bucket", "story"],
                name="audience_one_count_per_bucket",
            )
        ]
        indexes = [models.Index(fields=["kind", "grain", "bucket"])]
        permissions = [("view_dashboard", "Can see the audience dashboard")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.story_id} @{self.bucket}: {self.count}"


class AppliedSegment(models.Model):
    """A spool segment whose beacons are in StoryCount: recorded in the same
    transaction, so a flush that dies before deleting the file never counts
    it twice."""

    name = models.CharField(max_length=200, unique=True)
    applied_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class DailySalt(models.Model):
    """The random salt readers' addresses are hashed with on one day (UTC).
    Deleted after two days, so no hash can be traced back to an address."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)
