"""S6 lock-out behind a proxy: django-axes keys lock-outs on username and client
address, and takes the address from the trusted proxy's X-Forwarded-For only when a
proxy is configured (TRUSTED_PROXY_COUNT); otherwise REMOTE_ADDR, the header ignored."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.roles import PASSWORD, world  # noqa: F401
from wgec.client_ip import client_ip

PROXY = "10.0.0.2"


def _login(client, password, *, forwarded=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "coord1", "password": password}, **headers)


def _fail_five_times(forwarded=None, remote=PROXY):
    client = Client()
    codes = [_login(client, "wrong", forwarded=forwarded, remote=remote).status_code for _ in range(5)]
    assert codes[-1] == 429, codes


def test_behind_the_proxy_one_address_does_not_lock_the_account_for_another(world, settings):
    """S6: with one trusted proxy, five failures from 203.0.113.5 lock coord1 there only;
    coord1 logs in from 198.51.100.7 through the same proxy. A client that puts a fake
    address in front of the header cannot choose its key either."""
    settings.TRUSTED_PROXY_COUNT = 1
    _fail_five_times(forwarded="203.0.113.5")
    assert _login(Client(), PASSWORD, forwarded="203.0.113.5").status_code == 429
    # Spoofing a left-hand entry does not escape: the proxy appended the real address.
    assert _login(Client(), PASSWORD, forwarded="198.51.100.99, 203.0.113.5").status_code == 429
    assert _login(Client(), PASSWORD, forwarded="198.51.100.7").status_code == 302


def test_without_a_proxy_the_forwarded_header_is_ignored(world, settings):
    """S6: no proxy configured: failures with a different X-Forwarded-For each time all
    count against REMOTE_ADDR, and a new header does not get round the lock."""
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client()
    for n in range(5):
        response = _login(client, "wrong", forwarded=f"192.0.2.{n}", remote="198.51.100.20")
    assert response.status_code == 429
    assert _login(Client(), PASSWORD, forwarded="192.0.2.200", remote="198.51.100.20").status_code == 429
    # Another real address is not locked.
    assert _login(Client(), PASSWORD, remote="198.51.100.21").status_code == 302


@pytest.mark.parametrize("count, header, expected", [
    (0, "203.0.113.5", "10.0.0.2"),
    (1, "203.0.113.5", "203.0.113.5"),
    (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),
    (2, "1.2.3.4, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
    (2, "203.0.113.5", "10.0.0.2"),       # fewer entries than proxies: not through them
    (1, "not-an-address", "10.0.0.2"),
    (1, "", "10.0.0.2"),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_client_ip(rf, settings, count, header, expected):
    """S6: the address rule itself, proxies counted from the right."""
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected
