"""The client's address for log-in lock-outs (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

Without a proxy (``TRUSTED_PROXY_COUNT`` 0, the default) the address is REMOTE_ADDR and
any X-Forwarded-For header is ignored: a client could write anything there.

Behind ``TRUSTED_PROXY_COUNT`` = N proxies, each proxy appends to X-Forwarded-For the
address it received the request from, so the N-th entry from the right was written by
the outermost trusted proxy and is the client's address; entries further left are the
client's own claims and are never used. Keyed on username *and* this address, a
lock-out no longer locks an account for everyone behind the proxy.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address (text, IPv4 or IPv6) or None when the request has none.

    Falls back to REMOTE_ADDR when a proxy is configured but the header holds fewer than
    N addresses or the N-th is not an address (the request did not come through the
    proxies, or one of them is misconfigured).
    """
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
