"""Login throttling that holds under parallel requests and slows guessing without locking
the real user out.

Before a password is checked, one attempt is *reserved* on three counters (rows of
``login_throttle``), each by compare-and-swap (``UPDATE ... WHERE failures = <read>``), so
twelve parallel requests can never get more checks than a counter allows, on SQLite and on
PostgreSQL alike.  A successful login gives the reservations back.

* ``pair:<user>@<address>``: :data:`FREE_PER_PAIR` free failures, then a growing delay
  (30 s, 60 s, 120 s, ... up to 15 min) before the next check from that address.
* ``user:<user>``: from all addresses together, :data:`FREE_PER_USER` free failures, then
  a delay growing to at most :data:`MAX_USER_DELAY`: a distributed guess is slowed to one
  check a minute, while the real user waits at most that long, never locked out.
* ``addr:<address>``: at most :data:`MAX_FAILURES_PER_ADDRESS` failures in
  :data:`WINDOW` from one address, whatever the user names.

Refused attempts are not counted, so hammering a blocked account does not extend its delay.
A counter whose last failure is older than :data:`WINDOW` starts again at zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from pantau.db import session_scope
from pantau.models import LoginThrottle, utcnow

WINDOW = dt.timedelta(minutes=15)
FREE_PER_PAIR = 5
PAIR_BASE_DELAY = dt.timedelta(seconds=30)
MAX_PAIR_DELAY = dt.timedelta(minutes=15)
FREE_PER_USER = 10
USER_BASE_DELAY = dt.timedelta(seconds=15)
MAX_USER_DELAY = dt.timedelta(seconds=60)
MAX_FAILURES_PER_ADDRESS = 20
CAS_RETRIES = 50


@dataclass(frozen=True)
class Rule:
    """How one counter turns failures into a wait."""

    free: int
    base: dt.timedelta | None  # None: no delay, a hard limit of ``free`` in the window
    cap: dt.timedelta

    def delay(self, failures: int) -> dt.timedelta | None:
        """The wait after ``failures`` failures (None: refused until the window ends)."""
        if failures < self.free:
            return dt.timedelta(0)
        if self.base is None:
            return None
        return min(self.cap, self.base * 2 ** min(failures - self.free, 20))


PAIR = Rule(FREE_PER_PAIR, PAIR_BASE_DELAY, MAX_PAIR_DELAY)
USER = Rule(FREE_PER_USER, USER_BASE_DELAY, MAX_USER_DELAY)
ADDRESS = Rule(MAX_FAILURES_PER_ADDRESS, None, WINDOW)


@dataclass(frozen=True)
class Reservation:
    """The counters an attempt was counted on (empty when refused) and the wait if refused."""

    keys: tuple[str, ...]
    retry_after: int = 0

    @property
    def allowed(self) -> bool:
        return bool(self.keys)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _ensure_row(session, key: str) -> None:
    dialect = session.bind.dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    session.execute(
        module.insert(LoginThrottle).values(key=key, failures=0).on_conflict_do_nothing()
    )


def _take(engine: Engine, key: str, rule: Rule, now: dt.datetime) -> int | None:
    """Count one failure on ``key`` in advance; None when allowed, else seconds to wait."""
    for _ in range(CAS_RETRIES):
        with session_scope(engine) as session:
            _ensure_row(session, key)
            row = session.execute(
                select(
                    LoginThrottle.failures,
                    LoginThrottle.last_failure_at,
                    LoginThrottle.next_allowed_at,
                ).where(LoginThrottle.key == key)
            ).one()
            failures, last, allowed_at = row[0], _utc(row[1]), _utc(row[2])
            if last is None or now - last > WINDOW:
                failures, allowed_at = 0, None
            if failures >= rule.free and allowed_at is not None and allowed_at > now:
                return max(1, int((allowed_at - now).total_seconds() + 0.999))
            wait = rule.delay(failures + 1)
            if rule.delay(failures) is None:
                return max(1, int((last + WINDOW - now).total_seconds()))
            next_at = now + wait if wait is not None else now + WINDOW
            changed = session.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key == key, LoginThrottle.failures == row[0])
                .where(
                    LoginThrottle.last_failure_at.is_(None)
                    if row[1] is None
                    else LoginThrottle.last_failure_at == row[1]
                )
                .values(failures=failures + 1, last_failure_at=now, next_allowed_at=next_at)
                .execution_options(synchronize_session=False)
            ).rowcount
            if changed == 1:
                return None
    return 1


def _give_back(engine: Engine, keys: tuple[str, ...]) -> None:
    with session_scope(engine) as session:
        for key in keys:
            values = (
                {"failures": LoginThrottle.failures - 1}
                if key.startswith("addr:")
                else {"failures": 0, "next_allowed_at": None}
            )
            session.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key == key, LoginThrottle.failures > 0)
                .values(**values)
                .execution_options(synchronize_session=False)
            )


def reserve(engine: Engine, username: str, address: str) -> Reservation:
    """Reserve one password check for ``username`` from ``address``, or say how long to wait.

    A counter already taken is given back when a later one refuses, so a refused attempt
    counts nowhere.  The user's own address comes first: a guesser refused there never
    touches the counter shared by every address of the user.
    """
    now = utcnow()
    taken: list[str] = []
    for key, rule in (
        (f"pair:{username}@{address}", PAIR),
        (f"addr:{address}", ADDRESS),
        (f"user:{username}", USER),
    ):
        wait = _take(engine, key[:160], rule, now)
        if wait is not None:
            undo_keys = tuple(taken)
            if undo_keys:
                _undo(engine, undo_keys)
            return Reservation((), retry_after=wait)
        taken.append(key[:160])
    return Reservation(tuple(taken))


def _undo(engine: Engine, keys: tuple[str, ...]) -> None:
    """Take back failures counted in advance for an attempt that was not made."""
    with session_scope(engine) as session:
        for key in keys:
            session.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key == key, LoginThrottle.failures > 0)
                .values(failures=LoginThrottle.failures - 1)
                .execution_options(synchronize_session=False)
            )


def succeeded(engine: Engine, reservation: Reservation) -> None:
    """The password was right: the user's counters start again, the address gets its
    reserved failure back."""
    _give_back(engine, reservation.keys)
