"""Small things every listener needs: who is acting, answering, and failing kindly."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bot.i18n import t
from bot.slack.blocks import Reply
from storage.db import database_unreachable

log = logging.getLogger("bot.slack")


def send(respond: Callable, reply: Reply) -> None:
    respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False)


@contextmanager
def kindly(respond: Callable | None, locale: Callable[[], str], what: str) -> Iterator[None]:
    """Whatever breaks after the ack, the person hears that nothing was saved, and we keep the traceback."""
    try:
        yield
    except Exception as error:
        unreachable = database_unreachable(error)
        if unreachable:
            log.warning("%s: the database is unreachable", what)
        else:
            log.exception("%s failed", what)
        if respond is not None:
            key = "error.database" if unreachable else "error.generic"
            try:
                respond(text=t(locale(), key), response_type="ephemeral", replace_original=False)
            except Exception:
                log.exception("could not tell the person that %s failed", what)
