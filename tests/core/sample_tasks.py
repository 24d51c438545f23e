"""Tasks for the queue tests, importable by the `masthead worker` and
`masthead serve` processes those tests start (PYTHONPATH is the repository)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def refresh_story(story_id: int) -> None:
    raise LookupError(f"story {story_id} is <b>gone</b>")


@task()
def mark(path: str, seconds: float = 0.0) -> str:
    """Write "started", wait `seconds`, write "done": the file shows whether
    the task ran, ran to the end, and how many times it started."""
    log = Path(path)
    with log.open("a") as out:
        out.write("started\n")
    time.sleep(seconds)
    with log.open("a") as out:
        out.write("done\n")
    return "done"
