"""The application core: every use case once, for every front end.

A front end (Slack, Teams, the terminal) turns what arrives into a command
(`commands.parse` for a typed line, a form's fields for a form), asks `identify` who is
acting, calls `run`, and renders the plain result it gets back. Each use case owns its
transaction; results carry views, never ORM rows, so a renderer cannot lazy-load or change
anything. What a use case needs from the platform during a request (look a handle up, tell a
partner, is this person an admin, join a channel) it asks through `Peers`.
"""

from nudges.service.actors import Actor, identify
from nudges.service.core import Core
from nudges.service.dispatch import run

__all__ = ["Actor", "Core", "identify", "run"]
