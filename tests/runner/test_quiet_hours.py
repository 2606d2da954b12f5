"""Quiet hours in the recipient's time zone: deferred (recorded), never dropped, sent later.

The runner reads the real clock, so the tests pick each recipient's time zone relative to
the current UTC hour (fixed-offset IANA zones `Etc/GMT±N`): a recipient for whom it is
now 03:xx is inside 21:00-08:00, one for whom it is 13:xx is outside.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time

import pytest
import yaml
from trig_lifecycle.config import QuietWindow, load_runner_config
from trig_lifecycle.quiet_hours import quiet_until

from tests.docs.readme import checked
from tests.runner.conftest import sendgrid_env
from tests.runner.helpers import action_row, invoke_assert_code

NIGHT = {"start": "21:00", "end": "08:00"}


def zone_where_it_is(hour: int) -> str:
    """An IANA zone whose local hour is `hour` now (Etc/GMT signs are inverted)."""
    offset = (hour - datetime.now(UTC).hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


def write_quiet_hours(project, quiet_hours: dict) -> None:
    path = project.directory / "trig.yml"
    settings = yaml.safe_load(path.read_text())
    settings["quiet_hours"] = quiet_hours
    path.write_text(yaml.safe_dump(settings))


def attribute_tables(project, people: dict[str, str | None], orgs: dict[str, str | None]):
    for table, key, rows in (
        ("trig_person_attributes", "person_id", people),
        ("trig_organisation_attributes", "organisation_id", orgs),
    ):
        project.execute(f"create table {project.table(table)} ({key} varchar, time_zone varchar)")
        for entity_id, zone in rows.items():
            project.execute(
                f"insert into {project.table(table)} values (:i, :z)", {"i": entity_id, "z": zone}
            )


@pytest.mark.parametrize(
    ("now", "zone", "window", "expected"),
    [
        # 22:30 in Paris (CET, UTC+1): waits until 08:00 the next morning = 07:00 UTC
        (datetime(2024, 1, 10, 21, 30), "Europe/Paris", NIGHT, datetime(2024, 1, 11, 7, 0)),
        # 03:30 in Paris after midnight: same morning
        (datetime(2024, 1, 10, 2, 30), "Europe/Paris", NIGHT, datetime(2024, 1, 10, 7, 0)),
        # the night clocks go forward (31 March 2024, 02:00 -> 03:00): 08:00 CEST = 06:00 UTC
        (datetime(2024, 3, 31, 1, 30), "Europe/Paris", NIGHT, datetime(2024, 3, 31, 6, 0)),
        # 12:00 in Paris: outside
        (datetime(2024, 1, 10, 11, 0), "Europe/Paris", NIGHT, None),
        # the end is excluded: 08:00 local is outside
        (datetime(2024, 1, 10, 7, 0), "Europe/Paris", NIGHT, None),
        # a daytime window (12:00-14:00) in New York (EST, UTC-5)
        (
            datetime(2024, 1, 10, 17, 30),
            "America/New_York",
            {"start": "12:00", "end": "14:00"},
            datetime(2024, 1, 10, 19, 0),
        ),
    ],
)
def test_window_end_in_the_recipients_zone(now, zone, window, expected):
    from zoneinfo import ZoneInfo

    assert quiet_until(now, ZoneInfo(zone), QuietWindow(**window)) == expected


def test_deferred_in_quiet_hours_then_sent_by_a_later_run(project, sendgrid):
    night, day = zone_where_it_is(3), zone_where_it_is(13)
    rows = [
        action_row(recipient="night@example.com", entity_id="p_night"),
        action_row(recipient="day@example.com", entity_id="p_day"),
        # no zone of their own: the organisation's applies
        action_row(recipient="org@example.com", entity_id="p_org"),
        # not a time zone: the workspace default applies, and the run says so
        action_row(recipient="mars@example.com", entity_id="p_mars"),
        # Slack is not in quiet_hours.channels (email only by default)
        action_row("slack", "#cs", {"text": "hello"}, entity_id="p_night"),
    ]
    for row in rows:
        row["organisation_id"] = "o_night" if row["entity_id"] == "p_org" else "o_day"
    project.add_actions(rows)
    attribute_tables(
        project,
        {"p_night": night, "p_day": day, "p_org": None, "p_mars": "Mars/Olympus_Mons"},
        {"o_night": night, "o_day": None},
    )
    write_quiet_hours(
        project, {**NIGHT, "time_zone_attribute": "time_zone", "default_time_zone": day}
    )
    env = sendgrid_env(sendgrid)

    first = invoke_assert_code(0, ["activate", "--json", *project.args], env=env)

    report = json.loads(first.stdout)
    assert report["counts"] == {"deferred": 2, "sent": 3}
    assert sorted(sendgrid.recipients()) == ["day@example.com", "mars@example.com"]
    assert any("Mars/Olympus_Mons" in warning for warning in report["warnings"])
    ledger = project.ledger()
    for row in rows[0], rows[2]:
        status, reason = ledger[row["action_id"]]
        assert status == "deferred"
        assert f"quiet hours 21:00-08:00 in {night}: waits until" in reason
    (not_before,) = project.query(
        f"select not_before from {project.table('trig_delivery_ledger')} where action_id = :a",
        {"a": rows[0]["action_id"]},
    )[0]
    assert datetime.now(UTC).replace(tzinfo=None) < not_before

    # A run during the same night sends nothing and keeps them deferred.
    again = invoke_assert_code(0, ["activate", "--json", *project.args], env=env)
    assert json.loads(again.stdout)["counts"] == {}
    assert project.statuses() == {"deferred": 2, "sent": 3}

    # Morning comes: the deferral has expired, and it is outside the window for them
    # (a window that ends before their local 03:xx stands for "now is later than 08:00").
    project.execute(
        f"update {project.table('trig_delivery_ledger')} set not_before = :past "
        "where status = 'deferred'",
        {"past": datetime(2000, 1, 1)},
    )
    write_quiet_hours(
        project,
        {"start": "01:00", "end": "02:00", "time_zone_attribute": "time_zone"},
    )
    later = invoke_assert_code(0, ["activate", "--json", *project.args], env=env)

    report = json.loads(later.stdout)
    assert report["counts"] == {"sent": 2} and report["released_deferred"] == 2
    assert project.statuses() == {"sent": 5}
    recipients = sendgrid.recipients()
    assert sorted(recipients) == sorted(
        ["day@example.com", "mars@example.com", "night@example.com", "org@example.com"]
    )


def test_a_job_can_opt_out_or_have_its_own_window(duck, sendgrid):
    rows = [
        action_row(recipient="a@example.com", object_name="incident_alert"),
        action_row(recipient="b@example.com", object_name="onboarding_nudge"),
    ]
    duck.add_actions(rows)
    # Everyone is in the default zone (UTC); the default window covers every hour but
    # one, the job's own window never contains this hour.
    hour = datetime.now(UTC).hour
    whole_day = {"start": f"{(hour + 2) % 24:02d}:00", "end": f"{(hour + 1) % 24:02d}:00"}
    never_now = {"start": f"{(hour + 3) % 24:02d}:00", "end": f"{(hour + 4) % 24:02d}:00"}
    write_quiet_hours(duck, {**whole_day, "objects": {"incident_alert": False}})

    result = invoke_assert_code(0, ["activate", "--json", *duck.args], env=sendgrid_env(sendgrid))

    assert json.loads(result.stdout)["counts"] == {"deferred": 1, "sent": 1}
    assert sendgrid.recipients() == ["a@example.com"]
    write_quiet_hours(duck, {**never_now, "objects": {"incident_alert": whole_day}})
    duck.execute("update trig_delivery_ledger set not_before = '2000-01-01'")
    invoke_assert_code(0, ["activate", *duck.args], env=sendgrid_env(sendgrid))
    assert sorted(sendgrid.recipients()) == ["a@example.com", "b@example.com"]


def test_dry_run_shows_deferral_and_removing_quiet_hours_releases_what_waits(duck, sendgrid):
    duck.add_actions([action_row()])
    hour = datetime.now(UTC).hour
    write_quiet_hours(duck, {"start": f"{hour:02d}:00", "end": f"{(hour + 1) % 24:02d}:00"})
    env = sendgrid_env(sendgrid)

    preview = invoke_assert_code(0, ["activate", "--dry-run", "--json", *duck.args], env=env)
    assert json.loads(preview.stdout)["counts"] == {"deferred": 1}
    assert duck.query("select count(*) from trig_delivery_ledger") == [(0,)]
    deferred = invoke_assert_code(0, ["activate", *duck.args], env=env)
    assert "1 action(s) deferred by quiet hours" in deferred.stdout
    assert duck.statuses() == {"deferred": 1}

    (duck.directory / "trig.yml").write_text("retries: {initial_wait_seconds: 0.01}\n")
    invoke_assert_code(0, ["activate", *duck.args], env=env)

    assert duck.statuses() == {"sent": 1} and sendgrid.recipients() == ["ada@example.com"]


@pytest.mark.parametrize(
    ("quiet_hours", "message"),
    [
        (
            {"strat": "21:00", "end": "08:00"},
            "quiet_hours.strat: unknown key 'strat'. did you mean 'start'?",
        ),
        ({"start": "9pm", "end": "08:00"}, "quiet_hours.start: '9pm' is not a 24-hour time"),
        ({"start": 1260, "end": "08:00"}, 'write the time in quotes ("21:00")'),
        (
            {**NIGHT, "default_time_zone": "Europe/Pairs"},
            "quiet_hours.default_time_zone: 'Europe/Pairs' is not an IANA time zone",
        ),
        ({"start": "21:00", "end": "21:00"}, "start and end are equal"),
        (
            {**NIGHT, "objects": {"onboarding_nudge": {"start": "20:00", "ned": "07:00"}}},
            "quiet_hours.objects.onboarding_nudge.ned: unknown key 'ned'. did you mean 'end'?",
        ),
        (
            {**NIGHT, "objects": {"onboarding_nudg": False}},
            "quiet_hours.objects.onboarding_nudg: no job, behaviour or stage of that name "
            "has actions in trig_pending_actions. did you mean 'onboarding_nudge'?",
        ),
        (
            {**NIGHT, "time_zone_attribute": "timezone"},
            "quiet_hours.time_zone_attribute: 'timezone' is not an attribute of "
            "trig_person_attributes or trig_organisation_attributes. did you mean 'time_zone'?",
        ),
    ],
)
def test_settings_are_checked_with_the_nearest_valid_name(duck, sendgrid, quiet_hours, message):
    duck.add_actions([action_row()])
    attribute_tables(duck, {"p1": "Europe/Paris"}, {})
    write_quiet_hours(duck, quiet_hours)

    result = invoke_assert_code(2, ["activate", *duck.args], env=sendgrid_env(sendgrid))

    assert message in " ".join((result.stdout + result.stderr).split())
    assert sendgrid.requests == []


def test_readme_runner_config_examples_load(tmp_path):
    examples = checked("runner-config")
    assert examples, "the README shows a trig.yml example"
    for example in examples:
        (tmp_path / "trig.yml").write_text(example.text)
        config = load_runner_config(None, tmp_path, {}, {})
        assert config.quiet_hours is not None, f"README.md line {example.line}"
        assert config.quiet_hours.window_for("incident_alert") is None


def test_clock_time_is_parsed_strictly():
    assert QuietWindow(start="07:05", end="23:59").start == time(7, 5)
