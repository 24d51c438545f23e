"""No acknowledged beacon is lost: concurrent senders, a killed writer, Redis
going away."""

import http.client
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from masthead.audience import spool, store
from masthead.core.outage import REDIS_DOWN
from tests import factories
from tests.browser.conftest import ensure_site

from .conftest import counted

N = 64


@pytest.mark.django_db(transaction=True)
def test_concurrent_beacons_for_one_story_are_all_counted(live_server, settings):
    settings.MASTHEAD_AUDIENCE = {
        **settings.MASTHEAD_AUDIENCE,
        "ADDRESS_CAP": 10_000,
        "BURST": 10_000,
    }
    home = ensure_site()
    story = factories.make_article(factories.make_section(home, "News"), "Busy")
    target = urlsplit(live_server.url)
    body = json.dumps({"story": story.pk, "kind": "view"})

    def send(n):
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        conn.request(
            "POST",
            "/api/v1/beacons",
            body=body,
            headers={"Content-Type": "text/plain", "User-Agent": f"Reader {n}"},
        )
        status = conn.getresponse().status
        conn.close()
        return status

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(send, range(N)))
    assert statuses == [204] * N
    spool.flush(everything=True)
    assert counted() == {story.pk: N}


WRITER = textwrap.dedent(
    """
    import os, sys
    import django
    django.setup()
    from masthead.audience.spool import SpoolWriter
    from pathlib import Path
    writer = SpoolWriter(Path(sys.argv[1]))
    n = 0
    while True:
        writer.append("v", int(sys.argv[2]), f"reader{n}", f"addr{n}")
        n += 1
        # Acknowledged: what the endpoint would now answer 204 for.
        os.write(1, f"{n}\\n".encode())
    """
)


def test_a_killed_writer_loses_no_acknowledged_beacon(newsroom, tmp_path, settings):
    settings.MASTHEAD_AUDIENCE = {**settings.MASTHEAD_AUDIENCE, "ADDRESS_CAP": 10**6}
    story = newsroom["lead"].pk
    directory = tmp_path / "spool"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "masthead.settings.test"}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(directory), str(story)],
        stdout=subprocess.PIPE,
        env=env,
    )
    acknowledged = 0
    deadline = time.monotonic() + 60
    while acknowledged < 3000 and time.monotonic() < deadline:
        line = writer.stdout.readline()
        if not line:
            break
        acknowledged = int(line)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert acknowledged >= 3000
    read = spool.flush(everything=True, directory=directory)
    assert read >= acknowledged  # every acknowledged line is there, whole
    assert counted() == {story: read}


@pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis leg")
def test_redis_down_keeps_beacons_in_the_spool_until_it_is_back(
    newsroom, beacon, monkeypatch
):
    story = newsroom["lead"].pk
    dead = store.RedisStore("redis://127.0.0.1:9/0")  # nothing listens there
    monkeypatch.setattr(store, "_store", dead)
    # Pages and beacons do not need Redis.
    for n in range(5):
        assert beacon(story, agent=f"Mozilla/5.0 reader {n}").status_code == 204
    assert spool.flush(everything=True) == 0
    assert list(spool.spool_dir().glob("*.log"))
    with pytest.raises(REDIS_DOWN):
        dead.top("v", store.WINDOWS["24h"])
    monkeypatch.setattr(store, "_store", None)  # Redis is back
    assert spool.flush(everything=True) == 5
    assert counted() == {story: 5}
    assert not list(spool.spool_dir().glob("*.log"))


def test_a_segment_taken_early_is_followed_by_a_new_one(newsroom, beacon):
    """The final flush takes the segment being written; a beacon in the same
    second goes to a new file, not one named like the applied segment."""
    story = newsroom["lead"].pk
    assert beacon(story, agent="Mozilla/5.0 one").status_code == 204
    assert spool.flush(everything=True) == 1
    assert beacon(story, agent="Mozilla/5.0 two").status_code == 204
    assert spool.flush(everything=True) == 1
    assert counted() == {story: 2}
