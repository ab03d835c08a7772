"""The end of a cohort (issue 14): a moderation pack for the IB's moderators
(moderation.py, sample.py), the cohort archived (archive.py), and its records
disposed of once the school need keep them no longer (retention.py). Each is a
function the `cas` commands (cli.py) and, later, the coordinator's pages call;
each finds what exists before it makes anything, so it is safe to run again and
after a stop at any point. common.py has what they share."""

from .common import ClosingRefused

__all__ = ["ClosingRefused"]
