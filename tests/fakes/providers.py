"""Fake SendGrid, Slack, HubSpot, Salesforce and webhook receivers."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from pathlib import Path
from urllib.parse import parse_qs

from tests.fakes.server import FakeServer, RecordedRequest, Reply


def _bearer(request: RecordedRequest) -> str:
    return request.headers.get("authorization", "").removeprefix("Bearer ").strip()


class FakeSendGrid(FakeServer):
    """POST /v3/mail/send → 202 with X-Message-Id, like SendGrid."""

    def __init__(self, api_key: str = "SG.test-key.secret-part-123") -> None:
        super().__init__()
        self.api_key = api_key
        self.rejected_addresses: set[str] = set()
        # GET /v3/suppression/{bounces,unsubscribes,spam_reports}, paged with limit/offset.
        self.suppressions: dict[str, list[dict]] = {
            "bounces": [],
            "unsubscribes": [],
            "spam_reports": [],
        }

    def _suppressions(self, request: RecordedRequest) -> Reply:
        kind = request.path.removeprefix("/v3/suppression/").strip("/")
        if kind not in self.suppressions:
            return Reply(404, {"errors": [{"message": "not found"}]})
        limit = int((request.query.get("limit") or ["500"])[0])
        offset = int((request.query.get("offset") or ["0"])[0])
        return Reply(200, self.suppressions[kind][offset : offset + limit])

    def route(self, request: RecordedRequest) -> Reply:
        if _bearer(request) != self.api_key:
            return Reply(
                401, {"errors": [{"message": "The provided authorization grant is invalid"}]}
            )
        if request.method == "GET" and request.path.startswith("/v3/suppression/"):
            return self._suppressions(request)
        if request.method != "POST" or request.path != "/v3/mail/send":
            return Reply(404, {"errors": [{"message": "not found"}]})
        mail = request.json()
        to = mail["personalizations"][0]["to"][0]["email"]
        if to in self.rejected_addresses:
            return Reply(
                400,
                {
                    "errors": [
                        {
                            "message": "Does not contain a valid address.",
                            "field": "personalizations.0.to.0.email",
                        }
                    ]
                },
            )
        return Reply(202, None, {"X-Message-Id": uuid.uuid4().hex})

    def mails(self) -> list[dict]:
        return [r.json() for r in self.accepted() if r.path == "/v3/mail/send"]

    def action_ids(self) -> list[str]:
        return [m["personalizations"][0]["custom_args"]["trig_action_id"] for m in self.mails()]

    def recipients(self) -> list[str]:
        return [m["personalizations"][0]["to"][0]["email"] for m in self.mails()]


class FakeSlack(FakeServer):
    """chat.postMessage and users.lookupByEmail (HTTP 200 with ok true/false)."""

    def __init__(self, token: str = "xoxb-test-token-1234") -> None:
        super().__init__()
        self.token = token
        self.users = {"csm@example.com": "U0CSM"}
        self.channels = {"#wins", "#cs", "#alerts"}

    def route(self, request: RecordedRequest) -> Reply:
        if _bearer(request) != self.token:
            return Reply(200, {"ok": False, "error": "invalid_auth"})
        if request.path == "/api/users.lookupByEmail":
            form = parse_qs(request.body.decode()) if request.method == "POST" else {}
            email = (request.query.get("email") or form.get("email") or [""])[0]
            if email in self.users:
                return Reply(200, {"ok": True, "user": {"id": self.users[email]}})
            return Reply(200, {"ok": False, "error": "users_not_found"})
        if request.path == "/api/chat.postMessage":
            channel = request.json().get("channel")
            if channel not in self.channels:
                return Reply(200, {"ok": False, "error": "channel_not_found"})
            return Reply(
                200, {"ok": True, "channel": "C123", "ts": f"{uuid.uuid4().int % 10**6}.1"}
            )
        return Reply(404, {"ok": False, "error": "unknown_method"})

    def messages(self) -> list[dict]:
        return [
            r.json()
            for r in self.accepted()
            if r.path == "/api/chat.postMessage" and r.json() is not None
        ]


class FakeHubSpot(FakeServer):
    """PATCH /crm/v3/objects/{type}/{id} → 200 with the object."""

    def __init__(self, token: str = "pat-na1-test-token-5678") -> None:
        super().__init__()
        self.token = token
        self.missing_ids: set[str] = set()

    def route(self, request: RecordedRequest) -> Reply:
        if _bearer(request) != self.token:
            return Reply(
                401, {"status": "error", "message": "Authentication credentials not found"}
            )
        parts = request.path.strip("/").split("/")
        if request.method != "PATCH" or parts[:3] != ["crm", "v3", "objects"] or len(parts) != 5:
            return Reply(404, {"status": "error", "message": "unknown endpoint"})
        if parts[4] in self.missing_ids:
            return Reply(
                404,
                {
                    "status": "error",
                    "message": "resource not found",
                    "category": "OBJECT_NOT_FOUND",
                },
            )
        properties = request.json()["properties"]
        return Reply(
            200,
            {
                "id": parts[4],
                "properties": properties,
                "archived": False,
                "createdAt": "2024-01-01T00:00:00Z",
                "updatedAt": "2024-01-02T00:00:00Z",
            },
        )


class FakeSalesforce(FakeServer):
    """PATCH /services/data/vXX.X/sobjects/{Object}/{id} → 204, over TLS (client needs https)."""

    def __init__(self, certificate: tuple[Path, Path], token: str = "00Dtest!sessiontoken") -> None:
        super().__init__(certificate)
        self.token = token
        self.delay = 0.0

    def route(self, request: RecordedRequest) -> Reply:
        if _bearer(request) != self.token:
            return Reply(
                401, [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
            )
        parts = request.path.strip("/").split("/")
        if request.method != "PATCH" or len(parts) != 6 or parts[3] != "sobjects":
            return Reply(404, [{"message": "not found", "errorCode": "NOT_FOUND"}])
        if self.delay:
            import time

            time.sleep(self.delay)
        return Reply(204, None)


class FakeWebhook(FakeServer):
    """Any POST → 200; `verify(request, secret)` checks the signature the runner sent."""

    def route(self, request: RecordedRequest) -> Reply:
        return Reply(200, {"received": True})

    @staticmethod
    def signature_is_valid(request: RecordedRequest, secret: str) -> bool:
        timestamp = request.headers.get("x-trig-timestamp", "")
        expected = hmac.new(
            secret.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest(
            request.headers.get("x-trig-signature", ""), f"sha256={expected}"
        )
