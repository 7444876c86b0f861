"""The clock the services read: the real time, or the story time the demo loader sets.

A recorded time is the time the thing happened. In real use that is now; when the demo loader
replays its story through the same services, it is the moment of each step of the story. The
services therefore ask `klok.nu()` rather than `timezone.now()`, and the demo wraps each step in
`with klok.op(moment):`. Nothing else sets the clock.
"""

import contextlib
import contextvars
import datetime

from django.utils import timezone

_vast: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar("klok_vast", default=None)


def nu() -> datetime.datetime:
    """Now (timezone-aware): the story time inside `op(...)`, otherwise the real time."""
    vast = _vast.get()
    return vast if vast is not None else timezone.now()


def vandaag() -> datetime.date:
    """Today in Europe/Amsterdam by the same clock."""
    return timezone.localdate(nu())


@contextlib.contextmanager
def op(moment: datetime.datetime):
    """Run the block as if it were `moment` (aware); the clock is restored afterwards."""
    if timezone.is_naive(moment):
        raise ValueError("klok.op verwacht een tijd met tijdzone")
    token = _vast.set(moment)
    try:
        yield moment
    finally:
        _vast.reset(token)
