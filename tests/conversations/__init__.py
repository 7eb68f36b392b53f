"""Conversations with leadbot written once and held on Slack and on Teams alike.

A scenario speaks through a driver (`drivers.py`): a person says a line the way it is typed
in Teams, and reads what they are shown, as plain words. Each driver turns the line into
what its platform really sends (a signed slash command, a Bot Framework activity) to the
real app over HTTP, and reads the answer where that platform puts it.
"""
