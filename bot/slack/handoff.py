"""Listeners that answer Slack the moment they ack, their work going on in a pool of ours.

Bolt, unless told to process before it responds, runs each listener on its executor and looks
every 10 ms whether ack() has been called yet: the bare ack-only app's ack took 11.7 ms at the
median when paced at 80 requests a second (2026-12-01), nearly all of it that look. Told to
process first, Bolt answers as soon as the listener returns, so each listener here returns as
soon as it has acked: it runs in `pool`, and the request's thread waits on an Event that ack()
sets, not on a clock. A listener that takes no ack (events, which Bolt acks itself) is only
handed over. What a listener does after its ack is unchanged, only where it runs.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future

log = logging.getLogger(__name__)

ACK_WAIT = 2.5  # seconds: Slack gives up on an ack after 3


def handed_off(listener: Callable, pool: Executor) -> Callable:
    """`listener` wrapped for Bolt (which reads the arguments to give from the wrapped one)."""

    @functools.wraps(listener)
    def run(**kwargs):
        ack = kwargs.get("ack")
        acked = threading.Event()
        if ack is not None:

            def ack_and_tell(*args, **options):
                try:
                    return ack(*args, **options)
                finally:
                    acked.set()

            kwargs["ack"] = ack_and_tell
        future = pool.submit(listener, **kwargs)
        future.add_done_callback(_ended(listener, acked))
        if ack is not None and not acked.wait(ACK_WAIT):
            log.warning("%s did not ack in %s s", getattr(listener, "__name__", "a listener"), ACK_WAIT)

    return run


def _ended(listener: Callable, acked: threading.Event) -> Callable[[Future], None]:
    def ended(future: Future) -> None:
        acked.set()  # one that failed before its ack must not hold the request for the whole wait
        error = future.exception()
        if error is not None:
            log.error("unhandled error in the Slack listener %s", listener.__name__, exc_info=error)

    return ended
