"""Which use case answers which command: the one entry point every front end calls."""

from __future__ import annotations

from nudges.service import calendar, commitments, digest_channel, figures, home, privacy
from nudges.service import commands as c
from nudges.service import results as r
from nudges.service.actors import Actor
from nudges.service.core import Core
from nudges.service.digest_channel import Place
from nudges.service.peers import NoPeers, Peers


def run(core: Core, actor: Actor, command: c.Command, peers: Peers | None = None, *, place: Place | None = None):
    peers = peers or NoPeers()
    match command:
        case c.Commit(text):
            return commitments.commit(core, actor, text, peers)
        case c.CommitForm():
            return commitments.commit_form(core, actor, command, peers)
        case c.Reflect(text):
            return commitments.reflect(core, actor, text, peers)
        case c.ReflectForm():
            return commitments.reflect_form(core, actor, command, peers)
        case c.OpenForm(kind, commitment_id, start):
            return commitments.form(core, actor, kind, commitment_id, start)
        case c.Complete(commitment_id):
            return commitments.complete(core, actor, commitment_id, peers)
        case c.Snooze(commitment_id):
            return commitments.snooze(core, actor, commitment_id)
        case c.Drop(number, commitment_id):
            return commitments.drop(core, actor, number=number, commitment_id=commitment_id)
        case c.SetFocus(number, tag):
            return commitments.set_focus(core, actor, number, tag)
        case c.Move(number, when):
            return commitments.move(core, actor, number, when)
        case c.AddToCalendar(commitment_id, number):
            return calendar.add_to_calendar(core, actor, commitment_id=commitment_id, number=number)
        case c.Listing():
            return r.Listing(home.home(core, actor))
        case c.Setting(name, value):
            return home.setting(core, actor, name, value)
        case c.SetSettings(fields):
            return home.set_fields(core, actor, fields)
        case c.Digest():
            return digest_channel.digest(core, actor, command, place, peers)
        case c.AdminSignIn():
            return figures.sign_in_link(core, actor, peers)
        case c.Stats():
            return figures.stats(core, actor, peers)
        case c.Export():
            return privacy.export(core, actor)
        case c.Erase(confirmed):
            return privacy.erase(core, actor) if confirmed else r.EraseAsked()
        case c.Help(topics):
            return r.HelpShown(topics)
        case c.Usage(key):
            return r.Said(key)
        case c.Message():
            return commitments.answer(core, actor, command, peers)
    raise TypeError(f"not a command: {command!r}")
