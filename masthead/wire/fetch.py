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
- one deadline covers connect, headers and body; the body is read up to a size
  limit and refused beyond it.

`http.client` is used rather than requests/urllib3 because pinning the checked
address while keeping SNI and certificate checks for the name takes a few
lines with it and needs no adapter plumbing. Tests talk to local servers by
turning on MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
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


def _resolve(host: str, port: int) -> str:
    """A checked address for `host`, or FetchError."""
    refusal = _offline_refusal(host)
    if refusal:
        raise FetchError(refusal)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    if not getattr(settings, "MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS", False):
        for address in addresses:
            reason = _blocked(address)
            if reason:
                raise FetchError(f"refused: {host} resolves to {reason}")
    if getattr(settings, "MASTHEAD_WIRE_OFFLINE", False) and not all(
        ipaddress.ip_address(a.split("%", 1)[0]).is_loopback for a in addresses
    ):
        raise FetchError(f"offline: {host} is not this machine")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch(
    url: str, *, max_bytes: int, timeout: float = TIMEOUT, accept="*/*"
) -> Fetched:
    """GET `url` within the rules above. Raises FetchError with a reason."""
    deadline = time.monotonic() + timeout
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
        address = _resolve(parts.hostname, port)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"timed out after {timeout:g}s")
        cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
        conn = cls(parts.hostname, port, address, remaining)
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
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:g}s")
                chunk = response.read(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"too large (over {max_bytes} bytes)")
                chunks.append(chunk)
            return Fetched(
                url, response.getheader("Content-Type") or "", b"".join(chunks)
            )
        except TimeoutError as exc:
            raise FetchError(f"timed out after {timeout:g}s") from exc
        except ssl.SSLError as exc:
            raise FetchError(f"TLS error: {exc.reason or exc}") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"cannot fetch: {exc}") from exc
        finally:
            conn.close()
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")
