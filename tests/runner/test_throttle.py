"""The throttle's pacing rules, measured on a fake clock-free workload."""

from __future__ import annotations

import threading
import time

from trig_lifecycle.throttle import Limits, Throttle


def run_calls(throttle: Throttle, count: int, key: str = "", threads: int = 4) -> list[float]:
    starts: list[float] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        for _ in range(n):
            with throttle.slot(key), lock:
                starts.append(time.monotonic())

    per_thread = [count // threads + (1 if i < count % threads else 0) for i in range(threads)]
    workers = [threading.Thread(target=worker, args=(n,)) for n in per_thread]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sorted(starts)


# A thread may wake late on a busy machine, never early: so the i-th call of a paced
# sequence starts no earlier than i intervals after the sequence began.


def test_window_quota_never_exceeded():
    # HubSpot-style: at most 3 calls in any 0.3 s window.
    began = time.monotonic()
    starts = run_calls(Throttle(Limits(window_calls=3, window_seconds=0.3)), 9)
    for i, start in enumerate(starts):
        assert start - began >= (i // 3) * 0.3 - 0.005


def test_min_interval_is_per_key():
    throttle = Throttle(Limits(min_interval_seconds=0.1))
    began = time.monotonic()
    a = run_calls(throttle, 4, key="#a")
    assert all(start - began >= i * 0.1 - 0.005 for i, start in enumerate(a))
    started = time.monotonic()
    run_calls(throttle, 1, key="#b")  # another channel does not wait for #a
    assert time.monotonic() - started < 0.05


def test_pause_stops_every_call():
    throttle = Throttle()
    throttle.pause(0.3)
    started = time.monotonic()
    run_calls(throttle, 2)
    assert time.monotonic() - started >= 0.29
