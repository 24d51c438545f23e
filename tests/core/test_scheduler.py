"""The in-process scheduler: scheduled publishing without cron, one leader."""

import logging
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.core.scheduler import (
    DEFAULT_JOBS,
    Job,
    LeaderLock,
    Scheduler,
    current_holder,
)
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


# -- lanes: a slow job never delays scheduled publishing ----------------------


def test_a_slow_wire_poll_does_not_delay_scheduled_publishing(
    transactional_db, settings, tmp_path
):
    from masthead.core.scheduler import publish_scheduled

    settings.DATA_DIR = tmp_path
    section = factories.make_section(title="Economy")
    article = factories.make_article(section, "Embargo lifts at noon", publish=False)
    article.go_live_at = timezone.now() + timedelta(seconds=1)
    article.save_revision().publish()

    def slow_poll():
        time.sleep(5)  # a wire server dripping bytes

    scheduler = Scheduler(
        jobs=[
            Job("poll_wire_sources", 30, slow_poll),
            Job("publish_scheduled", 0.5, publish_scheduled),
        ],
        tick=0.1,
    )
    scheduler.start()
    try:
        deadline = time.monotonic() + 3.5
        while time.monotonic() < deadline:
            if ArticlePage.objects.get(pk=article.pk).live:
                break
            time.sleep(0.1)
        assert ArticlePage.objects.get(pk=article.pk).live, (
            "the embargo lifted while the wire poll was still running"
        )
    finally:
        scheduler.stop(timeout=6)


# -- the leader lock: who holds it, heartbeat, take-over, release --------------


@pytest.fixture(params=["file", "redis"])
def backend(request, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    if request.param == "file":
        settings.REDIS_URL = ""
    elif not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set (the PostgreSQL/Redis leg runs this)")
    else:
        import redis

        from masthead.core.scheduler import REDIS_LEASE_KEY

        redis.Redis.from_url(settings.REDIS_URL).delete(REDIS_LEASE_KEY)
    return request.param


def test_a_waiting_server_logs_which_process_holds_the_lock(backend, caplog):
    first, second = LeaderLock(), LeaderLock()
    first.info["pid"], first.info["host"] = 4242, "newsroom-app-1"
    try:
        assert first.acquire()
        with caplog.at_level(logging.WARNING, logger="masthead.scheduler"):
            assert not second.acquire()
            assert not second.acquire()
        standby = [r.getMessage() for r in caplog.records if "standing by" in r.message]
        assert len(standby) == 1, "said once, not every tick"
        assert "pid 4242 on host newsroom-app-1 since 20" in standby[0]
        holder = current_holder()
        assert holder["pid"] == 4242 and holder["host"] == "newsroom-app-1"
        assert not holder["stale"]
    finally:
        first.release()
        second.release()


def test_a_stopped_server_releases_the_lock_at_once(backend):
    first, second = LeaderLock(), LeaderLock()
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert current_holder() is None
    assert second.acquire()
    second.release()


def test_a_hung_holder_is_taken_over_after_the_stale_limit(backend, settings, caplog):
    settings.MASTHEAD_SCHEDULER_STALE_AFTER = 2
    hung, standby = LeaderLock(), LeaderLock()
    try:
        assert hung.acquire()
        assert not standby.acquire()
        time.sleep(1)
        assert hung.acquire()  # a heartbeat: still alive
        time.sleep(1.2)
        assert not standby.acquire(), "renewed a second ago: not stale"
        time.sleep(2.5)  # the holder hangs: no heartbeat
        with caplog.at_level(logging.WARNING, logger="masthead.scheduler"):
            assert standby.acquire()
        assert current_holder()["token"] == standby.token
        # The hung one wakes up, finds the lock taken and steps down.
        with caplog.at_level(logging.WARNING, logger="masthead.scheduler"):
            assert not hung.acquire()
        assert any("lost the leader" in r.message for r in caplog.records)
        assert standby.acquire()
    finally:
        hung.release()
        standby.release()


def test_a_running_scheduler_renews_its_lease(backend, settings):
    settings.MASTHEAD_SCHEDULER_STALE_AFTER = 2
    scheduler = Scheduler(jobs=[Job("noop", 60, lambda: None)], tick=0.2)
    scheduler.start()
    try:
        time.sleep(3.5)
        other = LeaderLock()
        assert not other.acquire(), "the running scheduler kept its lease"
        holder = current_holder()
        assert holder["heartbeat_age"] < 2
    finally:
        scheduler.stop()
    assert current_holder() is None
    assert LeaderLock().acquire()


def test_editors_see_the_scheduler_leader_and_last_runs_in_the_admin(
    client, db, backend
):
    from django.contrib.auth.models import Group, Permission, User

    scheduler = Scheduler(jobs=[Job("publish_scheduled", 60, lambda: None)])
    try:
        assert scheduler.run_due() == ["publish_scheduled"]
        editor = User.objects.create_user("sub", password="x-Long-pass-42")
        group = Group.objects.create(name="Desk")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        editor.groups.add(group)
        client.force_login(editor)
        response = client.get("/admin/reports/scheduler/")
        assert response.status_code == 200
        page = response.content.decode()
        assert f"pid {scheduler.lock.info['pid']}" in page
        assert scheduler.lock.info["host"] in page
        assert "publish_scheduled" in page
        assert "Scheduler" in client.get("/admin/").content.decode()
    finally:
        scheduler.stop()


def test_the_dashboard_warns_when_no_server_runs_the_scheduler(admin_client, backend):
    home = admin_client.get("/admin/").content.decode()
    assert "Scheduled publishing is not running" in home
    lock = LeaderLock()
    try:
        assert lock.acquire()
        home = admin_client.get("/admin/").content.decode()
        assert "Scheduled publishing is not running" not in home
    finally:
        lock.release()
