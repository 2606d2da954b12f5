"""SIGKILL the runner at several points of a large batch, rerun, and check that nothing
was lost and nothing duplicated, except actions whose provider call the kill interrupted
(or whose outcome it prevented from being written): those are `unknown`, never resent."""

from __future__ import annotations

import signal
import time
from collections import Counter

import pytest
from trig_lifecycle.pipeline import DEFAULT_CHUNK_FACTOR

from tests.fakes.server import Fault
from tests.runner.conftest import sendgrid_env
from tests.runner.helpers import email_rows, invoke_assert_code

CONCURRENCY = 4
# Actions between an intent write and their outcomes: at most two chunks (the window).
IN_FLIGHT = 2 * CONCURRENCY * DEFAULT_CHUNK_FACTOR


def received_action_ids(server) -> Counter:
    # a runner killed mid-request can leave the fake a request without a (complete) body:
    # that is not a delivery
    return Counter(
        r.json()["personalizations"][0]["custom_args"]["trig_action_id"]
        for r in server.requests
        if isinstance(r.json(), dict)
    )


@pytest.mark.parametrize(
    "mode, kill_at",
    [("hang", 1), ("hang", 123), ("slow", 260)],
    ids=["inside-first-call", "inside-call-mid-batch", "between-calls-late"],
)
def test_kill_then_rerun_loses_and_duplicates_nothing(duck, sendgrid, mode, kill_at):
    rows = email_rows(300)
    duck.add_actions(rows)
    duck.env = {
        **sendgrid_env(sendgrid),
        "TRIG_CONCURRENCY": str(CONCURRENCY),
        "TRIG_BATCH_SIZE": "100",
        "TRIG_FREQUENCY_CAP__MAX_EMAILS": "10",
    }
    if mode == "hang":
        sendgrid.fault_plan = lambda n, r: Fault(hang=True) if n == kill_at else None
    else:
        sendgrid.fault_plan = lambda n, r: Fault(delay=0.003)

    runner = duck.spawn("activate")
    assert sendgrid.wait_for_requests(kill_at, timeout=30), runner.communicate()
    if mode == "hang":
        time.sleep(0.3)  # let the rest of that chunk finish while one call hangs
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    sendgrid.fault_plan = None
    sendgrid.release()

    # The recovery run marks the interrupted calls `unknown`: an operator must look (exit 1).
    invoke_assert_code(1, ["activate", *duck.args], env=duck.env)

    received = received_action_ids(sendgrid)
    ledger = duck.ledger()
    statuses = {row["action_id"]: ledger[row["action_id"]][0] for row in rows}
    assert set(statuses.values()) <= {"sent", "unknown"}
    assert max(received.values()) == 1, "an action was sent twice"
    for action_id, status in statuses.items():
        if status == "sent":
            assert received[action_id] == 1, "a `sent` action never reached the provider"
        else:
            assert received[action_id] <= 1
    unknown = [a for a, s in statuses.items() if s == "unknown"]
    assert len(unknown) <= IN_FLIGHT
    if mode == "hang":
        hung = sendgrid.requests[kill_at - 1].json()["personalizations"][0]["custom_args"]
        assert statuses[hung["trig_action_id"]] == "unknown"
    # A third run changes nothing.
    before = len(sendgrid.requests)
    invoke_assert_code(0, ["activate", *duck.args], env=duck.env)
    assert len(sendgrid.requests) == before


def test_unknown_can_be_replayed_deliberately(duck, sendgrid):
    rows = email_rows(20)
    duck.add_actions(rows)
    duck.env = {**sendgrid_env(sendgrid), "TRIG_CONCURRENCY": "2"}
    sendgrid.fault_plan = lambda n, r: Fault(hang=True) if n == 1 else None
    runner = duck.spawn("activate")
    assert sendgrid.wait_for_requests(1, timeout=30)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    sendgrid.fault_plan = None
    sendgrid.release()
    invoke_assert_code(1, ["activate", *duck.args], env=duck.env)
    unknown = [a for a, (s, _) in duck.ledger().items() if s == "unknown"]
    assert unknown

    invoke_assert_code(0, ["replay", "--status", "unknown", *duck.args], env=duck.env)
    invoke_assert_code(0, ["activate", *duck.args], env=duck.env)

    assert set(duck.statuses()) == {"sent"}
    assert all(received_action_ids(sendgrid)[a] >= 1 for a in unknown)


def test_a_recovery_that_marks_unknown_exits_1_and_says_where_to_look(duck, sendgrid):
    duck.add_actions(email_rows(10))
    duck.env = {**sendgrid_env(sendgrid), "TRIG_CONCURRENCY": "2"}
    sendgrid.fault_plan = lambda n, r: Fault(hang=True) if n == 1 else None
    runner = duck.spawn("activate")
    assert sendgrid.wait_for_requests(1, timeout=30)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    sendgrid.fault_plan = None
    sendgrid.release()

    result = invoke_assert_code(1, ["activate", *duck.args], env=duck.env)

    assert "marked unknown" in result.stdout
    assert "trig status" in result.stdout and "trig replay --status unknown" in result.stdout
    # The next run has nothing new to report: back to 0.
    invoke_assert_code(0, ["activate", *duck.args], env=duck.env)
