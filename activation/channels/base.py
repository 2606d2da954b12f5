"""The one interface every channel implements, and the shared retry/classification code."""

from __future__ import annotations

import http.client
import socket
import ssl
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from ..config import RetryConfig
from ..logs import redact
from ..messages.types import Rendered
from ..pending import PendingAction
from ..throttle import (
    AmbiguousError,
    PermanentError,
    ProviderPaused,
    Throttle,
    TransientError,
    call_with_retries,
)


@dataclass(frozen=True)
class DeliveryResult:
    status: str  # sent | failed | unknown | released (not attempted; pending again)
    provider_message_id: str | None = None
    error: str | None = None
    attempts: int = 1


class Channel(ABC):
    name: str = "channel"

    @abstractmethod
    def send(self, action: PendingAction, rendered: Rendered) -> DeliveryResult: ...

    def close(self) -> None:  # noqa: B027 - optional hook, most channels hold nothing
        pass

    def paused(self) -> ProviderPaused | None:
        """Set when the provider asked this run to stop calling it (long Retry-After)."""
        return None


class ProviderChannel(Channel):
    """A channel that calls a remote API: throttled, retried, errors classified."""

    # True when a repeated call has the same effect (upserts, idempotency keys): then a
    # dropped connection is retried instead of ending as `unknown`.
    idempotent = False

    def __init__(self, retries: RetryConfig, throttle: Throttle) -> None:
        self.retries = retries
        self.throttle = throttle

    @abstractmethod
    def attempt(self, action: PendingAction, rendered: Any) -> str | None:
        """One provider call; returns the provider's message id; raises a DeliveryError."""

    def throttle_key(self, rendered: Any) -> str:
        return ""

    def paused(self) -> ProviderPaused | None:
        return self.throttle.closed

    def send(self, action: PendingAction, rendered: Rendered) -> DeliveryResult:
        try:
            message_id, attempts = call_with_retries(
                lambda: self.attempt(action, rendered),
                self.retries,
                self.throttle,
                self.throttle_key(rendered),
                self.idempotent,
            )
        except ProviderPaused as error:
            # The provider did not act (429/503, or no call made): pending again.
            return DeliveryResult("released", error=error.reason, attempts=error.attempts)
        except TransientError as error:
            return DeliveryResult(
                "failed",
                error=f"gave up after {error.attempts} attempts: {error.reason}",
                attempts=error.attempts,
            )
        except PermanentError as error:
            return DeliveryResult("failed", error=error.reason, attempts=error.attempts)
        except AmbiguousError as error:
            return DeliveryResult(
                "unknown",
                error=f"{error.reason}; the provider may have acted, so it is not resent "
                "(trig replay re-queues it)",
                attempts=error.attempts,
            )
        return DeliveryResult("sent", provider_message_id=message_id, attempts=attempts)


def classify_http_status(
    status: int, reason: str, retry_after: float | None = None
) -> TransientError | PermanentError:
    reason = redact(reason)[:300]
    if status == 429:
        return TransientError(f"HTTP 429 rate limited: {reason}", retry_after or 1.0, True)
    if status >= 500 or status == 408:
        return TransientError(f"HTTP {status}: {reason}", retry_after)
    return PermanentError(f"HTTP {status}: {reason}")


def classify_connection_error(
    error: BaseException,
) -> TransientError | AmbiguousError | PermanentError:
    """Refused or unresolvable → the request never left (retry); otherwise ambiguous."""
    if any(type(cause).__name__ == "AnsweredUnclearly" for cause in _causes(error)):
        return AmbiguousError(str(error))
    for cause in _causes(error):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return PermanentError(
                "TLS certificate verification failed (set the channel's ca_bundle if the "
                "provider uses a private CA)"
            )
    causes = _causes(error)
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
        return TransientError("connection refused")
    if any(isinstance(cause, socket.gaierror) for cause in causes):
        return TransientError("host name did not resolve")
    # urllib3's names, and the lean transport's (sendgrid_transport.ConnectFailed)
    connect_failures = (
        "NewConnectionError",
        "ConnectTimeoutError",
        "ConnectTimeout",
        "ConnectFailed",
    )
    if any(type(cause).__name__ in connect_failures for cause in causes):
        return TransientError("could not connect")
    if any(isinstance(cause, ssl.SSLError) for cause in causes):
        return TransientError("TLS handshake failed")
    for cause in _causes(error):
        if isinstance(cause, TimeoutError | socket.timeout) or "Timeout" in type(cause).__name__:
            return AmbiguousError("timed out waiting for the provider")
        if isinstance(cause, http.client.RemoteDisconnected | ConnectionResetError):
            return AmbiguousError("the provider closed the connection without a response")
    return AmbiguousError(f"connection error ({type(error).__name__})")


def _causes(error: BaseException) -> list[BaseException]:
    """The error and everything it wraps (causes, contexts, reasons, args)."""
    seen: list[BaseException] = []
    queue: list[BaseException] = [error]
    while queue:
        current = queue.pop(0)
        if any(current is known for known in seen):
            continue
        seen.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked.extend(getattr(current, "args", ()))
        queue.extend(item for item in linked if isinstance(item, BaseException))
    return seen
