"""The admin page for a workspace's digitalisation office, served under /admin (bot/web/app.py)."""

from __future__ import annotations


def make_admin(services):
    """The WSGI callable for bot.http.make_wsgi's `web=`."""
    from bot.web.app import AdminPage

    return AdminPage(services.core)
