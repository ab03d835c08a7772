"""Completion at the end of a cohort (issue 14): what the sync does with the
coordinator's IB completion results (track.py), and `cas completion export`, the
list the coordinator enters in IBIS (export.py, cli.py).

The rules are the pure domain's (service/cas/completion.py); this package reads and
writes the Sheet and Drive around them. Nothing is imported here: the command line
loads only what a command needs."""
