"""`trig preview`: render the next messages for real members, without sending."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click

from .. import params
from ..context import RunContext, warehouse_errors
from ..exit_codes import ExitCode
from ..ledger import Ledger
from ..messages.build import build_message
from ..messages.render import RenderError
from ..messages.types import EmailMessage, SlackMessage
from ..pending import PendingAction, Selection
from ..runner_tables import ensure_runner_tables


@click.command("preview")
@params.connection_options
@params.select
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True)
@params.as_json
@click.pass_context
def command(ctx: click.Context, **options: Any) -> None:
    """Render the next pending messages and flag missing placeholders."""
    context = RunContext.from_options(options)
    selection = Selection.parse(options.get("selectors") or ())
    with warehouse_errors(context.warehouse), context.warehouse.connect() as conn:
        ensure_runner_tables(conn, context.warehouse)
        ledger = Ledger(context.warehouse)
        actions = ledger.pending_rows(conn, selection, options["limit"])
        ledger.inherit_entry_senders(conn, actions)
    context.warehouse.dispose()
    previews = [_preview(action, context) for action in actions]
    if options.get("as_json"):
        click.echo(json.dumps(previews, sort_keys=True, default=str))
    else:
        for item in previews:
            _print(item)
        if not previews:
            click.echo("trig: nothing pending")
    problems = any(item["problem"] for item in previews)
    ctx.exit(ExitCode.PARTIAL_FAILURE if problems else ExitCode.SUCCESS)


def _preview(action: PendingAction, context: RunContext) -> dict[str, Any]:
    item: dict[str, Any] = {
        "action_id": action.action_id,
        "object_name": action.object_name,
        "transition_type": action.transition_type,
        "channel": action.action_type,
        "recipient": action.recipient,
        "is_shadow": action.is_shadow,
        "problem": None,
        "message": None,
    }
    try:
        rendered = build_message(action, context.config)
    except RenderError as error:
        item["problem"] = str(error)
        return item
    if isinstance(rendered, SlackMessage):
        item["message"] = {"channel": rendered.channel, "text": rendered.text({})}
    else:
        item["message"] = asdict(rendered)
    if isinstance(rendered, EmailMessage):
        item["message"]["from"] = rendered.sender
    return item


def _print(item: dict[str, Any]) -> None:
    shadow = " [shadow: will not send]" if item["is_shadow"] else ""
    click.echo(
        f"--- {item['object_name']} / {item['transition_type']} / {item['channel']} "
        f"({item['action_id']}){shadow}"
    )
    if item["problem"]:
        click.echo(f"PROBLEM: {item['problem']}")
        return
    message = item["message"]
    if item["channel"] == "email":
        click.echo(f"From: {message['from']}\nTo: {message['to']}\nSubject: {message['subject']}")
        click.echo("")
        click.echo(message["body"])
    else:
        click.echo(json.dumps(message, indent=2, sort_keys=True, default=str))
