"""The activation loop: claim a batch, check safety, render, send, record.

Batches bound memory (whatever the backlog) and, on DuckDB, how long the file is held.
Within a batch, provider calls run on a thread pool in chunks; the intent of a chunk is
written before its calls and the outcomes right after, so a crash leaves at most two
chunks (the pipeline's depth) `unknown`.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from .channels.base import DeliveryResult
from .channels.registry import Channels
from .config import RunnerConfig
from .exit_codes import ExitCode
from .ledger import Ledger, Outcome, utc_now
from .logs import redact
from .messages.build import build_message
from .messages.render import RenderError
from .messages.types import Rendered
from .pending import PendingAction, Selection
from .pipeline import DEFAULT_CHUNK_FACTOR, SendPipeline
from .quiet_hours import QuietHours, release_due
from .runner_tables import ensure_runner_tables
from .safety import SafetyChecks, recipient_hash
from .warehouse import Warehouse

log = logging.getLogger(__name__)
PROBLEM_STATUSES = ("failed", "unknown", "skipped")
MAX_EMPTY_CLAIMS = 50


@dataclass
class RunReport:
    dry_run: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    by_channel: Counter[tuple[str, str]] = field(default_factory=Counter)
    released_claims: int = 0
    recovered_unknown: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)
    interrupted: bool = False
    # Channels whose provider asked for a pause longer than the run waits (channel ->
    # (seconds, reason)), and the actions left pending for a later run because of it.
    paused_channels: dict[str, tuple[float, str]] = field(default_factory=dict)
    released_untouched: Counter[str] = field(default_factory=Counter)
    suppressions_pulled: int = 0
    warnings: list[str] = field(default_factory=list)
    # Deferred actions of earlier runs whose quiet hours ended: pending again.
    released_deferred: int = 0

    def add(self, action: PendingAction, status: str, error: str | None) -> None:
        self.counts[status] += 1
        self.by_channel[(action.action_type, status)] += 1
        if status in PROBLEM_STATUSES:
            self.problems.append(
                {
                    "action_id": action.action_id,
                    "object_name": action.object_name,
                    "channel": action.action_type,
                    "status": status,
                    "error": error or "",
                }
            )

    @property
    def exit_code(self) -> ExitCode:
        if (
            self.interrupted
            or self.paused_channels
            or self.recovered_unknown
            or any(self.counts[status] for status in PROBLEM_STATUSES)
        ):
            return ExitCode.PARTIAL_FAILURE
        return ExitCode.SUCCESS

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "counts": dict(sorted(self.counts.items())),
            "by_channel": [
                {"channel": channel, "status": status, "count": count}
                for (channel, status), count in sorted(self.by_channel.items())
            ],
            "released_claims": self.released_claims,
            "recovered_unknown": self.recovered_unknown,
            "problems": self.problems,
            "interrupted": self.interrupted,
            "paused_channels": [
                {"channel": channel, "retry_after_seconds": seconds, "reason": reason}
                for channel, (seconds, reason) in sorted(self.paused_channels.items())
            ],
            "released_untouched": dict(sorted(self.released_untouched.items())),
            "suppressions_pulled": self.suppressions_pulled,
            "released_deferred": self.released_deferred,
            "warnings": self.warnings,
            "exit_code": int(self.exit_code),
        }


class Activator:
    def __init__(
        self,
        warehouse: Warehouse,
        config: RunnerConfig,
        selection: Selection,
        limit: int | None = None,
        progress: Callable[[int], None] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.warehouse = warehouse
        self.config = config
        self.selection = selection
        self.limit = limit
        self.progress = progress or (lambda advanced: None)
        self.stop = stop or threading.Event()
        self.ledger = Ledger(warehouse)
        self.safety = SafetyChecks(warehouse, config.frequency_cap)
        self.channels = Channels(config, warehouse)
        self.quiet = QuietHours(warehouse, config.quiet_hours) if config.quiet_hours else None
        self._now = utc_now()
        self.chunk_size = max(1, config.chunk_size or config.concurrency * DEFAULT_CHUNK_FACTOR)

    def prepare(self, report: RunReport, count: bool = True) -> int:
        """Create runner tables, recover dead runners' claims; return the pending count
        (0 without `count`: only a progress bar needs it)."""
        with self.warehouse.connect() as conn:
            ensure_runner_tables(conn, self.warehouse)
            released, unknown = self.ledger.recover_abandoned(conn, self.config.claim_lease_seconds)
            report.released_claims, report.recovered_unknown = released, unknown
            if released or unknown:
                log.info(
                    "recovered claims of stopped runners: %d released, %d unknown",
                    released,
                    unknown,
                )
            # Without quiet hours (removed from trig.yml) nothing waits any longer.
            due = utc_now() if self.quiet else datetime.max
            report.released_deferred = release_due(conn, self.ledger.ledger, due)
            self._check_quiet_hours(conn)
            self._pull_suppressions(conn, report)
            pending = self.ledger.count_pending(conn, self.selection) if count else 0
        return pending if self.limit is None else min(pending, self.limit)

    def activate(self, report: RunReport) -> RunReport:
        remaining = self.limit
        empty_claims = 0
        held = self.warehouse.held(self.config.connection_hold_seconds)
        with ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="trig-send") as pool:
            pipeline = SendPipeline(self, pool, report)
            try:
                while (remaining is None or remaining > 0) and not self.stop.is_set():
                    size = (
                        self.config.batch_size
                        if remaining is None
                        else min(self.config.batch_size, remaining)
                    )
                    conn = held.get()
                    seen, actions = self.ledger.claim_batch(
                        conn, self.selection, size, exclude_channels=tuple(report.paused_channels)
                    )
                    if seen == 0:
                        pipeline.drain(conn)
                        break
                    if actions:
                        empty_claims = 0
                        self._deliver_batch(conn, actions, pipeline, report)
                    else:
                        # Another runner won these candidates: let it have the warehouse,
                        # then look again after a short pause.
                        held.release()
                        empty_claims += 1
                        if empty_claims > MAX_EMPTY_CLAIMS:
                            break
                        time.sleep(random.uniform(0.01, 0.05))
                    if remaining is not None:
                        remaining -= len(actions)
                if pipeline.busy():
                    pipeline.drain(held.get())
            finally:
                held.release()
        self.channels.close()
        report.interrupted = self.stop.is_set()
        self._warn_unknown_zones(report)
        return report

    def dry_run(self, report: RunReport) -> RunReport:
        """Decide every pending action's fate without writing or sending anything."""
        report.dry_run = True
        with self.warehouse.connect() as conn:
            # Creating the (empty) runner tables is the only write: it needs no rows.
            ensure_runner_tables(conn, self.warehouse)
            self._check_quiet_hours(conn)
            actions = self.ledger.pending_rows(conn, self.selection, self.limit)
            self._load_checks(conn, actions)
        for action in actions:
            _, outcome = self._decide(action)
            status = "would_send" if outcome is None else outcome.status
            report.add(action, status, None if outcome is None else outcome.error)
        self._warn_unknown_zones(report)
        return report

    # ------------------------------------------------------------------ internals

    def _check_quiet_hours(self, conn: Connection) -> None:
        if self.quiet is None:
            return
        names: set[str] = set()
        if self.quiet.config.objects:
            pending = self.ledger.pending
            names = {
                row[0] for row in conn.execute(text(f"select distinct object_name from {pending}"))
            }
        self.quiet.check(conn, names)

    def _load_checks(self, conn: Connection, actions: list[PendingAction]) -> None:
        self.ledger.inherit_entry_senders(conn, actions)
        self.safety.load(conn, actions)
        if self.quiet is not None:
            self.quiet.load(conn, actions)
        self._now = utc_now()

    def _warn_unknown_zones(self, report: RunReport) -> None:
        if self.quiet is None or not self.quiet.unknown_zones:
            return
        shown = ", ".join(sorted(self.quiet.unknown_zones)[:5])
        report.warnings.append(
            f"quiet hours: time zone value(s) that are not IANA names ({shown}); "
            f"{self.quiet.config.default_time_zone} applied to those recipients"
        )

    def _pull_suppressions(self, conn: Connection, report: RunReport) -> None:
        """Provider suppression lists first, so this run already respects them."""
        settings = self.config.sendgrid
        if self.config.outbox_only or not settings.api_key or not settings.pull_suppressions:
            return
        # Imported here: provider libraries load only when a provider is configured.
        from .channels.sendgrid import SendGridChannel
        from .suppression_sync import pull_sendgrid_suppressions

        channel = self.channels.for_action("email")
        if not isinstance(channel, SendGridChannel):
            return
        try:
            report.suppressions_pulled = pull_sendgrid_suppressions(
                channel, conn, self.warehouse, settings.suppression_page_size
            )
        except Exception as error:  # the existing list still applies; say so, go on
            conn.rollback()
            report.warnings.append(
                f"could not pull SendGrid suppressions ({type(error).__name__}: "
                f"{redact(str(error))[:200]}); the existing suppression list applies"
            )

    def _deliver_batch(
        self,
        conn: Connection,
        actions: list[PendingAction],
        pipeline: SendPipeline,
        report: RunReport,
    ) -> None:
        self._load_checks(conn, actions)
        decided: list[Outcome] = []
        sendable: list[tuple[PendingAction, Rendered]] = []
        for action in actions:
            rendered, outcome = self._decide(action)
            if outcome is not None:
                decided.append(outcome)
                report.add(action, outcome.status, outcome.error)
            elif rendered is not None:
                sendable.append((action, rendered))
        self.ledger.record_outcomes(conn, decided)
        self.progress(len(decided))
        pipeline.submit(conn, sendable)

    def _decide(self, action: PendingAction) -> tuple[Rendered | None, Outcome | None]:
        """Render and check one action; an Outcome means it ends here without a send."""
        if action.is_shadow:
            return None, Outcome(action.action_id, "shadow", error="job is in shadow status")
        try:
            rendered = build_message(action, self.config)
        except RenderError as error:
            return None, Outcome(action.action_id, "skipped", error=str(error))
        if self.quiet is not None:
            # Before the cap: a deferred email is counted when it is sent, not now.
            deferred = self.quiet.verdict(action, self._now)
            if deferred is not None:
                return None, deferred
        verdict = self.safety.verdict(action)
        if verdict is not None:
            status, reason = verdict
            hashed = recipient_hash(action.recipient)
            return None, Outcome(action.action_id, status, error=reason, recipient_hash=hashed)
        return rendered, None

    def send_one(self, action: PendingAction, rendered: Rendered) -> Outcome:
        hashed = recipient_hash(action.recipient) if action.action_type == "email" else None
        try:
            result = self.channels.for_action(action.action_type).send(action, rendered)
        except Exception as error:  # one bad record never blocks the rest
            log.debug("unexpected error delivering %s", action.action_id, exc_info=True)
            result = DeliveryResult("failed", error=f"internal error: {type(error).__name__}")
        log.debug(
            "action %s (%s, %s) -> %s after %d attempt(s)",
            action.action_id,
            action.object_name,
            action.action_type,
            result.status,
            result.attempts,
        )
        return Outcome(
            action.action_id,
            result.status,
            result.attempts,
            result.provider_message_id,
            result.error,
            hashed,
        )
