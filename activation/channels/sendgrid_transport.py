"""Keep-alive transport for the official SendGrid client.

`python_http_client` (under `sendgrid`) builds a urllib opener (scanning the environment
for proxies) and opens a new connection for every request. At lifecycle volumes that
costs a TCP (and TLS) handshake per email, fills the host with TIME_WAIT sockets and
spends most of the CPU. This subclass keeps the client's URL building, headers, JSON
encoding and error types, and sends through a lighter transport:

- without a proxy, one `http.client` connection per sender thread, kept alive. It writes
  the request line, headers and body in one `send` (urllib3 writes the body separately),
  and costs about half the CPU of a `urllib3` pool per request, which at provider speed
  is the runner's largest cost (docs/decisions/116-lean-provider-transport.md);
- behind a proxy, a `urllib3` pool (which speaks to proxies), settings read once.

Neither retries at the transport level: a retried POST could send an email twice.
"""

from __future__ import annotations

import http.client
import json
import os
import select
import ssl
import threading
import urllib.request
from typing import Any, Protocol
from urllib.parse import urlsplit

import certifi
import urllib3
from python_http_client import Client
from python_http_client.client import Response
from python_http_client.exceptions import HTTPError, err_dict


class ConnectFailed(OSError):
    """The connection could not be opened: the request never left (safe to retry)."""


class AnsweredUnclearly(OSError):
    """The request may have reached the provider, and no clear answer came back."""


class _RawResponse:
    """What python_http_client's Response expects: getcode(), read(), info()."""

    def __init__(self, status: int, reason: str, headers: Any, data: bytes) -> None:
        self.status, self.reason, self.headers, self.data = status, reason, headers, data

    def getcode(self) -> int:
        return self.status

    def read(self) -> bytes:
        return self.data

    def info(self) -> Any:
        return self.headers


class _OneSend:
    """http.client (3.11) writes the head and the body in two sends; one is cheaper and
    wakes the server once."""

    _buffer: list[bytes]

    def _send_output(self, message_body: Any = None, encode_chunked: bool = False) -> None:
        if isinstance(message_body, bytes) and not encode_chunked:
            self._buffer.extend((b"", message_body))
            message = b"\r\n".join(self._buffer)
            del self._buffer[:]
            self.send(message)  # type: ignore[attr-defined]
            return
        super()._send_output(message_body, encode_chunked)  # type: ignore[misc]


class _Connection(_OneSend, http.client.HTTPConnection):
    pass


class _TLSConnection(_OneSend, http.client.HTTPSConnection):
    pass


class Transport(Protocol):
    def request(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float
    ) -> _RawResponse: ...

    def close(self) -> None: ...


class KeepAliveClient(Client):
    def __init__(self, *args: Any, transport: Transport | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.transport = transport or make_transport(16, str(self.host))

    def _build_client(self, name: str | None = None) -> KeepAliveClient:
        url_path = self._url_path + [name] if name else self._url_path
        return KeepAliveClient(
            host=self.host,
            version=self._version,
            request_headers=dict(self.request_headers),
            url_path=url_path,
            append_slash=self.append_slash,
            timeout=self.timeout,
            transport=self.transport,
        )

    def __getattr__(self, name: str) -> Any:
        if name not in self.methods:
            return super().__getattr__(name)
        method = name.upper()
        # Built once per endpoint object, not per request.
        headers = {**self.request_headers, "Content-Type": "application/json"}

        def http_request(
            request_body: Any = None,
            query_params: dict[str, Any] | None = None,
            timeout: float | None = None,
            **_: Any,
        ) -> Response:
            data = None if request_body is None else json.dumps(request_body).encode()
            url = self._build_url(query_params)
            raw = self.transport.request(method, url, data, headers, timeout or self.timeout)
            if raw.status >= 400:
                error_type = err_dict.get(raw.status, HTTPError)
                raise error_type(raw.status, raw.reason, raw.data, raw.headers)
            return Response(raw)

        return http_request


def make_transport(pool_size: int, base_url: str) -> Transport:
    ca_bundle = (
        os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or certifi.where()
    )
    parts = urlsplit(base_url)
    scheme = parts.scheme or "https"
    proxy = urllib.request.getproxies().get(scheme)
    if proxy and not urllib.request.proxy_bypass(parts.hostname or ""):
        return PoolTransport(urllib3.ProxyManager(proxy, maxsize=pool_size, ca_certs=ca_bundle))
    return ThreadConnections(scheme, ca_bundle)


class PoolTransport:
    """urllib3 (used behind a proxy)."""

    def __init__(self, pool: urllib3.PoolManager) -> None:
        self.pool = pool

    def request(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float
    ) -> _RawResponse:
        response = self.pool.request(
            method, url, body=body, headers=headers, timeout=timeout, redirect=False, retries=False
        )
        return _RawResponse(response.status, response.reason or "", response.headers, response.data)

    def close(self) -> None:
        self.pool.clear()


class ThreadConnections:
    """One keep-alive `http.client` connection per (thread, host)."""

    def __init__(self, scheme: str, ca_bundle: str) -> None:
        self.scheme = scheme
        self.context = ssl.create_default_context(cafile=ca_bundle) if scheme == "https" else None
        self.local = threading.local()
        self.lock = threading.Lock()
        self.opened: list[http.client.HTTPConnection] = []

    def request(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float
    ) -> _RawResponse:
        parts = urlsplit(url)
        connection = self._connection(parts.hostname or "", parts.port, timeout)
        target = parts.path + ("?" + parts.query if parts.query else "")
        try:
            # Body and headers leave in one send (http.client joins small bodies).
            connection.request(method, target or "/", body, headers)
            response = connection.getresponse()
            data = response.read()
        except ssl.SSLError as error:
            self._discard(connection)
            # After the request may have left: never classified as a retryable handshake.
            raise AnsweredUnclearly(
                f"TLS error during the request: {type(error).__name__}"
            ) from error
        except BaseException:
            self._discard(connection)
            raise
        if response.will_close:
            self._discard(connection)
        return _RawResponse(response.status, response.reason, response.headers, data)

    def close(self) -> None:
        with self.lock:
            opened, self.opened = self.opened, []
        for connection in opened:
            connection.close()

    def _connection(
        self, host: str, port: int | None, timeout: float
    ) -> http.client.HTTPConnection:
        key = (host, port)
        cached: dict[tuple[str, int | None], http.client.HTTPConnection] = (
            self.local.__dict__.setdefault("connections", {})
        )
        connection = cached.get(key)
        if connection is not None and (connection.sock is None or _closed_by_peer(connection)):
            self._discard(connection)
            connection = None
        if connection is None:
            connection = self._open(host, port, timeout)
            cached[key] = connection
        elif connection.sock is not None:
            connection.sock.settimeout(timeout)
        return connection

    def _open(self, host: str, port: int | None, timeout: float) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection
        if self.context is not None:
            connection = _TLSConnection(host, port, timeout=timeout, context=self.context)
        else:
            connection = _Connection(host, port, timeout=timeout)
        try:
            connection.connect()
        except OSError as error:  # TLS errors too; a bad certificate stays permanent
            connection.close()
            raise ConnectFailed(f"could not connect: {type(error).__name__}") from error
        with self.lock:
            self.opened.append(connection)
        return connection

    def _discard(self, connection: http.client.HTTPConnection) -> None:
        connection.close()
        cached = self.local.__dict__.get("connections", {})
        for key, value in list(cached.items()):
            if value is connection:
                del cached[key]
        with self.lock:
            if connection in self.opened:
                self.opened.remove(connection)


def _closed_by_peer(connection: http.client.HTTPConnection) -> bool:
    """An idle keep-alive socket that is readable was closed (or broken) by the server:
    sending on it would fail after the request may have left, so open a new one."""
    try:
        readable, _, _ = select.select([connection.sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
