"""Wire over http(s): feeds from URLs, and no way to make the server fetch from
itself or its private network (SSRF)."""

import io
import json
import time

import pytest
from django.core.management import call_command

from masthead.newsroom.models import ArticlePage
from masthead.wire import sources
from masthead.wire.fetch import FetchError, _blocked, fetch

from .test_import import item3


def run_import(*sources):
    out = io.StringIO()
    try:
        code = call_command("import_wire", *sources, "--publish", stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def test_a_feed_url_imports(desk, wire_server):
    url = wire_server.add(
        "/ninjs.jsonl",
        b"\n".join(json.dumps(item3(uri=f"urn:url:{n}")).encode() for n in range(3)),
    )
    code, out = run_import(url)
    assert code == 0, out
    assert "3 created" in out
    assert (
        ArticlePage.objects.filter(wire_item__uri__startswith="urn:url:").count() == 3
    )


def test_an_rss_url_imports(desk, wire_server):
    rss = (
        '<rss version="2.0"><channel><title>Local Wire</title><item>'
        "<title>From a URL</title><guid>urn:rss-url:1</guid>"
        "<description>Body text.</description></item></channel></rss>"
    )
    url = wire_server.add("/feed.rss", rss.encode(), content_type="application/rss+xml")
    code, out = run_import(url)
    assert code == 0, out
    assert ArticlePage.objects.get(wire_item__uri="urn:rss-url:1").title == "From a URL"


@pytest.mark.parametrize(
    ("path", "setup", "reason"),
    [
        ("/missing", None, "HTTP 404"),
        ("/loop", "loop", "too many redirects"),
        ("/to-file", "file", "refused: only http and https"),
        ("/huge", "huge", "too large"),
    ],
)
def test_fetch_failures_are_reasons_not_tracebacks(
    desk, wire_server, path, setup, reason
):
    if setup == "loop":
        wire_server.add("/loop", b"", status=302, Location="/loop")
    elif setup == "file":
        wire_server.add("/to-file", b"", status=302, Location="file:///etc/passwd")
    elif setup == "huge":
        wire_server.add("/huge", b"[" + b" " * (sources.MAX_FILE_BYTES + 10) + b"]")
    code, out = run_import(wire_server.base + path)
    assert code == 1
    assert reason in out
    assert "Traceback" not in out


def test_a_slow_server_times_out(wire_server):
    def slow():
        time.sleep(2)
        return b"{}"

    wire_server.add("/slow", slow)
    with pytest.raises(FetchError, match="timed out"):
        fetch(wire_server.base + "/slow", max_bytes=1000, timeout=0.5)


def test_a_body_without_length_is_cut_at_the_limit(wire_server):
    wire_server.routes["/stream"] = (200, {"Content-Length": "5000"}, b"x" * 5000)
    with pytest.raises(FetchError, match="too large"):
        fetch(wire_server.base + "/stream", max_bytes=1000)
    assert fetch(wire_server.base + "/stream", max_bytes=5000).body == b"x" * 5000


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/feed.json",
        "http://localhost/feed.json",
        "http://[::1]/feed.json",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/feed",
        "http://192.168.0.1/feed",
        "http://0.0.0.0/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "https://100.64.0.1/feed",
    ],
)
def test_private_and_loopback_addresses_are_refused(db, settings, url):
    settings.MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(FetchError, match="refused"):
        fetch(url, max_bytes=1000, timeout=2)


def test_the_local_server_itself_is_refused_without_the_setting(
    desk, wire_server, settings
):
    url = wire_server.add("/x.json", json.dumps(item3()).encode())
    settings.MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = False
    code, out = run_import(url)
    assert code == 1
    assert "refused" in out and "loopback" in out
    assert wire_server.hits == []  # not even a connection attempt


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://wire.example/feed",
        "gopher://127.0.0.1:70/",
        "http://user:secret@wire.example/feed",
        "http:///no-host",
    ],
)
def test_other_schemes_and_odd_urls_are_refused(db, url):
    entries = list(sources.read_source(url))
    assert len(entries) == 1 and entries[0].error


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.53", False),
        ("172.16.5.4", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("224.0.0.1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_address_policy(address, public):
    assert (_blocked(address) == "") is public


def test_the_test_suite_never_looks_names_up(db):
    # MASTHEAD_WIRE_OFFLINE (test settings): no DNS, no connection.
    with pytest.raises(FetchError, match="offline"):
        fetch("https://wire.example.com/feed.xml", max_bytes=1000)
    with pytest.raises(FetchError, match="offline"):
        fetch("http://93.184.216.34/feed.xml", max_bytes=1000)


class DripServer:
    """A hostile local server that answers one byte every `pause` seconds:
    either the body (after prompt headers) or the headers themselves."""

    def __init__(self, what="body", pause=0.3, total=60):
        import socket
        import threading

        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(5)
        self.stop = threading.Event()
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        head += b"Content-Length: %d\r\n\r\n" % total

        def serve():
            self.listener.settimeout(0.2)
            while not self.stop.is_set():
                try:
                    conn, _ = self.listener.accept()
                except OSError:
                    continue
                with conn:
                    conn.recv(65536)
                    try:
                        if what == "body":
                            conn.sendall(head)
                            drip = b" " * total
                        else:
                            drip = head + b" " * total
                        for byte in drip:
                            if self.stop.wait(pause):
                                break
                            conn.sendall(bytes([byte]))
                    except OSError:
                        pass  # the client hung up: what we want

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/feed.json"

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.listener.close()


@pytest.mark.parametrize("what", ["body", "headers"])
def test_a_dripping_server_cannot_hold_a_fetch_past_its_deadline(settings, what):
    settings.MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = True
    server = DripServer(what=what, pause=0.3, total=60)
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"timed out after 2s") as caught:
            fetch(server.url, max_bytes=100_000, timeout=2)
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert elapsed <= 2.5, f"gave up after {elapsed:.1f}s"
    assert "deadline" in str(caught.value)


def test_one_deadline_covers_every_redirect(settings, wire_server):
    # Three hops of 0.8 s each: every hop is quick, all of them together are not.
    def slow_hop():
        time.sleep(0.8)
        return b""

    for hop in range(3):
        wire_server.routes[f"/hop{hop}"] = (
            302,
            {"Location": f"/hop{hop + 1}", "Content-Type": "text/plain"},
            slow_hop,
        )
    wire_server.add("/hop3", b"{}")
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(wire_server.base + "/hop0", max_bytes=1000, timeout=1.5)
    assert time.monotonic() - started <= 2.0
