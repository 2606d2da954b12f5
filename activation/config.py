"""Runner configuration (trig.yml + TRIG_* environment) and dbt profile reading.

Secrets (API keys, tokens, signing secrets) are accepted only from the environment or
from the dbt profile target's `trig:` block (which can itself use `env_var()`), never
from trig.yml, which is meant to be committed.
"""

from __future__ import annotations

import difflib
import os
import re
from datetime import time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from jinja2.sandbox import SandboxedEnvironment
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import TrigError
from .logs import register_secret


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SendGridConfig(Section):
    api_key: SecretStr | None = None
    base_url: str = "https://api.sendgrid.com"
    timeout_seconds: float = 10.0
    # Copy SendGrid's unsubscribes, bounces and spam reports into trig_suppressions
    # before each run (the API key needs the suppressions read scope).
    pull_suppressions: bool = True
    suppression_page_size: int = 500


class SlackConfig(Section):
    token: SecretStr | None = None
    base_url: str = "https://slack.com/api/"
    # Slack allows about one message per second per channel.
    per_channel_interval_seconds: float = 1.0
    timeout_seconds: float = 10.0


class HubSpotConfig(Section):
    access_token: SecretStr | None = None
    host: str = "https://api.hubapi.com"
    # Private apps get 100 (Free/Starter) to 190 (Pro/Enterprise) requests per 10 seconds.
    requests_per_10_seconds: int = 100
    timeout_seconds: float = 10.0


class SalesforceConfig(Section):
    access_token: SecretStr | None = None
    instance_url: str | None = None
    api_version: str = "59.0"
    # Salesforce caps concurrent long-running requests per org; stay well below.
    max_concurrency: int = 4
    ca_bundle: str | None = None
    timeout_seconds: float = 10.0


class WebhookConfig(Section):
    secret: SecretStr | None = None
    signature_header: str = "X-Trig-Signature"
    timeout_seconds: float = 10.0
    # Hosts (exact names) or networks (CIDR, or one IP) a webhook may call even though
    # they are loopback, link-local or private, or whose URL embeds credentials. Empty:
    # public addresses only. From the environment: a comma-separated list.
    allowed_destinations: list[str] = []

    @field_validator("allowed_destinations", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value


class SenderConfig(Section):
    from_address: str | None = Field(default=None, alias="from")
    reply_to: str | None = None
    # RFC 8058 one-click unsubscribe: an https URL ({attribute} and {recipient_hash}
    # placeholders) and optionally a mailbox, sent as List-Unsubscribe headers.
    unsubscribe_url: str | None = None
    unsubscribe_mailto: str | None = None
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class FrequencyCapConfig(Section):
    # None disables the cap; counts emails sent by trig to one address across all jobs.
    max_emails: int | None = 3
    window_days: int = 7


class RetryConfig(Section):
    # Transient failures (5xx, refused connections) before giving up; 429s do not count.
    max_attempts: int = 5
    # Overall time budget for one action, rate-limit waits included.
    max_total_seconds: float = 300.0
    initial_wait_seconds: float = 0.5
    max_wait_seconds: float = 60.0


class FreshnessThreshold(Section):
    """Like dbt source freshness: `{count: 24, period: hour}`."""

    count: int = Field(gt=0)
    period: Literal["minute", "hour", "day"]

    def as_timedelta(self) -> timedelta:
        return timedelta(**{f"{self.period}s": self.count})

    def describe(self) -> str:
        return f"{self.count} {self.period}{'s' if self.count != 1 else ''}"


class FreshnessConfig(Section):
    # `trig activate` refuses a last build older than this; null disables the check.
    error_after: FreshnessThreshold | None = FreshnessThreshold(count=24, period="hour")
    # ... and only warns (on stderr) past this one.
    warn_after: FreshnessThreshold | None = None


CLOCK_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])\Z")


def clock_time(value: Any) -> time:
    """'21:00' -> time(21, 0); 24-hour HH:MM only, so '9pm' or '21h' cannot be misread."""
    if isinstance(value, time):
        return value
    if isinstance(value, int) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 21:00 as the base-60 number 1260.
        raise ValueError(
            f'write the time in quotes ("{value // 60:02d}:{value % 60:02d}"): '
            f"unquoted, YAML reads it as the number {value}"
        )
    match = CLOCK_TIME.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f'{value!r} is not a 24-hour time like "21:00"')
    return time(int(match.group(1)), int(match.group(2)))


def time_zone_name(value: Any) -> str:
    if not isinstance(value, str) or not valid_time_zone(value):
        raise ValueError(f'{value!r} is not an IANA time zone name like "Europe/Paris"')
    return value


def valid_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def object_windows(value: Any) -> Any:
    if not isinstance(value, dict):
        return value  # pydantic says it must be a mapping
    for name, window in value.items():
        if window is not False and not isinstance(window, dict):
            raise ValueError(
                f'objects.{name} must be a window like {{start: "21:00", end: "08:00"}}, '
                "or false for no quiet hours"
            )
    return value


class QuietWindow(Section):
    """A daily window, in the recipient's local time, in which messages wait."""

    start: time
    end: time

    _times = field_validator("start", "end", mode="before")(lambda cls, v: clock_time(v))

    @model_validator(mode="after")
    def _not_empty(self) -> QuietWindow:
        if self.start == self.end:
            raise ValueError("start and end are equal (an empty window); remove it instead")
        return self


class QuietHoursConfig(Section):
    """`quiet_hours:` in trig.yml (docs/decisions/118-quiet-hours.md)."""

    start: time
    end: time
    # Attribute (of the person, then of the organisation) naming the recipient's IANA
    # time zone; without it, or when it is empty, default_time_zone applies.
    time_zone_attribute: str | None = None
    # The workspace's time zone; UTC when not set.
    default_time_zone: str = "UTC"
    channels: list[Literal["email", "slack", "webhook", "hubspot", "salesforce"]] = ["email"]
    # Per object (job, behaviour, stage): its own window, or `false` for none.
    objects: dict[str, QuietWindow | Literal[False]] = {}

    _times = field_validator("start", "end", mode="before")(lambda cls, v: clock_time(v))
    _objects = field_validator("objects", mode="before")(lambda cls, v: object_windows(v))
    _zone = field_validator("default_time_zone", mode="before")(lambda cls, v: time_zone_name(v))

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHoursConfig:
        if self.start == self.end:
            raise ValueError("start and end are equal (an empty window); remove quiet_hours")
        return self

    def window_for(self, object_name: str) -> QuietWindow | None:
        """The window that applies to an object's messages (None: no quiet hours)."""
        override = self.objects.get(object_name)
        if override is False:
            return None
        return override or QuietWindow(start=self.start, end=self.end)


class RunnerConfig(Section):
    sendgrid: SendGridConfig = SendGridConfig()
    slack: SlackConfig = SlackConfig()
    hubspot: HubSpotConfig = HubSpotConfig()
    salesforce: SalesforceConfig = SalesforceConfig()
    webhook: WebhookConfig = WebhookConfig()
    sender: SenderConfig = SenderConfig()
    frequency_cap: FrequencyCapConfig = FrequencyCapConfig()
    retries: RetryConfig = RetryConfig()
    freshness: FreshnessConfig = FreshnessConfig()
    outbox_dir: Path = Path("outbox")
    # Force every channel to the outbox, even when provider credentials are present.
    outbox_only: bool = False
    batch_size: int = 1000
    concurrency: int = 8
    # Provider calls whose intent is written in one statement (default 8 x concurrency).
    # At most 2 x chunk_size actions are between intent and recorded outcome: bigger
    # chunks mean fewer warehouse round trips, and more actions left `unknown` if the
    # process is killed.
    chunk_size: int | None = None
    # A claim older than this whose runner cannot be proven alive is treated as abandoned.
    claim_lease_seconds: int = 900
    # How long to wait for another process holding a DuckDB file before giving up.
    lock_timeout_seconds: float = 60.0
    # Consecutive batches share one warehouse connection for at most this long, then the
    # runner lets go (on DuckDB: of the file, so dbt or another runner can take a turn).
    connection_hold_seconds: float = Field(default=2.0, ge=0)
    runner_schema: str | None = None
    quiet_hours: QuietHoursConfig | None = None


SECRET_FIELDS = {
    "sendgrid": "api_key",
    "slack": "token",
    "hubspot": "access_token",
    "salesforce": "access_token",
    "webhook": "secret",
}
# Conventional variable names, accepted besides TRIG_<SECTION>__<FIELD>.
CONVENTIONAL_SECRET_ENV = {
    ("sendgrid", "api_key"): "SENDGRID_API_KEY",
    ("slack", "token"): "SLACK_BOT_TOKEN",
    ("hubspot", "access_token"): "HUBSPOT_ACCESS_TOKEN",
    ("salesforce", "access_token"): "SALESFORCE_ACCESS_TOKEN",
    ("webhook", "secret"): "TRIG_WEBHOOK_SECRET",
}


def load_runner_config(
    config_path: Path | None,
    project_dir: Path,
    profile_secrets: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> RunnerConfig:
    env = dict(os.environ if environ is None else environ)
    data = _read_trig_yml(config_path, project_dir)
    _refuse_secrets_in_file(data)
    _merge_env(data, env)
    _merge_profile_secrets(data, profile_secrets or {})
    try:
        config = RunnerConfig.model_validate(data)
    except ValidationError as exc:
        raise _setting_error(exc) from None
    if not config.outbox_dir.is_absolute():
        config.outbox_dir = project_dir / config.outbox_dir
    for section, field in SECRET_FIELDS.items():
        secret = getattr(getattr(config, section), field)
        if secret is not None:
            register_secret(secret.get_secret_value())
    return config


def _setting_error(exc: ValidationError) -> TrigError:
    """The first problem, named by its path in trig.yml, with the nearest valid key for a
    misspelt one."""
    errors = exc.errors()
    # A misspelt key also makes its intended key "missing": name the misspelling first.
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    location = [str(part) for part in first["loc"] if not str(part).startswith("function-")]
    # Union members (`QuietWindow`, `literal[False]`) are pydantic's, not the user's.
    location = [part for part in location if part[:1].islower() or part.isdigit() or "_" in part]
    where = ".".join(location)
    message = str(first["msg"]).removeprefix("Value error, ")
    hint = "fix trig.yml or the matching TRIG_* environment variable"
    if first["type"] == "extra_forbidden" and location:
        known = _known_keys(location[:-1])
        nearest = difflib.get_close_matches(location[-1], known, n=1, cutoff=0.5)
        message = f"unknown key '{location[-1]}'"
        if nearest:
            hint = f"did you mean '{nearest[0]}'? valid keys: {', '.join(sorted(known))}"
        elif known:
            hint = f"valid keys: {', '.join(sorted(known))}"
    return TrigError(f"invalid runner setting {where}: {message}", hint)


def _known_keys(parent: list[str]) -> list[str]:
    """Field names of the settings section at `parent` (e.g. ['quiet_hours'])."""
    model: Any = RunnerConfig
    for part in parent:
        if model is QuietHoursConfig and part == "objects":
            model = "objects"
            continue
        if model == "objects":
            model = QuietWindow
            continue
        field = getattr(model, "model_fields", {}).get(part)
        annotation = getattr(field, "annotation", None)
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        model = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, Section)), None
        )
        if model is None:
            return []
    fields = getattr(model, "model_fields", {})
    return [info.alias or name for name, info in fields.items()]


def _read_trig_yml(config_path: Path | None, project_dir: Path) -> dict[str, Any]:
    path = config_path or project_dir / "trig.yml"
    if not path.exists():
        if config_path is not None:
            raise TrigError(f"config file {path} does not exist", "pass an existing --config")
        return {}
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise TrigError(f"{path} is not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise TrigError(f"{path} must be a mapping of settings")
    return data


def _refuse_secrets_in_file(data: dict[str, Any]) -> None:
    for section, field in SECRET_FIELDS.items():
        if isinstance(data.get(section), dict) and field in data[section]:
            env_name = f"TRIG_{section.upper()}__{field.upper()}"
            raise TrigError(
                f"trig.yml must not contain secrets ({section}.{field})",
                f"remove it and set {env_name} in the environment or the dbt profile",
            )


def _merge_env(data: dict[str, Any], env: dict[str, str]) -> None:
    """Apply TRIG_<FIELD> and TRIG_<SECTION>__<FIELD> variables over trig.yml."""
    fields = RunnerConfig.model_fields
    for (section, field), name in CONVENTIONAL_SECRET_ENV.items():
        if env.get(name):
            data.setdefault(section, {})[field] = env[name]
    for name, value in env.items():
        if not name.startswith("TRIG_"):
            continue
        key = name[len("TRIG_") :].lower()
        if "__" in key:
            section, field = key.split("__", 1)
            if section in fields:
                if not isinstance(data.get(section), dict):
                    data[section] = {}
                data[section][field] = value
        elif key in fields:
            data[key] = value


def _merge_profile_secrets(data: dict[str, Any], secrets: dict[str, Any]) -> None:
    """The profile's `trig:` block holds e.g. `sendgrid_api_key` or `slack_token`."""
    for section, field in SECRET_FIELDS.items():
        value = secrets.get(f"{section}_{field}")
        if value and not (isinstance(data.get(section), dict) and data[section].get(field)):
            data.setdefault(section, {})[field] = str(value)


# ---------------------------------------------------------------- dbt profiles


def find_profiles_dir(profiles_dir: Path | None, project_dir: Path) -> Path:
    if profiles_dir is not None:
        return profiles_dir
    if os.environ.get("DBT_PROFILES_DIR"):
        return Path(os.environ["DBT_PROFILES_DIR"])
    if (project_dir / "profiles.yml").exists():
        return project_dir
    return Path.home() / ".dbt"


def read_profile_target(
    project_dir: Path,
    profiles_dir: Path | None,
    target: str | None,
    profile: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Return (target name, rendered target mapping) the way dbt would pick them."""
    profile_name = profile or _profile_name_from_project(project_dir)
    path = find_profiles_dir(profiles_dir, project_dir) / "profiles.yml"
    if not path.exists():
        raise TrigError(f"no profiles.yml at {path}", "pass --profiles-dir or set DBT_PROFILES_DIR")
    profiles = yaml.safe_load(path.read_text()) or {}
    if profile_name not in profiles:
        raise TrigError(f"profile '{profile_name}' is not in {path}")
    rendered = _render_env_vars(profiles[profile_name])
    target_name = target or os.environ.get("DBT_TARGET") or rendered.get("target")
    outputs = rendered.get("outputs") or {}
    if target_name not in outputs:
        raise TrigError(
            f"target '{target_name}' is not defined in profile '{profile_name}'",
            f"choose one of: {', '.join(sorted(outputs)) or 'none defined'}",
        )
    return str(target_name), dict(outputs[target_name])


def _profile_name_from_project(project_dir: Path) -> str:
    path = project_dir / "dbt_project.yml"
    if not path.exists():
        raise TrigError(
            f"no dbt_project.yml in {project_dir}",
            "run from your dbt project or pass --project-dir",
        )
    name = (yaml.safe_load(path.read_text()) or {}).get("profile")
    if not name:
        raise TrigError(f"{path} does not name a profile")
    return str(name)


def _env_var(name: str, default: str | None = None) -> str:
    if name in os.environ:
        return os.environ[name]
    if default is not None:
        return default
    raise TrigError(f"the dbt profile uses env_var('{name}'), which is not set")


_JINJA = SandboxedEnvironment()
_JINJA.globals["env_var"] = _env_var


def _render_env_vars(node: Any) -> Any:
    """Render `{{ env_var(...) }}` in string values, like dbt does for profiles."""
    if isinstance(node, dict):
        return {key: _render_env_vars(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_render_env_vars(value) for value in node]
    if isinstance(node, str) and "{{" in node:
        # Kept as text: a password made of digits must stay a string; ports are cast later.
        return _JINJA.from_string(node).render()
    return node
