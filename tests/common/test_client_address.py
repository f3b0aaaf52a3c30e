"""The rate limits count visitors, also behind the proxies the README puts in front."""

import pytest
from django.test import RequestFactory

from common.abuse import client_address, client_key, rate_limit_exceeded
from kokebok.checks import proxy_count_is_set_behind_a_proxy

PROXY = "10.0.0.5"


def request_from(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/send-inn/", REMOTE_ADDR=remote, **extra)


def test_without_proxies_a_forwarded_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"
    # So a visitor cannot dodge the limit by sending a new X-Forwarded-For each time.
    assert client_key(request_from("198.51.100.7", "1.1.1.1")) == client_key(
        request_from("198.51.100.7", "2.2.2.2")
    )


@pytest.mark.parametrize(
    ("forwarded", "count", "expected"),
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        # What the visitor sent stands to the left of what our proxy appended.
        ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9, 10.0.0.9", 2, "203.0.113.9"),
        ("", 1, PROXY),  # no header: the nearest address is all there is
    ],
)
def test_behind_proxies_the_visitor_is_the_address_our_nearest_proxy_saw(
    settings, forwarded, count, expected
):
    settings.PROXY_COUNT = count
    assert client_address(request_from(PROXY, forwarded)) == expected


@pytest.mark.django_db
def test_behind_a_proxy_each_visitor_has_their_own_limit(settings):
    settings.PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pitch": 2}
    first, second = "203.0.113.1", "203.0.113.2"
    results = [rate_limit_exceeded(request_from(PROXY, first), "pitch") for _ in range(3)]
    assert results == [False, False, True]
    assert rate_limit_exceeded(request_from(PROXY, f"{first}, {second}"), "pitch") is False


def test_an_ipv6_home_network_counts_as_one_client(settings):
    settings.PROXY_COUNT = 0
    one_home = ("2001:db8:1:2::10", "2001:db8:1:2:ffff::1")
    other_home = "2001:db8:1:3::10"
    assert client_key(request_from(one_home[0])) == client_key(request_from(one_home[1]))
    assert client_key(request_from(one_home[0])) != client_key(request_from(other_home))
    assert client_key(request_from("::ffff:203.0.113.1")) == client_key(request_from("203.0.113.1"))


def test_deploy_check_warns_when_a_proxy_is_named_but_not_counted(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.PROXY_COUNT = 0
    assert [w.id for w in proxy_count_is_set_behind_a_proxy(None)] == ["kokebok.W001"]
    settings.PROXY_COUNT = 1
    assert proxy_count_is_set_behind_a_proxy(None) == []
