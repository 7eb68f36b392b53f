"""Workspace figures for admins: how many lead by example, and what they completed by month.
Too few people and nothing is shown, so no one can be singled out."""

from __future__ import annotations

from nudges.service import results as r
from nudges.service.actors import Actor
from nudges.service.core import Core
from nudges.service.peers import Peers
from nudges.stats import uptake
from storage.db import session_scope


class PlatformUnreachable(Exception):
    """Raised by a front end's Peers when the platform could not answer."""


def sign_in_link(core: Core, actor: Actor, peers: Peers) -> r.Result:
    """`admin`: the admin page's one-time link, for an admin; a kind word for anyone else."""
    from nudges.service import admin

    try:
        url = admin.issue_link(core, actor, peers)
    except PlatformUnreachable:
        return r.Said("error.generic")
    except admin.NoPublicUrl:
        return r.Said("admin.no_public_url")
    return r.SignInLink(url) if url else r.Said("admin.only")


def stats(core: Core, actor: Actor, peers: Peers) -> r.Result:
    if actor.user_id not in core.admins:
        try:
            admin = peers.is_admin(actor)
        except PlatformUnreachable:
            return r.Said("error.generic")
        if not admin:
            return r.Said("stats.admins_only")
    with session_scope(core.engine) as session:
        figures = uptake(session, workspace_id=actor.workspace_id, now=core.now(), tz=actor.tz)
    if figures is None:
        return r.Said("stats.too_few")
    from nudges.service import strategy

    # This month, per focus area the organisation works with now: an archived one is not shown
    # in chat (the admin page's follow-up keeps its history).
    areas = tuple(a for a in strategy.follow_up(core, actor.workspace_id, months=1) if not a.area.archived)
    return r.Figures(figures.active, figures.leaders, list(figures.completions), areas)
