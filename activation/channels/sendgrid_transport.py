"""Keep-alive transport for the official SendGrid client.

`python_http_client` (under `sendgrid`) builds a urllib opener (scanning the environment
for proxies) and opens a new connection for every request. At lifecycle volumes that
costs a TCP (and TLS) handshake per email, fills the host with TIME_WAIT sockets and
spends most of the CPU. This subclass keeps the client's URL building, headers, JSON
encoding and error types, and sends through one `urllib3` connection pool (what
`requests` uses underneath, without its per-request session machinery, which cost
about half the CPU of a send) whose proxy and CA settings are read once.
"""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import certifi
import urllib3
from python_http_client import Client
from python_http_client.client import Response
from python_http_client.exceptions import HTTPError, err_dict


class _UrllibLikeResponse:
    """What python_http_client's Response expects: getcode(), read(), info()."""

    def __init__(self, response: urllib3.BaseHTTPResponse) -> None:
        self._response = response

    def getcode(self) -> int:
        return self._response.status

    def read(self) -> bytes:
        return self._response.data

    def info(self) -> Any:
        return self._response.headers


class KeepAliveClient(Client):
    def __init__(self, *args: Any, pool: urllib3.PoolManager | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pool = pool or connection_pool(16, str(self.host))

    def _build_client(self, name: str | None = None) -> KeepAliveClient:
        url_path = self._url_path + [name] if name else self._url_path
        return KeepAliveClient(
            host=self.host,
            version=self._version,
            request_headers=dict(self.request_headers),
            url_path=url_path,
            append_slash=self.append_slash,
            timeout=self.timeout,
            pool=self.pool,
        )

    def __getattr__(self, name: str) -> Any:
        if name not in self.methods:
            return super().__getattr__(name)
        method = name.upper()

        def http_request(
            request_body: Any = None,
            query_params: dict[str, Any] | None = None,
            timeout: float | None = None,
            **_: Any,
        ) -> Response:
            data = None if request_body is None else json.dumps(request_body).encode()
            headers = {**self.request_headers, "Content-Type": "application/json"}
            url = self._build_url(query_params)
            return Response(self._send(method, url, data, headers, timeout))

        return http_request

    def _send(
        self,
        method: str,
        url: str,
        data: bytes | None,
        headers: dict[str, str],
        timeout: float | None,
    ) -> _UrllibLikeResponse:
        response = self.pool.request(
            method,
            url,
            body=data,
            headers=headers,
            timeout=timeout or self.timeout,
            redirect=False,
            # No transport-level retries: a retried POST could send an email twice.
            retries=False,
        )
        if response.status >= 400:
            error_type = err_dict.get(response.status, HTTPError)
            raise error_type(response.status, response.reason, response.data, response.headers)
        return _UrllibLikeResponse(response)


def connection_pool(pool_size: int, base_url: str) -> urllib3.PoolManager:
    """Keep-alive connections to the one host we call; proxy and CA read once."""
    ca_bundle = (
        os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or certifi.where()
    )
    options: dict[str, Any] = {"maxsize": pool_size, "ca_certs": ca_bundle}
    scheme = urlsplit(base_url).scheme or "https"
    proxy = urllib.request.getproxies().get(scheme)
    if proxy and not urllib.request.proxy_bypass(urlsplit(base_url).hostname or ""):
        return urllib3.ProxyManager(proxy, **options)
    return urllib3.PoolManager(**options)
