"""Refuse what another web site could make the person's browser do: the one guard of the app.

The app listens on the person's own machine and has no login, so any page open in their browser
could post a form to it (cross-site request forgery) or, by pointing its own domain name at
127.0.0.1, read it as if it were the same site (DNS rebinding). Two checks stop both:

- **Host**: every request must name this machine (localhost, 127.0.0.1, [::1]), the address the
  connection arrived on, or a host the settings allow ("*": any, only ever set by the person).
  Listening on every interface (`serve --host 0.0.0.0`) adds this machine's names and any IP
  address: an address cannot be rebound, and the one a browser used may not be the one the
  connection arrived on (port forwarding, a container). A rebinding page's requests carry its
  own domain name, so they are refused, reads included.
- **Origin**: a POST, PUT, PATCH or DELETE, and every WebSocket, that says where it comes from
  (`Origin`, else `Referer`) must come from this very site. A request that says neither (curl,
  scripts, the CLI) is let through: browsers always send one of them on a cross-site form post.

A pure ASGI middleware, so it sees HTTP and WebSocket alike and runs before any route.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Collection
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from strongback.limits import whole_number

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
ANY_HOST = "*"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Application close codes (4000-4999) are named after their HTTP cousins, as in coach/web.py.
WEBSOCKET_FORBIDDEN = 4403
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HTTP_SCHEMES = {"http": "http", "https": "https", "ws": "http", "wss": "https"}

Refusal = Callable[[Request, str], Response]


def split_host(value: str) -> tuple[str, int | None]:
    """'Example.org:8000' → ('example.org', 8000); '[::1]:80' → ('::1', 80); a bad port → None."""
    value = value.strip().lower()
    port_text = ""
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif value.count(":") == 1:
        host, _, port_text = value.partition(":")
    else:
        host = value  # a bare name, or an unbracketed IPv6 address
    port = whole_number(port_text, 65535)
    return host.rstrip("."), port


class RequestGuard:
    """Refuse requests to a host other than this machine, and unsafe cross-site requests.

    `allowed_hosts` adds names to the loopback ones ("*" allows any host; the origin is still
    checked); `any_address` allows every IP address as the host, not only the one a connection
    arrived on. `refuse` renders the 403 an HTTP request gets.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Collection[str],
        refuse: Refusal,
        any_address: bool = False,
    ) -> None:
        self.app = app
        self.any_host = ANY_HOST in allowed_hosts
        self.any_address = any_address
        self.allowed_hosts = LOOPBACK_HOSTS | {split_host(h)[0] for h in allowed_hosts}
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        problem = self.problem(scope)
        if problem is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            # Closing before accepting refuses the handshake; the reason is at most 123 bytes.
            reason = problem.encode()[:123].decode(errors="ignore")
            await send({"type": "websocket.close", "code": WEBSOCKET_FORBIDDEN, "reason": reason})
        else:
            response = self.refuse(Request(scope), problem)
            await response(scope, receive, send)

    def problem(self, scope: Scope) -> str | None:
        """Why this request is refused, in words; None when it may go on."""
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host_header = headers.get("host")
        if host_header is not None and not self._host_allowed(host_header, scope):
            host = split_host(host_header)[0]
            return (
                f"This server does not answer to the host name '{host}'. Open strongback at "
                "http://127.0.0.1 or http://localhost with its port instead."
            )
        if scope["type"] == "http" and scope["method"] not in UNSAFE_METHODS:
            return None
        claimed = headers.get("origin")
        if claimed is None:
            referer = headers.get("referer")
            if referer is None:
                return None  # not a browser's cross-site request: curl, a script, the CLI
            claimed = _origin_of(referer)
        if _same_origin(claimed, _own_origin(scope, host_header)):
            return None
        return (
            f"Refused: this request came from another site ({claimed or 'unknown'}), and "
            "strongback only takes changes from its own pages. Nothing was changed."
        )

    def _host_allowed(self, host_header: str, scope: Scope) -> bool:
        if self.any_host:
            return True
        host, _ = split_host(host_header)
        if host in self.allowed_hosts:
            return True
        # The address the connection arrived on (`strongback serve --host 192.168.1.5`), or any
        # address when listening on all of them: an address, unlike a name, cannot be rebound
        # by another site's DNS.
        if not _is_address(host):
            return False
        if self.any_address:
            return True
        server = scope.get("server")
        return server is not None and host == str(server[0]).lower()


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _origin_of(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _own_origin(scope: Scope, host_header: str | None) -> tuple[str, str, int | None]:
    scheme = _HTTP_SCHEMES.get(scope.get("scheme", "http"), "http")
    if host_header is not None:
        host, port = split_host(host_header)
    else:
        server = scope.get("server") or ("", None)
        host, port = str(server[0]).lower(), server[1]
    return scheme, host, port or _DEFAULT_PORTS.get(scheme)


def _same_origin(claimed: str, own: tuple[str, str, int | None]) -> bool:
    """Whether an Origin (scheme://host[:port]) names this very site; "null" never does."""
    parts = urlsplit(claimed.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc or parts.path not in ("", "/"):
        return False
    host, port = split_host(parts.netloc)
    return (scheme, host, port or _DEFAULT_PORTS[scheme]) == own
