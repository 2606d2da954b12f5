"""The file outbox: the default when no provider is configured (the laptop demo).

One `.eml` file per email (named after the action, so a rewrite is harmless) and one
JSON line per message for every other channel, in `<outbox_dir>/<channel>.jsonl`.
"""

from __future__ import annotations

import email.message
import email.policy
import json
import os
import threading
from dataclasses import asdict
from pathlib import Path

from ..channels.base import Channel, DeliveryResult
from ..messages.types import EmailMessage, Rendered, SlackMessage
from ..pending import PendingAction


class OutboxChannel(Channel):
    def __init__(self, directory: Path, name: str) -> None:
        self.directory = directory
        self.name = f"outbox:{name}"
        self._lock = threading.Lock()

    def send(self, action: PendingAction, rendered: Rendered) -> DeliveryResult:
        self.directory.mkdir(parents=True, exist_ok=True)
        if isinstance(rendered, EmailMessage):
            path = self._write_eml(action, rendered)
            return DeliveryResult("sent", provider_message_id=f"outbox:{path.name}")
        line = self._json_line(action, rendered)
        path = self.directory / f"{action.action_type}.jsonl"
        with self._lock, path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return DeliveryResult("sent", provider_message_id=f"outbox:{path.name}")

    def _write_eml(self, action: PendingAction, message: EmailMessage) -> Path:
        mail = email.message.EmailMessage(policy=email.policy.SMTP)
        mail["From"] = message.sender
        mail["To"] = message.to
        mail["Subject"] = message.subject
        if message.reply_to:
            mail["Reply-To"] = message.reply_to
        for name, value in message.thread_headers().items():
            mail[name] = value
        mail["X-Trig-Action-Id"] = action.action_id
        mail.set_content(message.body)
        path = self.directory / f"{action.action_id}.eml"
        temporary = path.with_suffix(".eml.tmp")
        temporary.write_bytes(mail.as_bytes())
        os.replace(temporary, path)  # atomic: a crash never leaves half a file
        return path

    @staticmethod
    def _json_line(action: PendingAction, rendered: Rendered) -> str:
        record: dict[str, object] = {
            "action_id": action.action_id,
            "object_name": action.object_name,
            "transition_type": action.transition_type,
            "entity_id": action.entity_id,
        }
        if isinstance(rendered, SlackMessage):
            record.update(channel=rendered.channel, text=rendered.text({}))
        else:
            record.update(asdict(rendered))
        return json.dumps(record, sort_keys=True, default=str)
