"""Wire polls as background tasks (masthead/wire/tasks.py): the scheduler's
wire job queues one task per due source, on the database queue, run by the
worker; a poll task run twice imports nothing twice."""

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from masthead.core.scheduler import DEFAULT_JOBS
from masthead.core.worker import Worker
from masthead.newsroom.models import ArticlePage
from masthead.wire.models import IngestLogEntry, WireSource
from masthead.wire.tasks import enqueue_due_sources, poll_wire_source

from ..core.test_tasks import DATABASE_TASKS
from .test_import import item3
from .test_sources import drop

# Wagtail queues its own reference-index updates beside ours.
polls = DBTaskResult.objects.filter(task_path__endswith=".poll_wire_source")


@pytest.fixture
def queued_source(transactional_db, desk, settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    folder = tmp_path / "drop"
    folder.mkdir()
    source = WireSource.objects.create(
        name="Meridian drop", location=str(folder), auto_publish=False
    )
    return source, folder


def test_the_scheduler_job_queues_one_poll_task_per_due_source(queued_source):
    source, folder = queued_source
    drop(folder, "a.json", item3(uri="urn:task:1"))
    job = next(job for job in DEFAULT_JOBS if job.name == "poll_wire_sources")
    assert job.run is enqueue_due_sources

    assert enqueue_due_sources() == [source.pk]
    assert enqueue_due_sources() == [], "claimed: not queued again while it waits"
    task = polls.get()
    assert (task.queue_name, task.status) == ("wire", TaskResultStatus.READY)
    assert not ArticlePage.objects.filter(wire_item__uri="urn:task:1").exists()

    Worker(interval=0).run()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == "1 created"
    assert ArticlePage.objects.filter(wire_item__uri="urn:task:1").exists()
    source.refresh_from_db()
    assert source.last_result == "1 created"


def test_a_poll_task_run_twice_imports_once(queued_source):
    source, folder = queued_source
    drop(folder, "a.json", item3(uri="urn:task:twice"))
    enqueue_due_sources()
    task = polls.get()
    args = task.args_kwargs["args"]
    Worker(interval=0).run()
    # The same task again, as after a worker died between poll and result.
    drop(folder, "b.json", item3(uri="urn:task:later"))
    again = poll_wire_source.enqueue(*args)
    Worker(interval=0).run()
    again.refresh()
    assert again.status == TaskResultStatus.SUCCESSFUL
    assert again.return_value.startswith("skipped")
    assert IngestLogEntry.objects.filter(source=source).count() == 1
    assert not ArticlePage.objects.filter(wire_item__uri="urn:task:later").exists()


def test_disabled_sources_are_not_queued(queued_source):
    source, _ = queued_source
    WireSource.objects.filter(pk=source.pk).update(enabled=False)
    assert enqueue_due_sources() == []
    assert not polls.exists()
