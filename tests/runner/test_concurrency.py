"""Two runners started at once: each action is performed exactly once."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.fakes.server import Fault
from tests.runner.conftest import sendgrid_env
from tests.runner.helpers import email_rows


@pytest.mark.parametrize("warehouse", ["duck", pytest.param("pg", marks=pytest.mark.postgres)])
def test_two_runners_at_once_send_each_action_once(warehouse, request, sendgrid):
    project = request.getfixturevalue(warehouse)
    rows = email_rows(240)
    project.add_actions(rows)
    project.env = {**sendgrid_env(sendgrid), "TRIG_BATCH_SIZE": "4", "TRIG_CONCURRENCY": "2"}
    sendgrid.fault_plan = lambda n, r: Fault(delay=0.002)

    runners = [project.spawn("activate", "--json") for _ in range(2)]
    results = [runner.communicate(timeout=120) for runner in runners]

    assert [runner.returncode for runner in runners] == [0, 0], results
    received = Counter(sendgrid.action_ids())
    assert set(received) == {row["action_id"] for row in rows}
    assert max(received.values()) == 1
    assert project.statuses() == {"sent": 240}
