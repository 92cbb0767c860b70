"""Users, passwords and login throttling (no web framework here; see dashboard.security).

Passwords are hashed with scrypt (``werkzeug.security``, a memory-hard KDF with a random
salt) and checked in constant time.  Every attempt is kept in ``login_attempts``; how many
checks are allowed is decided by :mod:`pantau.throttle` (growing delays per user, a limit
per address), even with the right password.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, Row, bindparam, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from pantau import throttle
from pantau.access import ROLES, Scope
from pantau.db import session_scope
from pantau.models import LoginAttempt, Region, User, utcnow

MAX_FAILURES_PER_USER = throttle.FREE_PER_PAIR
MAX_FAILURES_PER_ADDRESS = throttle.MAX_FAILURES_PER_ADDRESS
MIN_PASSWORD_LENGTH = 10
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
HASH_METHOD = "scrypt"

# Checked against when the user does not exist, so that both cases take as long.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16), method=HASH_METHOD)


class UserError(ValueError):
    """A user cannot be created or changed as asked (the message says why)."""


@dataclass(frozen=True)
class Account:
    """What the web layer needs to know about a user."""

    id: int
    username: str
    role: str
    region_code: str | None
    active: bool
    fingerprint: str

    @property
    def scope(self) -> Scope:
        """The access scope of this user."""
        return Scope.for_user(self.role, self.region_code)


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a login attempt: an account, or why not (``invalid``, ``throttled``,
    then with the seconds to wait)."""

    account: Account | None
    reason: str | None = None
    retry_after: int = 0


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``."""
    return generate_password_hash(password, method=HASH_METHOD)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (constant-time comparison)."""
    try:
        return check_password_hash(password_hash, password)
    except ValueError:
        return False


def check_password_strength(password: str) -> None:
    """Refuse passwords that are too short to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def fingerprint(user: User | Row, secret: str) -> str:
    """A value that changes when the password changes, the user is disabled or logs out.

    Stored in the session at login; a session whose fingerprint no longer matches is over.
    """
    material = "|".join(
        [
            str(user.id),
            user.username,
            user.role,
            user.region_code or "",
            user.password_hash,
            _utc(user.password_changed_at).isoformat(),
            _utc(user.sessions_ended_at).isoformat() if user.sessions_ended_at else "",
            "1" if user.active else "0",
        ]
    )
    return hmac.new(secret.encode(), material.encode(), hashlib.sha256).hexdigest()[:32]


def _account(user: User | Row, secret: str) -> Account:
    return Account(
        id=user.id,
        username=user.username,
        role=user.role,
        region_code=user.region_code,
        active=user.active,
        fingerprint=fingerprint(user, secret),
    )


_ACCOUNT_ROW = select(User.__table__).where(User.__table__.c.id == bindparam("user_id"))


def load_account(engine: Engine, user_id: int, secret: str) -> Account | None:
    """The account of an active user by id, or None.  Read on every request (a disabled
    user or a changed password ends the session at once), so as one row of the users
    table rather than through an ORM session, which cost a callback ~1 ms, with a statement
    built once (compiling it anew cost 0.12 ms of the 0.17 a request paid)."""
    with engine.connect() as connection:
        user = connection.execute(_ACCOUNT_ROW, {"user_id": user_id}).first()
    if user is None or not user.active:
        return None
    return _account(user, secret)


def authenticate(
    engine: Engine, username: str, password: str, address: str, secret: str
) -> LoginResult:
    """Check a login, record the attempt and return the account or the reason it failed.

    The check is reserved first (:func:`pantau.throttle.reserve`): a throttled attempt never
    reaches the password hash.
    """
    username = username.strip().lower()[:64]
    address = address[:64]
    reservation = throttle.reserve(engine, username, address)
    if not reservation.allowed:
        return LoginResult(None, "throttled", reservation.retry_after)
    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            verify_password(_DUMMY_HASH, password)
            ok = False
        else:
            ok = verify_password(user.password_hash, password) and user.active
        session.add(LoginAttempt(at=utcnow(), username=username, address=address, success=ok))
        if not ok:
            return LoginResult(None, "invalid")
        user.last_login_at = utcnow()
        session.flush()
        account = _account(user, secret)
    throttle.succeeded(engine, reservation)
    return LoginResult(account)


def _validate_region(session, role: str, region_code: str | None) -> str | None:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if role in ("provinsi", "kabupaten"):
        if not region_code:
            raise UserError(f"the role {role} needs --region (a {role} code)")
        region = session.get(Region, region_code)
        wanted = ("provinsi",) if role == "provinsi" else ("kabupaten", "kota")
        if region is None or region.kind not in wanted:
            kind = "province code (e.g. 32)" if role == "provinsi" else "regency code (e.g. 32.01)"
            raise UserError(f"{region_code!r} is not a known {kind}")
        return region_code
    if region_code:
        raise UserError(f"the role {role} has no region; leave out --region")
    return None


def create_user(
    engine: Engine, username: str, password: str, role: str, region_code: str | None = None
) -> None:
    """Add a user; the name must be new, the role known and the region fit the role."""
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise UserError(
            "a user name has 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'"
        )
    check_password_strength(password)
    with session_scope(engine) as session:
        region_code = _validate_region(session, role, region_code)
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise UserError(f"the user {username!r} exists already")
        now = utcnow()
        session.add(
            User(
                username=username,
                password_hash=hash_password(password),
                role=role,
                region_code=region_code,
                active=True,
                created_at=now,
                password_changed_at=now,
            )
        )


def _get(session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise UserError(f"no user {username!r}")
    return user


def set_password(engine: Engine, username: str, password: str) -> None:
    """Change a password; every session of that user ends at its next request."""
    check_password_strength(password)
    with session_scope(engine) as session:
        user = _get(session, username)
        user.password_hash = hash_password(password)
        user.password_changed_at = utcnow()


def end_sessions(engine: Engine, username: str) -> None:
    """End every session of a user (logout): a copied session cookie stops working too."""
    with session_scope(engine) as session:
        _get(session, username).sessions_ended_at = utcnow()


def disable_user(engine: Engine, username: str) -> None:
    """Disable a user; their sessions end at the next request and login is refused."""
    with session_scope(engine) as session:
        _get(session, username).active = False


def list_users(engine: Engine) -> list[dict[str, object]]:
    """Every user without the password hash, by name."""
    with session_scope(engine) as session:
        return [
            {
                "username": user.username,
                "role": user.role,
                "region_code": user.region_code,
                "active": user.active,
                "created_at": _utc(user.created_at),
                "last_login_at": _utc(user.last_login_at) if user.last_login_at else None,
            }
            for user in session.scalars(select(User).order_by(User.username))
        ]


def user_count(engine: Engine) -> int:
    """How many users exist (active or not)."""
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(User)) or 0


def generate_password() -> str:
    """A random password of 20 URL-safe characters."""
    return secrets.token_urlsafe(15)
