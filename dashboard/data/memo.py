"""Work shared within a request and between requests until the data changes.

The key of a shared value holds the database and its *data stamp* (the newest report id:
reports are only ever inserted), so a new report makes every older entry unreachable.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import g, has_request_context
from sqlalchemy import Engine, func, select

from pantau.models import Report


def request_memo(key: tuple, compute):
    """``compute()``, remembered for the rest of the current request (if any)."""
    if not has_request_context():
        return compute()
    memo = g.setdefault("pantau_query_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def data_stamp(engine: Engine) -> int:
    """The newest report id: changes with every ingested file, since reports are only ever
    inserted, never deleted (a correction inserts a new report and supersedes the old one
    in the same transaction; dismissing a held file changes no figure).  Read once per
    request from the primary key's index: counting the rows cost 5 ms a request on ten
    years of reports, and grew with them."""

    def compute() -> int:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.max(Report.id))) or 0)

    return request_memo(("data_stamp", str(engine.url)), compute)


_DATA_MEMO: OrderedDict[tuple, object] = OrderedDict()
_DATA_MEMO_LOCK = threading.Lock()
_DATA_MEMO_STAMPS: dict[str, int] = {}
DATA_MEMO_SIZE = 1024
"""Entries kept; the one used longest ago goes first (old data stamps age out so)."""


def clear_shared_memo() -> None:
    """Forget what :func:`shared_memo` shares between requests (benchmarks measure both)."""
    with _DATA_MEMO_LOCK:
        _DATA_MEMO.clear()
        _DATA_MEMO_STAMPS.clear()


def shared_memo(key: tuple, engine: Engine, compute):
    """``compute()``, shared by all requests of this process until the data changes
    (:func:`data_stamp`): what depends only on reports and the selection (task-force
    status, silence, punctuality, reported months, sums by region and month) is not
    recomputed when a user, or the next user, asks for the same again.  The value is
    shared: callers never change it."""
    if not has_request_context():
        return compute()
    stamped = (str(engine.url), data_stamp(engine), *key)
    with _DATA_MEMO_LOCK:
        if stamped in _DATA_MEMO:
            _DATA_MEMO.move_to_end(stamped)
            return _DATA_MEMO[stamped]
    value = request_memo(stamped, compute)
    with _DATA_MEMO_LOCK:
        if _DATA_MEMO_STAMPS.get(stamped[0], stamped[1]) != stamped[1]:
            _forget_older_stamps(stamped[0], stamped[1])
        _DATA_MEMO_STAMPS[stamped[0]] = max(stamped[1], _DATA_MEMO_STAMPS.get(stamped[0], 0))
        _DATA_MEMO[stamped] = value
        while len(_DATA_MEMO) > DATA_MEMO_SIZE:
            _DATA_MEMO.popitem(last=False)
    return value


def _forget_older_stamps(url: str, stamp: int) -> None:
    """Drop what was shared for ``url`` before its data became ``stamp`` (new reports):
    a request never asks for it again, and monthly cubes are ~0.5 MB each."""
    for key in [key for key in _DATA_MEMO if key[0] == url and key[1] < stamp]:
        del _DATA_MEMO[key]
