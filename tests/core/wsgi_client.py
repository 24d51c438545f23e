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


def wsgi_get(app, path: str, *, method="GET", query="", headers=None) -> WSGIResponse:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
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
