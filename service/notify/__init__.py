"""Emails the service sends (DESIGN.md §3, Gmail): supervisor invitations and
reminders, decisions to students, digests to advisors and the coordinator. Plain
text from Jinja templates in ``templates/`` (one ``<kind>.txt`` each, its subject
in ``{% set subject %}``); ``render`` fills one in, ``to_message``/``to_mime`` make
it what Gmail's users.messages.send takes. Pure: no I/O beyond reading templates."""

from .render import (KINDS, BadAddress, Email, NewlyAtRisk, ProposalToDecide, address,
                     render, to_message, to_mime)

__all__ = ["KINDS", "BadAddress", "Email", "NewlyAtRisk", "ProposalToDecide", "address",
           "render", "to_message", "to_mime"]
