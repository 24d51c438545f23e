"""The task queue in process: django-tasks on the database backend, run by
Masthead's worker (masthead/core/worker.py), and Reports > Background tasks."""

import os
import socket
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from masthead.core.worker import (
    Worker,
    make_worker_id,
    process_start,
    prune_finished_results,
    requeue_abandoned,
    worker_is_gone,
)

from . import sample_tasks

DATABASE_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "wire"],
    }
}


@pytest.fixture
def database_queue(settings, transactional_db):
    """The production backend instead of the tests' immediate one; django-tasks
    drops its cached backends when TASKS changes (and again on restore).
    Committed data: the worker closes connections that sit in a transaction,
    as it must between tasks, so it cannot run inside a test's transaction."""
    settings.TASKS = DATABASE_TASKS
    assert isinstance(task_backends["default"], DatabaseBackend)


def run_queue() -> None:
    """One round of the worker, here and now (it stops once the queue is empty)."""
    Worker(interval=0).run()


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_an_enqueued_task_waits_for_the_worker_and_succeeds(database_queue):
    result = sample_tasks.add.enqueue(2, 3)
    assert result.status == TaskResultStatus.READY
    run_queue()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5


def test_a_failing_task_is_failed_logged_with_its_arguments_and_reported(
    database_queue, admin_client, caplog
):
    with caplog.at_level("ERROR", logger="masthead.tasks"):
        result = sample_tasks.refresh_story.enqueue(4217)
        run_queue()
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    logged = [r.getMessage() for r in caplog.records if r.name == "masthead.tasks"]
    assert any("refresh_story(4217) failed: builtins.LookupError" in m for m in logged)

    response = admin_client.get("/admin/reports/tasks/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption" in page and '<th scope="col">' in page
    assert "refresh_story(4217)" in page
    assert "LookupError: story 4217 is &lt;b&gt;gone&lt;/b&gt;" in page
    assert "<b>gone</b>" not in page


def test_the_report_counts_tasks_by_status_and_lists_queued_ones(
    database_queue, admin_client
):
    sample_tasks.add.enqueue(1, 1)
    sample_tasks.add.enqueue(40, 2)
    page = admin_client.get("/admin/reports/tasks/").content.decode()
    assert "add(40, 2)" in page
    assert '<th scope="row">Ready</th><td>2</td>' in page
    assert "Background tasks" in admin_client.get("/admin/").content.decode()


def test_worker_ids_name_host_pid_and_process_start():
    worker_id = make_worker_id()
    assert len(worker_id) <= 64
    host, pid, started, _ = worker_id.rsplit(":", 3)
    assert socket.gethostname().startswith(host)
    assert int(pid) == os.getpid()
    assert started == process_start(os.getpid())
    assert make_worker_id() != worker_id, "each worker of a process has its own"


def test_a_worker_is_gone_once_its_process_is_or_the_pid_was_reused():
    host = socket.gethostname()
    me = os.getpid()
    assert not worker_is_gone(make_worker_id())
    assert worker_is_gone(f"{host}:{dead_pid()}:1234:abc")
    assert worker_is_gone(f"{host}:{me}:{int(process_start(me)) - 1}:abc")
    # Elsewhere, or not an id of ours: only the time limit can tell.
    assert not worker_is_gone(f"elsewhere.example:{dead_pid()}:1234:abc")
    assert not worker_is_gone("0123456789abcdef")


def _running(worker_id: str, started_ago: float) -> DBTaskResult:
    result = sample_tasks.add.enqueue(1, 2).db_result
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=started_ago),
        worker_ids=[worker_id],
    )
    return result


def test_tasks_of_dead_or_stuck_workers_are_requeued_and_then_run(
    database_queue, settings, caplog
):
    settings.MASTHEAD_TASK_TIME_LIMIT = 600
    host = socket.gethostname()
    alive = _running(make_worker_id(), started_ago=5)
    dead = _running(f"{host}:{dead_pid()}:1234:abc", started_ago=5)
    stuck = _running("elsewhere.example:4242:1234:abc", started_ago=601)
    busy = _running("elsewhere.example:4242:1234:abc", started_ago=30)

    with caplog.at_level("WARNING", logger="masthead.tasks"):
        assert requeue_abandoned() == 2
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[alive.pk] == statuses[busy.pk] == TaskResultStatus.RUNNING
    assert statuses[dead.pk] == statuses[stuck.pk] == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=dead.pk).started_at is None
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"requeued task {dead.pk} add(1, 2): its worker {host}:" in logged
    assert "running for more than 600 s" in logged

    run_queue()
    assert DBTaskResult.objects.get(pk=dead.pk).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=stuck.pk).return_value == 3


def test_results_older_than_a_week_are_pruned(database_queue):
    old, recent = sample_tasks.add.enqueue(1, 1), sample_tasks.add.enqueue(2, 2)
    waiting = sample_tasks.add.enqueue(3, 3)
    for result, days in ((old, 8), (recent, 1)):
        DBTaskResult.objects.filter(pk=result.id).update(
            status=TaskResultStatus.SUCCESSFUL,
            finished_at=timezone.now() - timedelta(days=days),
        )
    assert prune_finished_results() == 1
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert {str(pk) for pk in left} == {recent.id, waiting.id}


def test_tests_keep_running_tasks_at_once():
    """Everything else in the suite relies on tasks running synchronously."""
    assert sample_tasks.add.enqueue(2, 2).return_value == 4
