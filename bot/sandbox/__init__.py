"""The sandbox: leadbot on its own machine, with a stand-in Slack to talk to in a terminal.

Kept apart from the front ends on purpose: nothing in `bot.slack` or `bot.teams` imports
from here. The stand-in is the sandbox's (it has no real Slack to talk to); the tests reuse
it as their Slack, so both are held to the same published limits.
"""
