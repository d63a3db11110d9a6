"""Sign-in and reset throttles: per address across networks, per network across addresses.

Before: ten failures an address were allowed again a minute later (45 in 4 minutes), one IP could
try 205 addresses in 2 minutes, a throttled address was accepted at once from another IP, and
8 resets from 8 IPs reached one inbox. The clock is moved by passing `now`, never by sleeping.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from community.errors import InvalidInput, RateLimited
from community.members.services import accounts, throttle
from tests.factories import PASSWORD, make_member
from tests.support import Page, add_member

T0 = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)
ADA = "ada@example.nhs.uk"


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def attempt(email: str, password: str, ip: str, at: datetime) -> str:
    """'in', 'wrong' or 'locked'."""
    try:
        accounts.authenticate(email, password, ip, now=at)
    except RateLimited:
        return "locked"
    except InvalidInput:
        return "wrong"
    return "in"


@pytest.mark.parametrize("failures, lock", [(1, 0), (4, 0), (5, 1), (6, 0), (9, 0), (10, 2), (15, 4),
                                            (20, 8), (30, 32), (35, 60), (100, 60)])
def test_each_five_failures_lock_for_twice_as_long_up_to_an_hour(failures, lock):
    assert throttle.lock_length(failures) == timedelta(minutes=lock)


def test_an_address_is_locked_across_networks_with_growing_delays(app, ctx):
    make_member(email=ADA)
    # Five failures, each from a different network.
    assert [attempt(ADA, "guess", f"10.0.0.{n}", minutes(n / 10)) for n in range(5)] == ["wrong"] * 5
    fifth = minutes(0.4)

    # Locked for a minute from the fifth failure, from anywhere, even with the right password.
    assert attempt(ADA, PASSWORD, "192.168.1.1", fifth + timedelta(seconds=59)) == "locked"
    assert attempt(ADA.upper(), PASSWORD, "10.9.9.9", fifth + timedelta(seconds=30)) == "locked"
    # Then five more tries, and a lock twice as long.
    later = fifth + timedelta(minutes=1, seconds=1)
    assert [attempt(ADA, "guess", "10.0.1.1", later + timedelta(seconds=n)) for n in range(5)] == ["wrong"] * 5
    tenth = later + timedelta(seconds=4)
    assert attempt(ADA, PASSWORD, "10.0.1.2", tenth + timedelta(minutes=1, seconds=59)) == "locked"
    assert attempt(ADA, PASSWORD, "10.0.1.2", tenth + timedelta(minutes=2, seconds=1)) == "in"


def test_an_attacker_gets_few_guesses_an_hour(app, ctx):
    make_member(email=ADA)
    tried, now = 0, T0
    while now < T0 + timedelta(hours=4):
        if attempt(ADA, "guess", f"10.1.{tried % 200}.{tried % 7}", now) == "wrong":
            tried += 1
        now += timedelta(seconds=20)
    # 5 a lock: 1+2+4+8+16+32+60+60+... minutes; once the cap is reached, 5 an hour.
    assert tried <= 60, tried


def test_signing_in_forgets_the_failures(app, ctx):
    make_member(email=ADA)
    assert [attempt(ADA, "guess", "10.0.0.1", minutes(0)) for _ in range(4)] == ["wrong"] * 4
    assert attempt(ADA, PASSWORD, "10.0.0.1", minutes(1)) == "in"
    assert [attempt(ADA, "guess", "10.0.0.1", minutes(2)) for _ in range(4)] == ["wrong"] * 4
    assert attempt(ADA, PASSWORD, "10.0.0.1", minutes(3)) == "in"


def test_failures_are_forgotten_after_a_day(app, ctx):
    make_member(email=ADA)
    for n in range(9):
        attempt(ADA, "guess", "10.0.0.1", minutes(n * 3))
    later = minutes(9 * 3 + 24 * 60)
    assert attempt(ADA, "guess", "10.0.0.1", later) == "wrong"  # one of five again, not the tenth
    assert attempt(ADA, PASSWORD, "10.0.0.1", later + timedelta(seconds=1)) == "in"


def test_one_network_may_fail_on_thirty_addresses_in_ten_minutes(app, ctx):
    make_member(email=ADA)
    ip = "203.0.113.7"
    results = [attempt(f"person{n}@example.nhs.uk", "guess", ip, minutes(n / 10)) for n in range(30)]
    assert results == ["wrong"] * 30

    assert attempt(ADA, PASSWORD, ip, minutes(5)) == "locked"
    assert attempt(ADA, PASSWORD, "198.51.100.1", minutes(5)) == "in"  # another network
    # Ten minutes after the first failures, the oldest age out.
    assert attempt(ADA, PASSWORD, ip, minutes(10.05)) == "in"


def test_reset_mail_goes_to_an_address_three_times_an_hour(app, ctx, outbox):
    make_member(email=ADA)
    for n in range(5):
        accounts.request_reset(ADA, f"10.0.0.{n}", now=minutes(n))
    assert len(outbox.to(ADA)) == 3
    accounts.request_reset(ADA, "10.0.0.9", now=minutes(61))
    assert len(outbox.to(ADA)) == 4


def test_the_throttles_follow_the_rate_limit_switch(app, ctx):
    app.config["RATELIMIT_ENABLED"] = False
    make_member(email=ADA)
    assert [attempt(ADA, "guess", "10.0.0.1", minutes(0)) for _ in range(12)] == ["wrong"] * 12
    assert attempt(ADA, PASSWORD, "10.0.0.1", minutes(0)) == "in"


# Through the pages -----------------------------------------------------------------------------

def _post(client, url: str, ip: str, **data):
    return client.post(url, data={"csrf_token": client.csrf_token(), **data},
                       environ_base={"REMOTE_ADDR": ip})


def test_a_locked_address_is_refused_from_another_network_beside_the_field(app, client, another_client):
    add_member(app, email=ADA)
    statuses = [_post(client, "/login", "10.0.0.1", email=ADA, password=f"guess-{n}").status_code
                for n in range(5)]

    elsewhere = _post(another_client, "/login", "10.20.30.40", email=ADA, password=PASSWORD)

    assert statuses == [422] * 5
    assert elsewhere.status_code == 429
    page = Page(elsewhere)
    assert page.error_beside("email").startswith("Too many failed sign-ins for this address. Try again in 1 minute")
    assert page.value("email") == ADA
    assert another_client.get("/members").status_code == 302
    # Another address is not affected, even from the first network.
    bob = add_member(app, email="bob@example.nhs.uk")
    assert _post(client, "/login", "10.0.0.1", email=bob.email, password=PASSWORD).status_code == 302


def test_reset_answers_the_same_when_the_address_has_had_its_mails(app, client, outbox):
    add_member(app, email=ADA)
    answers = [_post(client, "/reset", f"10.0.0.{n}", email=ADA) for n in range(4)]

    assert [a.status_code for a in answers] == [200] * 4
    pages = [Page(a) for a in answers]
    assert {p.h1 for p in pages} == {pages[0].h1} and {p.text for p in pages} == {pages[0].text}
    assert len(outbox.to(ADA)) == 3
