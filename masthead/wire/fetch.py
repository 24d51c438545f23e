"""Fetching wire feeds and pictures over http(s), safely (no SSRF).

A feed URL or an image address inside wire copy comes from outside, so it must
not make the server talk to itself or its private network:

- only http and https;
- the host name is resolved here and every address it resolves to must be a
  public one (not loopback, private, link-local such as 169.254.169.254,
  multicast, reserved or unspecified; IPv4-mapped IPv6 is unwrapped);
- the connection goes to the address that was checked (no second DNS lookup
  for an attacker to rebind), with TLS verified against the host name;
- redirects are followed at most MAX_REDIRECTS times, each one checked again;
- ONE hard deadline covers the whole fetch: name lookup, connect, TLS, sending,
  status line and headers, every redirect and the body. Before every receive
  the socket's timeout is set to the time that is left, so a server dripping a
  byte at a time cannot stretch it; the body is read up to a size limit and
  refused beyond it.

Private addresses: a feed of a wire source may come from the newsroom's own
network only when the operator turns on MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS (the
master switch) AND an administrator ticks "allow private addresses" on that
source. Pictures referenced inside wire copy are third-party input: they are
fetched from public addresses only, whatever the switch and the source say.

`http.client` is used rather than requests/urllib3 because pinning the checked
address while keeping SNI and certificate checks for the name takes a few
lines with it and needs no adapter plumbing. Tests talk to local servers by
turning on MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS (feeds) and, for pictures, the
test-only MASTHEAD_WIRE_TEST_LOOPBACK_IS_PUBLIC.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 3
TIMEOUT = 10.0
USER_AGENT = "Masthead wire ingest (+https://github.com/masthead)"


class FetchError(Exception):
    """Why an address could not be fetched; the message is for people."""


@dataclass
class Fetched:
    url: str
    content_type: str
    body: bytes


def _blocked(address: str) -> str:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for test, what in (
        ("is_loopback", "a loopback"),
        ("is_private", "a private"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_reserved", "a reserved"),
        ("is_unspecified", "an unspecified"),
    ):
        if getattr(ip, test):
            return f"{ip} is {what} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return ""


def _offline_refusal(host: str) -> str:
    """Under MASTHEAD_WIRE_OFFLINE (the test suite), only this machine is
    reached: other names are not even looked up."""
    if not getattr(settings, "MASTHEAD_WIRE_OFFLINE", False):
        return ""
    if host == "localhost":
        return ""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return f"offline: {host} is not looked up (MASTHEAD_WIRE_OFFLINE)"
    return ""


class _Deadline:
    def __init__(self, timeout: float):
        self.timeout = timeout
        self.at = time.monotonic() + timeout

    def left(self) -> float:
        """Seconds left; raises TimeoutError once there are none."""
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        return remaining

    def error(self) -> FetchError:
        return FetchError(
            f"timed out after {self.timeout:g}s (one deadline for the whole "
            "fetch: lookup, connect, headers, redirects and body)"
        )


def _getaddrinfo(host: str, port: int, deadline: _Deadline):
    """getaddrinfo has no timeout of its own: run it in a helper thread and
    stop waiting for it at the deadline (the thread ends on its own)."""
    result: dict = {}

    def lookup():
        try:
            result["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except Exception as exc:  # noqa: BLE001 - handed to the caller
            result["error"] = exc

    thread = threading.Thread(target=lookup, daemon=True, name="wire-dns")
    thread.start()
    thread.join(deadline.left())
    if thread.is_alive():
        raise TimeoutError
    if "error" in result:
        raise result["error"]
    return result["infos"]


def _private_allowed(allow_private: bool | None) -> bool:
    """None (the operator's own `masthead import URL`) follows the master switch
    MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS; a source passes its own flag, already
    combined with the switch (WireSource.may_use_private_hosts); wire pictures
    pass False, always."""
    if allow_private is None:
        return bool(getattr(settings, "MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS", False))
    return bool(allow_private)


def _test_loopback_is_public(address: str) -> bool:
    """The test suite's stand-in for the internet is a server on 127.0.0.1.
    Only with MASTHEAD_WIRE_OFFLINE (set by the test settings, never read from
    the environment) may a test count loopback as public."""
    return (
        getattr(settings, "MASTHEAD_WIRE_OFFLINE", False)
        and getattr(settings, "MASTHEAD_WIRE_TEST_LOOPBACK_IS_PUBLIC", False)
        and ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    )


def _resolve(
    host: str, port: int, deadline: _Deadline, allow_private: bool | None = None
) -> str:
    """A checked address for `host`, or FetchError."""
    refusal = _offline_refusal(host)
    if refusal:
        raise FetchError(refusal)
    try:
        infos = _getaddrinfo(host, port, deadline)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    if not _private_allowed(allow_private):
        for address in addresses:
            if _test_loopback_is_public(address):
                continue
            reason = _blocked(address)
            if reason:
                raise FetchError(f"refused: {host} resolves to {reason}")
    if getattr(settings, "MASTHEAD_WIRE_OFFLINE", False) and not all(
        ipaddress.ip_address(a.split("%", 1)[0]).is_loopback for a in addresses
    ):
        raise FetchError(f"offline: {host} is not this machine")
    return addresses[0]


class _DeadlineReader(io.RawIOBase):
    """What http.client reads the status line, headers and body through: each
    receive may wait only for the time left before the deadline."""

    def __init__(self, owner: _DeadlineSocket):
        self._owner = owner
        self._sock = owner._sock
        self._deadline = owner._deadline

    def readable(self):
        return True

    def close(self):
        if not self.closed:
            super().close()
            self._owner._release()

    def readinto(self, buffer):
        self._sock.settimeout(self._deadline.left())
        return self._sock.recv_into(buffer)


class _DeadlineSocket:
    """A connected socket whose every send and receive obeys the deadline.
    Like a real socket, it stays open until its reader is closed too (http.client
    closes the connection before the body of a `Connection: close` answer
    has been read)."""

    def __init__(self, sock, deadline: _Deadline):
        self._sock = sock
        self._deadline = deadline
        self._readers = 0
        self._closing = False

    def makefile(self, mode="rb", *args, **kwargs):
        self._readers += 1
        return io.BufferedReader(_DeadlineReader(self))

    def sendall(self, data):
        self._sock.settimeout(self._deadline.left())
        return self._sock.sendall(data)

    def _release(self):
        self._readers -= 1
        if self._closing and self._readers <= 0:
            self._sock.close()

    def close(self):
        self._closing = True
        if self._readers <= 0:
            self._sock.close()

    def __getattr__(self, name):
        return getattr(self._sock, name)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, deadline: _Deadline):
        super().__init__(host, port, timeout=deadline.left())
        self._address = address
        self._deadline = deadline

    def _connect(self):
        return socket.create_connection(
            (self._address, self.port), self._deadline.left()
        )

    def connect(self):
        self.sock = _DeadlineSocket(self._connect(), self._deadline)


class _PinnedHTTPS(_PinnedHTTP):
    def __init__(self, host, port, address, deadline: _Deadline):
        super().__init__(host, port, address, deadline)
        self._context = ssl.create_default_context()

    def connect(self):
        sock = self._connect()
        # The handshake is one operation bounded by the socket's timeout.
        sock.settimeout(self._deadline.left())
        sock = self._context.wrap_socket(sock, server_hostname=self.host)
        self.sock = _DeadlineSocket(sock, self._deadline)


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float = TIMEOUT,
    accept="*/*",
    allow_private: bool | None = None,
) -> Fetched:
    """GET `url` within the rules above. Raises FetchError with a reason."""
    deadline = _Deadline(timeout)
    try:
        return _fetch(url, max_bytes, deadline, accept, allow_private)
    except TimeoutError as exc:
        raise deadline.error() from exc


def _fetch(url, max_bytes, deadline, accept, allow_private) -> Fetched:
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(
                f"refused: only http and https addresses, not {scheme or url!r}"
            )
        if not parts.hostname:
            raise FetchError(f"no host in {url!r}")
        if parts.username or parts.password:
            raise FetchError("refused: addresses with a user name or password")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError as exc:
            raise FetchError(f"bad port in {url!r}") from exc
        address = _resolve(parts.hostname, port, deadline, allow_private)
        cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
        conn = cls(parts.hostname, port, address, deadline)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            conn.request(
                "GET",
                path,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": accept,
                    "Accept-Encoding": "identity",
                },
            )
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {response.status} without a Location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(f"HTTP {response.status} {response.reason}".strip())
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(
                    f"too large ({length} bytes; the limit is {max_bytes})"
                )
            chunks, size = [], 0
            while True:
                deadline.left()
                chunk = response.read1(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"too large (over {max_bytes} bytes)")
                chunks.append(chunk)
            return Fetched(
                url, response.getheader("Content-Type") or "", b"".join(chunks)
            )
        except TimeoutError:
            raise
        except ssl.SSLError as exc:
            raise FetchError(f"TLS error: {exc.reason or exc}") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"cannot fetch: {exc}") from exc
        finally:
            conn.close()
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")
