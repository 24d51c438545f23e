"""Call a WSGI application directly, as a server would (no Django test client)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field


@dataclass
class WSGIResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    raw_headers: list = field(default_factory=list)


def wsgi_get_lazy(app, path: str, **kwargs):
    """Call the application and return its body iterable unread, as a server
    does before it starts sending."""
    environ = make_environ(path, **kwargs)
    return app(environ, lambda status, headers, exc_info=None: None)


def make_environ(
    path: str, *, method="GET", query="", headers=None, remote_addr="203.0.113.9"
) -> dict:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": remote_addr,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def wsgi_get(
    app, path: str, *, method="GET", query="", headers=None, remote_addr="203.0.113.9"
) -> WSGIResponse:
    environ = make_environ(
        path, method=method, query=query, headers=headers, remote_addr=remote_addr
    )
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = status, response_headers

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    raw = captured["headers"]
    return WSGIResponse(
        status=int(captured["status"].split()[0]),
        headers={k.lower(): v for k, v in raw},
        body=body,
        raw_headers=raw,
    )
