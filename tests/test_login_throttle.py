"""The login throttle under parallel requests, on SQLite and PostgreSQL, and its back-off.

Password checks are counted by wrapping :func:`pantau.auth.verify_password` (the real
function runs; only the number of calls is recorded).
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, update

from pantau import auth, throttle
from pantau.auth import authenticate, create_user
from pantau.db import session_scope
from pantau.models import LoginThrottle

PASSWORD = "correct horse battery"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    lock = threading.Lock()
    real = auth.verify_password

    def verify(stored: str, password: str) -> bool:
        with lock:
            calls.append(1)
        return real(stored, password)

    monkeypatch.setattr(auth, "verify_password", verify)
    return calls


def _age(engine: Engine, key: str, seconds: int) -> None:
    """Move a counter's times into the past, as if ``seconds`` had passed."""
    with session_scope(engine) as session:
        row = session.get(LoginThrottle, key)
        session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == key)
            .values(
                last_failure_at=row.last_failure_at - dt.timedelta(seconds=seconds),
                next_allowed_at=row.next_allowed_at - dt.timedelta(seconds=seconds),
            )
        )


def test_twelve_parallel_guesses_get_no_more_checks_than_the_limit(engine, counted) -> None:
    create_user(engine, "analis", PASSWORD, "nasional")
    barrier = threading.Barrier(12)

    def guess(number: int):
        barrier.wait()
        return authenticate(engine, "analis", f"guess {number}", "10.0.0.1", "secret")

    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(guess, range(12)))
    assert len(counted) == throttle.FREE_PER_PAIR
    reasons = sorted(result.reason for result in results)
    assert reasons.count("invalid") == throttle.FREE_PER_PAIR
    assert reasons.count("throttled") == 12 - throttle.FREE_PER_PAIR


def test_back_off_slows_but_does_not_lock_out(engine, counted) -> None:
    create_user(engine, "analis", PASSWORD, "nasional")
    for _ in range(throttle.FREE_PER_PAIR):
        assert authenticate(engine, "analis", "guess", "10.6.6.6", "s").reason == "invalid"
    refused = authenticate(engine, "analis", "guess", "10.6.6.6", "s")
    assert refused.reason == "throttled" and 0 < refused.retry_after <= 30
    for _ in range(20):  # hammering a blocked account neither checks nor extends the wait
        again = authenticate(engine, "analis", "guess", "10.6.6.6", "s")
        assert again.reason == "throttled" and again.retry_after <= 30
    assert len(counted) == throttle.FREE_PER_PAIR
    # the real user, from their own address, is not locked out by the guesser
    assert authenticate(engine, "analis", PASSWORD, "10.1.1.1", "s").account is not None
    # the guesser's delay doubles after each further failure
    _age(engine, "pair:analis@10.6.6.6", 31)
    assert authenticate(engine, "analis", "guess", "10.6.6.6", "s").reason == "invalid"
    assert 30 < authenticate(engine, "analis", "x", "10.6.6.6", "s").retry_after <= 60


def test_many_addresses_slow_an_account_at_most_a_minute(engine, counted) -> None:
    create_user(engine, "analis", PASSWORD, "nasional")
    for number in range(throttle.FREE_PER_USER):
        authenticate(engine, "analis", "guess", f"10.2.0.{number}", "s")
    blocked = authenticate(engine, "analis", PASSWORD, "10.1.1.1", "s")
    assert blocked.reason == "throttled"
    assert blocked.retry_after <= throttle.MAX_USER_DELAY.total_seconds()
    _age(engine, "user:analis", int(throttle.MAX_USER_DELAY.total_seconds()) + 1)
    assert authenticate(engine, "analis", PASSWORD, "10.1.1.1", "s").account is not None
