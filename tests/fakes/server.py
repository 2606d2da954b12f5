"""A small threaded HTTP server that records requests and injects faults on demand.

Faults: an HTTP status (e.g. 429 with Retry-After, 503), a slow response, a dropped
connection (the request is read, then the socket is closed without a response) and a
hang (the response is held until `release()`), used to kill a runner mid-call.
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    received_at: float
    response_status: int | None = None
    responded_at: float | None = None

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Fault:
    status: int | None = None  # respond with this status instead of the normal answer
    retry_after: str | None = None
    delay: float = 0.0  # slow response
    drop: bool = False  # close the connection without answering
    hang: bool = False  # hold the response until release()
    # After a normal answer: say `Connection: close` and close (polite), or close the
    # kept-alive socket without saying so, as an idle timeout on the server does.
    close_after: bool = False
    close_silently_after: bool = False
    body: bytes = b'{"errors": [{"message": "injected fault"}]}'


# (request number starting at 1, request) -> Fault or None
FaultPlan = Callable[[int, RecordedRequest], Fault | None]


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class FakeServer:
    """Subclasses implement `route(request) -> Reply`."""

    def __init__(self, certificate: tuple[Path, Path] | None = None) -> None:
        self.requests: list[RecordedRequest] = []
        self.lock = threading.Lock()
        self.fault_plan: FaultPlan | None = None
        self._released = threading.Event()
        self.in_flight = 0
        self.max_in_flight = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if certificate is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(certificate[0]), str(certificate[1]))
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def release(self) -> None:
        """Let hung requests finish."""
        self._released.set()

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.requests) >= count:
                return True
            time.sleep(0.005)
        return False

    def accepted(self) -> list[RecordedRequest]:
        """Requests that got a 2xx answer."""
        return [r for r in self.requests if r.response_status and 200 <= r.response_status < 300]

    def route(self, request: RecordedRequest) -> Reply:
        raise NotImplementedError

    # ------------------------------------------------------------------ handling

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        parts = urlsplit(handler.path)
        request = RecordedRequest(
            handler.command,
            parts.path,
            parse_qs(parts.query),
            {k.lower(): v for k, v in handler.headers.items()},
            body,
            time.monotonic(),
        )
        with self.lock:
            self.requests.append(request)
            number = len(self.requests)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            fault = self.fault_plan(number, request) if self.fault_plan else None
            self._answer(handler, request, fault)
        finally:
            with self.lock:
                self.in_flight -= 1

    def _answer(
        self, handler: BaseHTTPRequestHandler, request: RecordedRequest, fault: Fault | None
    ) -> None:
        if fault and fault.hang:
            self._released.wait()
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.drop:
            handler.close_connection = True
            with contextlib.suppress(OSError):
                handler.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault and fault.status:
            headers = {"Content-Type": "application/json"}
            if fault.retry_after is not None:
                headers["Retry-After"] = fault.retry_after
            reply = Reply(fault.status, fault.body, headers)
        else:
            reply = self.route(request)
        if fault and fault.close_after:
            reply.headers["Connection"] = "close"
            handler.close_connection = True
        _write(handler, reply)
        request.response_status = reply.status
        request.responded_at = time.monotonic()
        if fault and fault.close_silently_after:
            handler.wfile.flush()
            handler.close_connection = True
            with contextlib.suppress(OSError):
                handler.connection.shutdown(socket.SHUT_RDWR)


def _write(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    if isinstance(reply.body, bytes):
        payload = reply.body
    elif reply.body is None:
        payload = b""
    else:
        payload = json.dumps(reply.body).encode()
    handler.send_response(reply.status)
    headers = {"Content-Type": "application/json", **reply.headers}
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    if payload:
        handler.wfile.write(payload)


def _handler_for(fake: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            fake._handle(self)

        do_POST = do_PATCH = do_PUT = do_DELETE = do_GET  # noqa: N815

    return Handler


def every_other(fault: Fault, start: int = 1) -> FaultPlan:
    """A plan that injects `fault` on every second request (a 'storm')."""
    return lambda number, request: fault if number % 2 == start % 2 else None


def on_requests(numbers: set[int], fault: Fault) -> FaultPlan:
    return lambda number, request: fault if number in numbers else None
