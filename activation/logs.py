"""Logging set-up with a redaction filter on the handler.

The filter sits on the handler, not on trig's loggers, so records from third-party
libraries (slack_sdk logs request bodies at debug level, urllib3 logs URLs) are
redacted too. Recipients never appear in trig's own messages; this is the safety net.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# Well-known token shapes, redacted even if we were never told the value.
TOKEN_PATTERNS = [
    re.compile(r"SG\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"),  # SendGrid API keys
    re.compile(r"xox[abposr]-[A-Za-z0-9\-]+"),  # Slack tokens
    re.compile(r"pat-[a-z0-9]{2,4}-[A-Za-z0-9\-]{8,}"),  # HubSpot private app tokens
    re.compile(r"(?i)(bearer|authorization[\"']?\s*[:=]\s*[\"']?)\s*[A-Za-z0-9._~+/\-=!]{8,}"),
]

PROVIDER_LOGGERS = (
    "urllib3",
    "requests",
    "python_http_client",
    "slack_sdk",
    "hubspot",
    "simple_salesforce",
)

_secret_values: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret so any log line containing it is redacted."""
    if value and len(value) >= 4:
        _secret_values.add(value)


def redact(text: str, secrets: Iterable[str] | None = None) -> str:
    for secret in sorted(secrets if secrets is not None else _secret_values, key=len, reverse=True):
        text = text.replace(secret, "***")
    for pattern in TOKEN_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + " ***" if m.lastindex else "***", text)
    return EMAIL_PATTERN.sub("<email>", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def configure_logging(debug: bool = False, verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    restore_provider_loggers()
    logging.getLogger(__package__ or "trig_lifecycle").setLevel(
        logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    )


def restore_provider_loggers() -> None:
    """Libraries (dbt for `trig run`, hubspot's client configuration) silence loggers such
    as urllib3 when they load; a debug run wants them back, through our redacting handler."""
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in PROVIDER_LOGGERS]
    for name in {*PROVIDER_LOGGERS, *names}:
        provider_logger = logging.getLogger(name)
        provider_logger.setLevel(logging.NOTSET)
        provider_logger.propagate = True
        provider_logger.disabled = False
