"""Keep-alive transport for the official SendGrid client.

`python_http_client` (under `sendgrid`) builds a urllib opener (scanning the environment
for proxies) and opens a new connection for every request. At lifecycle volumes that
costs a TCP (and TLS) handshake per email, fills the host with TIME_WAIT sockets and
spends most of the CPU. This subclass keeps the client's URL building, headers, JSON
encoding and error types, and sends through one pooled `requests.Session` whose proxy
and CA settings are read from the environment once.
"""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any

import requests
from python_http_client import Client
from python_http_client.client import Response
from python_http_client.exceptions import HTTPError, err_dict
from requests.adapters import HTTPAdapter
from requests.utils import should_bypass_proxies


class _UrllibLikeResponse:
    """What python_http_client's Response expects: getcode(), read(), info()."""

    def __init__(self, response: requests.Response) -> None:
        self._response = response

    def getcode(self) -> int:
        return self._response.status_code

    def read(self) -> bytes:
        return self._response.content

    def info(self) -> Any:
        return self._response.headers


class KeepAliveClient(Client):
    def __init__(self, *args: Any, session: requests.Session | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.session = session or pooled_session(16, str(self.host))

    def _build_client(self, name: str | None = None) -> KeepAliveClient:
        url_path = self._url_path + [name] if name else self._url_path
        return KeepAliveClient(
            host=self.host,
            version=self._version,
            request_headers=dict(self.request_headers),
            url_path=url_path,
            append_slash=self.append_slash,
            timeout=self.timeout,
            session=self.session,
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
        response = self.session.request(
            method,
            url,
            data=data,
            headers=headers,
            timeout=timeout or self.timeout,
            allow_redirects=False,
        )
        if response.status_code >= 400:
            error_type = err_dict.get(response.status_code, HTTPError)
            raise error_type(
                response.status_code, response.reason, response.content, response.headers
            )
        return _UrllibLikeResponse(response)


def pooled_session(pool_size: int, base_url: str) -> requests.Session:
    session = requests.Session()
    # Read proxy and CA settings once (for the one host we call) instead of per request.
    session.trust_env = False
    if not should_bypass_proxies(base_url, no_proxy=None):
        session.proxies = {
            scheme: url for scheme, url in urllib.request.getproxies().items() if scheme != "no"
        }
    session.verify = (
        os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    )
    # No transport-level retries: a retried POST could send an email twice.
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
