import pytest

from tests import factories


@pytest.fixture
def desk(db):
    """Both editions with a wire section each."""
    english = factories.english_home()
    bangla = factories.bangla_home()
    return {
        "en": factories.make_section(english, "World+Biz", slug="world-biz"),
        "en_other": factories.make_section(english, "Sports"),
        "bn": factories.make_section(bangla, "আন্তর্জাতিক", slug="world-biz"),
    }


class WireServer:
    """A local HTTP server standing in for an agency's feed and picture host."""

    def __init__(self):
        import http.server
        import threading

        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                hits.append(self.path)
                status, headers, body = routes.get(
                    self.path, (404, {"Content-Type": "text/plain"}, b"not found")
                )
                if callable(body):
                    body = body()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on purpose (size limit, timeout)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def add(
        self, path, body, *, status=200, content_type="application/json", **headers
    ):
        self.routes[path] = (status, {"Content-Type": content_type, **headers}, body)
        return self.base + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def wire_server(settings):
    """A local feed server; private hosts allowed for this test only."""
    settings.MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = True
    server = WireServer()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def wire_root_in_tmp_path(settings, tmp_path):
    """Folder sources must lie under MASTHEAD_WIRE_ROOTS: in the wire tests the
    test's own tmp_path is that root (tests of the roots set their own)."""
    settings.MASTHEAD_WIRE_ROOTS = [tmp_path]
