"""Rate limits and retries shared by the provider channels.

A Throttle reserves a start time for each call so that, across all worker threads,
a provider sees at most the configured pace: a minimum interval per key (Slack: per
channel), at most N calls per window (HubSpot: per 10 seconds), at most K calls in
flight (Salesforce), and nothing at all while a Retry-After pause is in force.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception_type

from .config import RetryConfig

T = TypeVar("T")


class DeliveryError(Exception):
    reason: str
    # Provider calls made before giving up (set by call_with_retries).
    attempts: int = 0


class TransientError(DeliveryError):
    """Worth retrying: 429, 5xx, connection refused; the provider did not act."""

    def __init__(
        self, reason: str, retry_after: float | None = None, rate_limited: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.rate_limited = rate_limited


class PermanentError(DeliveryError):
    """Final: the provider refused the request (bad address, unknown channel, 4xx)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProviderPaused(DeliveryError):
    """The provider asked for a pause longer than this run will wait: no call is made.

    The action was not attempted (or was refused with a 429/503), so it is released for a
    later run rather than failed.
    """

    def __init__(self, reason: str, retry_after: float) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class AmbiguousError(DeliveryError):
    """The request may have reached the provider (timeout, dropped connection)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Limits:
    min_interval_seconds: float = 0.0
    window_calls: int | None = None
    window_seconds: float = 10.0
    max_concurrency: int | None = None


class Throttle:
    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}
        self._window_starts: deque[float] = deque()
        self._paused_until = 0.0
        # Set once a provider asks for a pause longer than the run will wait.
        self.closed: ProviderPaused | None = None
        count = self.limits.max_concurrency
        self._in_flight = threading.BoundedSemaphore(count) if count else None

    def pause(self, seconds: float) -> None:
        """Stop every call of this provider for `seconds` (a Retry-After)."""
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def close_for_run(self, seconds: float, reason: str) -> ProviderPaused:
        """No call of this provider starts again in this run (a Retry-After too long)."""
        with self._lock:
            if self.closed is None:
                self.closed = ProviderPaused(reason, seconds)
            return self.closed

    @contextmanager
    def slot(self, key: str = "") -> Iterator[None]:
        while True:
            self._refuse_if_closed()
            start = self._reserve(key)
            delay = start - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._refuse_if_closed()
            # A pause may have begun while we slept; then reserve again.
            if time.monotonic() >= self._paused_until:
                break
        if self._in_flight is None:
            yield
            return
        with self._in_flight:
            yield

    def _refuse_if_closed(self) -> None:
        closed = self.closed
        if closed is not None:
            raise ProviderPaused(closed.reason, closed.retry_after)

    def _reserve(self, key: str) -> float:
        limits = self.limits
        with self._lock:
            now = time.monotonic()
            start = max(now, self._paused_until, self._next_start.get(key, 0.0))
            if limits.window_calls:
                window = self._window_starts
                while window and window[0] <= now - limits.window_seconds:
                    window.popleft()
                if len(window) >= limits.window_calls:
                    start = max(start, window[-limits.window_calls] + limits.window_seconds)
                window.append(start)
            if limits.min_interval_seconds:
                self._next_start[key] = start + limits.min_interval_seconds
            return start


class _WaitBackoffUnlessRetryAfter:
    """Exponential backoff with jitter; no extra wait when the throttle holds a Retry-After."""

    def __init__(self, policy: RetryConfig, attempts_before: int = 0) -> None:
        self.policy = policy
        # Attempts made before tenacity took over (the fast first attempt).
        self.attempts_before = attempts_before

    def __call__(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        return self.seconds(state.attempt_number + self.attempts_before, error)

    def seconds(self, attempt_number: int, error: BaseException | None) -> float:
        if isinstance(error, TransientError) and error.retry_after is not None:
            return 0.0
        base = self.policy.initial_wait_seconds * 2 ** (attempt_number - 1)
        return min(self.policy.max_wait_seconds, base) * (0.5 + random.random() / 2)


def call_with_retries(
    call: Callable[[], T],
    policy: RetryConfig,
    throttle: Throttle,
    key: str = "",
    idempotent: bool = False,
) -> tuple[T, int]:
    """Run `call` under the throttle with retries. Returns (result, attempts made).

    Raises PermanentError, AmbiguousError, ProviderPaused (a Retry-After longer than
    max_wait_seconds), or the last TransientError once attempts are exhausted. An
    ambiguous failure is retried only when the call is idempotent.
    """
    attempts = 0
    failures = 0  # transient failures other than rate limiting

    def one_attempt() -> T:
        nonlocal attempts, failures
        attempts += 1
        try:
            with throttle.slot(key):
                return call()
        except TransientError as error:
            if not error.rate_limited:
                failures += 1
            if error.retry_after is not None:
                if error.retry_after > policy.max_wait_seconds:
                    # Longer than this run will wait: stop calling the provider at all
                    # (every thread), and leave the rest for a later run.
                    raise throttle.close_for_run(
                        error.retry_after,
                        f"asked to wait {error.retry_after:.0f}s (Retry-After), longer than "
                        f"retries.max_wait_seconds; {error.reason}",
                    ) from None
                throttle.pause(error.retry_after)
            raise
        except AmbiguousError as error:
            if idempotent:
                raise TransientError(error.reason) from None
            raise

    started = time.monotonic()

    def give_up(state: RetryCallState | None = None) -> bool:
        # Being told to slow down (429) is pacing, not failure: it does not use up
        # max_attempts, only the overall time budget.
        return (
            failures >= policy.max_attempts
            or time.monotonic() - started >= policy.max_total_seconds
        )

    try:
        # Most calls succeed at once: the retry machinery is set up only after a
        # transient failure (it costs about as much CPU as a fast provider call).
        try:
            return one_attempt(), attempts
        except TransientError as first:
            if give_up():
                raise
            time.sleep(_WaitBackoffUnlessRetryAfter(policy).seconds(1, first))
        retrying = Retrying(
            stop=give_up,
            wait=_WaitBackoffUnlessRetryAfter(policy, attempts_before=1),
            retry=retry_if_exception_type(TransientError),
            reraise=True,
        )
        result = retrying(one_attempt)
    except DeliveryError as error:
        error.attempts = attempts
        raise
    return result, attempts


def retry_after_seconds(value: str | None) -> float | None:
    """Parse a Retry-After header: seconds, or an HTTP date (unparsable: 1 second)."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 1.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
