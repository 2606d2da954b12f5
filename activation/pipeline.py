"""The send pipeline: intent before each provider call, outcome after, overlapped.

A window bounds the actions whose intent is written but whose outcome is not yet
recorded (2 x chunk_size): that is also the most a SIGKILL can leave `unknown`. The main
thread alternates between two statements while the sender pool works: record every
outcome finished so far (one statement, however many), then write the intent of the
next chunk of waiting actions (one statement) and hand them to the pool. Provider calls
wait for the ledger only when the window is full, and the ledger statements grow with
the provider's speed instead of costing a round trip per small chunk. The pipeline
carries on across claimed batches, so the pool is not drained at every batch boundary.
See docs/decisions/109-overlapped-ledger-writes.md.
"""

from __future__ import annotations

import queue
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from .channels.registry import IDEMPOTENT_ACTIONS, WAREHOUSE_ACTIONS
from .ledger import Outcome
from .messages.types import Rendered
from .pending import PendingAction

if TYPE_CHECKING:
    from .delivery import Activator, RunReport

# Default chunk size = this x concurrency (trig.yml `chunk_size` overrides it).
DEFAULT_CHUNK_FACTOR = 8


class SendPipeline:
    def __init__(self, activator: Activator, pool: ThreadPoolExecutor, report: RunReport) -> None:
        self.activator = activator
        self.pool = pool
        self.report = report
        self.chunk_size = activator.chunk_size
        self.window = 2 * activator.chunk_size
        self.in_flight: dict[str, PendingAction] = {}
        self.finished: queue.SimpleQueue[Outcome] = queue.SimpleQueue()

    def busy(self) -> bool:
        return bool(self.in_flight)

    def submit(self, conn: Connection, sendable: list[tuple[PendingAction, Rendered]]) -> None:
        """Start every action of `sendable`, recording outcomes as they finish."""
        waiting = deque(sendable)
        while waiting:
            if self.activator.stop.is_set():
                self._release(conn, [action for action, _ in waiting], untouched=False)
                return
            need = min(self.chunk_size, len(waiting))
            finished = self._collect(room_for=need)
            chunk = [waiting.popleft() for _ in range(need)]
            # The finished outcomes and the next chunk's intent share one statement and
            # one commit; the intent is committed before any of the chunk's calls start.
            self._start(conn, chunk, finished)

    def drain(self, conn: Connection) -> None:
        """Wait for every call in flight and record its outcome."""
        while self.in_flight:
            # Room for everything in flight: waits for at least one outcome each round.
            self._record(conn, self._collect(room_for=self.window + 1), commit=True)

    # ------------------------------------------------------------------ internals

    def _collect(self, room_for: int) -> list[Outcome]:
        """Every outcome finished so far, waiting for more until `room_for` fit the window
        (or until nothing is in flight)."""
        outcomes: list[Outcome] = []
        while True:
            try:
                outcomes.append(self.finished.get_nowait())
                continue
            except queue.Empty:
                pass
            room = self.window - len(self.in_flight) + len(outcomes)
            if room >= room_for or len(outcomes) == len(self.in_flight):
                return outcomes
            outcomes.append(self.finished.get())

    def _record(self, conn: Connection, outcomes: list[Outcome], commit: bool) -> None:
        if not outcomes:
            return
        final = self._release_paused(conn, outcomes)
        self.activator.ledger.record_outcomes(conn, final, commit=commit)
        self._account(final)

    def _release_paused(self, conn: Connection, outcomes: list[Outcome]) -> list[Outcome]:
        """Give back the actions a provider refused with a long pause; the rest are final."""
        released = [o for o in outcomes if o.status == "released"]
        if released:
            self._note_paused(released)
            self._release(conn, [self.in_flight.pop(o.action_id) for o in released], True)
        return [o for o in outcomes if o.status != "released"]

    def _account(self, final: list[Outcome]) -> None:
        for outcome in final:
            action = self.in_flight.pop(outcome.action_id)
            self.report.add(action, outcome.status, outcome.error)
        self.activator.progress(len(final))

    def _start(
        self,
        conn: Connection,
        chunk: list[tuple[PendingAction, Rendered]],
        finished: list[Outcome],
    ) -> None:
        """Record `finished`, write the chunk's intent, then start its calls (warehouse
        writes run here)."""
        final = self._release_paused(conn, finished)
        paused = self.report.paused_channels
        held = [action for action, _ in chunk if action.action_type in paused]
        if held:
            self._release(conn, held, untouched=True)
            chunk = [(a, r) for a, r in chunk if a.action_type not in paused]
        needs_intent = [a.action_id for a, _ in chunk if a.action_type not in IDEMPOTENT_ACTIONS]
        ours = self.activator.ledger.record_and_intend(conn, final, needs_intent)
        self._account(final)
        writes = self.activator.channels.warehouse_writes
        writes.connection = conn
        for action, rendered in chunk:
            if action.action_type not in IDEMPOTENT_ACTIONS and action.action_id not in ours:
                continue  # no longer ours (a recovery took it): never call the provider
            self.in_flight[action.action_id] = action
            if action.action_type in WAREHOUSE_ACTIONS:
                self.finished.put(self.activator.send_one(action, rendered))
            else:
                future = self.pool.submit(self.activator.send_one, action, rendered)
                future.add_done_callback(self._finished)

    def _finished(self, future: Future[Outcome]) -> None:
        self.finished.put(future.result())

    def _note_paused(self, released: list[Outcome]) -> None:
        for outcome in released:
            action_type = self.in_flight[outcome.action_id].action_type
            if action_type in self.report.paused_channels:
                continue
            paused = self.activator.channels.for_action(action_type).paused()
            if paused is not None:
                self.report.paused_channels[action_type] = (paused.retry_after, paused.reason)

    def _release(self, conn: Connection, actions: list[PendingAction], untouched: bool) -> None:
        """Give actions back (pending again): never attempted, or refused with a pause."""
        self.activator.ledger.release(conn, [a.action_id for a in actions], attempted=untouched)
        if untouched:
            self.report.released_untouched.update(a.action_type for a in actions)
            self.activator.progress(len(actions))
