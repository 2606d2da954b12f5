"""`trig activate`: deliver pending actions."""

from __future__ import annotations

import json
import signal
import sys
import threading
from typing import Any

import click

from .. import params
from ..build_check import check_build, force_option
from ..context import RunContext, warehouse_errors
from ..delivery import Activator, RunReport
from ..pending import Selection
from ..progress import delivery_progress, progress_wanted
from ..report_text import describe, outbox_channels


@click.command("activate")
@params.connection_options
@params.select
@params.limit
@params.dry_run
@params.as_json
@force_option
@click.pass_context
def command(ctx: click.Context, **options: Any) -> None:
    """Deliver the pending actions (emails, Slack, CRM, webhooks, write-backs, routes)."""
    context = RunContext.from_options(options)
    report = activate(context, options)
    ctx.exit(report.exit_code)


def activate(context: RunContext, options: dict[str, Any]) -> RunReport:
    check_build(context, bool(options.get("force")))  # safe activation: before anything else
    selection = Selection.parse(options.get("selectors") or ())
    stop = threading.Event()
    previous_handler = _stop_on_sigterm(stop)
    report = RunReport()
    try:
        _deliver(context, options, selection, stop, report)
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)
    context.warehouse.dispose()
    print_report(report, options.get("as_json", False), context)
    return report


def _deliver(
    context: RunContext,
    options: dict[str, Any],
    selection: Selection,
    stop: threading.Event,
    report: RunReport,
) -> None:
    with warehouse_errors(context.warehouse):
        activator = Activator(
            context.warehouse, context.config, selection, options.get("limit"), stop=stop
        )
        if options.get("dry_run"):
            activator.dry_run(report)
        else:
            shown = progress_wanted(not options.get("as_json"))
            total = activator.prepare(report, count=shown)
            with delivery_progress(total, enabled=shown) as advance:
                activator.progress = advance
                activator.activate(report)


def _stop_on_sigterm(stop: threading.Event) -> Any:
    """Orchestrators stop jobs with SIGTERM: finish the chunk in flight, release the rest."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())


def _print_recovery_and_pauses(report: RunReport) -> None:
    if report.recovered_unknown or report.released_claims:
        click.echo(
            f"trig: recovered an earlier run: {report.released_claims} claim(s) released, "
            f"{report.recovered_unknown} marked unknown"
        )
    if report.recovered_unknown:
        click.echo(
            f"trig: {report.recovered_unknown} action(s) may or may not have been delivered "
            "by the stopped run; see them with `trig status` (column unknown) and re-queue "
            "the ones to resend with `trig replay --status unknown`"
        )
    deferred = report.counts.get("deferred", 0)
    if deferred and not report.dry_run:
        click.echo(
            f"trig: {deferred} action(s) deferred by quiet hours; the first run after "
            "the recipient's quiet hours end sends them (`trig status` shows them as deferred)"
        )
    if report.released_deferred:
        click.echo(
            f"trig: {report.released_deferred} deferred action(s) are past quiet hours "
            "and were taken up again"
        )
    for warning in report.warnings:
        click.echo(f"trig: warning: {warning}", err=True)
    for channel, (seconds, reason) in sorted(report.paused_channels.items()):
        released = report.released_untouched[channel]
        click.echo(
            f"trig: the {channel} provider asked to wait {seconds:.0f}s; "
            f"{released} {channel} action(s) released untouched for a later run ({reason})"
        )


def print_report(report: RunReport, as_json: bool, context: RunContext | None = None) -> None:
    if as_json:
        click.echo(json.dumps(report.as_dict(), sort_keys=True))
        return
    total = sum(report.counts.values())
    verb = "would handle" if report.dry_run else "handled"
    if context is None or report.dry_run:
        summary = ", ".join(f"{n} {status}" for status, n in sorted(report.counts.items()))
    else:
        channels = {channel for channel, _ in report.by_channel}
        outboxed = outbox_channels(context.config, channels)
        summary = describe(dict(report.by_channel), outboxed, str(context.config.outbox_dir))
    click.echo(f"trig: {verb} {total} action(s){': ' + summary if summary else ''}")
    _print_recovery_and_pauses(report)
    for problem in report.problems:
        click.echo(
            f"  {problem['status']}: {problem['action_id']} ({problem['object_name']}, "
            f"{problem['channel']}): {problem['error']}",
            err=False,
        )
    if report.interrupted:
        click.echo("trig: stopped early; unattempted actions were released", err=True)
    sys.stdout.flush()
