"""The in-process scheduler: scheduled publishing without cron, one leader."""

import time
from datetime import timedelta

from django.utils import timezone

from masthead.core.scheduler import DEFAULT_JOBS, Job, LeaderLock, Scheduler
from masthead.newsroom.models import ArticlePage

from .. import factories


def test_a_story_scheduled_in_the_past_goes_live_on_the_next_run(
    db, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    section = factories.make_section(title="Economy")
    article = factories.make_article(section, "Embargoed budget story", publish=False)
    article.go_live_at = timezone.now() + timedelta(seconds=1.5)
    article.save_revision().publish()  # a future go_live_at only schedules
    scheduler = Scheduler()
    scheduler.run_due()
    assert not ArticlePage.objects.get(pk=article.pk).live

    time.sleep(2)
    scheduler.jobs[0].next_run = 0  # as if its interval had passed
    ran = scheduler.run_due()
    assert "publish_scheduled" in ran
    assert ArticlePage.objects.get(pk=article.pk).live


def test_only_one_scheduler_holds_the_lock(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.REDIS_URL = ""
    first, second = LeaderLock(), LeaderLock()
    assert first.acquire()
    assert not second.acquire()
    assert first.acquire()  # the leader keeps it


def test_a_failing_job_does_not_stop_the_others(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.REDIS_URL = ""
    calls = []

    def broken():
        raise RuntimeError("feed down")

    scheduler = Scheduler(
        jobs=[Job("broken", 60, broken), Job("ok", 60, lambda: calls.append(1))]
    )
    assert scheduler.run_due() == ["ok"]
    assert calls == [1]
    assert scheduler.run_due() == []  # not due again for a minute


def test_scheduled_times_are_met_within_a_minute():
    """A job runs at most `interval` after the last run, checked every tick:
    scheduled publishing, unpublishing and embargoes land within 60 s, and
    wire sources are looked at at least every minute."""
    jobs = {job.name: job for job in DEFAULT_JOBS}
    tick = Scheduler().tick
    assert jobs["publish_scheduled"].interval + tick <= 60
    assert jobs["poll_wire_sources"].interval + tick <= 60


def test_a_story_past_its_expiry_is_unpublished_on_the_next_run(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.REDIS_URL = ""
    section = factories.make_section(title="Economy")
    article = factories.make_article(section, "Offer ends tonight")
    article.expire_at = timezone.now() + timedelta(seconds=1)
    article.save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).live
    time.sleep(1.5)
    Scheduler(jobs=[DEFAULT_JOBS[0]]).run_due()
    page = ArticlePage.objects.get(pk=article.pk)
    assert not page.live and page.expired
