"""Where a webhook may be sent: public addresses only, unless the operator allows more.

A webhook URL comes from configuration and, through placeholders or the pending-action
row, possibly from data. Without a check, a URL could make the runner call the cloud
metadata service (169.254.169.254), an internal admin port or a private network, or
carry credentials. The host is resolved and every address it resolves to must be a
public one; `webhook.allowed_destinations` names hosts or networks allowed anyway.
See docs/decisions/110-webhook-destinations.md.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from urllib.parse import urlsplit

from ..config import WebhookConfig

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def refused_destination(url: str, config: WebhookConfig) -> str | None:
    """None when `url` may be called; otherwise the reason it is refused."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    allowed = _allowed_by_name(host, config.allowed_destinations)
    if (parts.username is not None or parts.password is not None) and not allowed:
        return "refused webhook destination: the URL embeds credentials (use the signing secret)"
    if allowed:
        return None
    addresses = _resolve(host)
    if addresses is None:
        return None  # unresolvable now: the call fails as a connection error, nothing leaks
    for address in addresses:
        kind = _non_public_kind(address)
        if kind and not _allowed_by_network(address, config.allowed_destinations):
            return (
                f"refused webhook destination: {host} is a {kind} address ({address}); "
                "list it in webhook.allowed_destinations if it is meant"
            )
    return None


def _non_public_kind(address: IPAddress) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("private", address.is_private),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("non-public", not address.is_global),
    )
    return next((kind for kind, matched in checks if matched), None)


def _allowed_by_name(host: str, allowed: list[str]) -> bool:
    return any(entry.strip().lower().rstrip(".") == host for entry in allowed)


def _allowed_by_network(address: IPAddress, allowed: list[str]) -> bool:
    for entry in allowed:
        try:
            network = ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            continue  # a host name, matched by _allowed_by_name
        if address.version == network.version and address in network:
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _resolve(host: str) -> tuple[IPAddress, ...] | None:
    """Every address `host` resolves to (a literal IP is itself); None if it does not."""
    try:
        return (ipaddress.ip_address(host),)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return None
    # Drop an IPv6 zone id ("fe80::1%eth0") before parsing.
    return tuple({ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos})
