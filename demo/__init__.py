"""The demo behind ``make demo``: the emulator plus sample data, no Google account.

``python -m demo [--port N] [--data DIR] [--exit-after-setup]`` starts the
emulator as a subprocess, sets up a sample cohort folder and master Sheet as the
demo school's coordinator through the service's own client helpers
(``service.workspace.clients``), prints what it made and keeps serving until
Ctrl-C. Re-running on the same data folder finds what exists instead of
creating it again. Like the service, the demo never imports the emulator: it
talks to it over HTTP only. Later issues grow it into provisioning a full cohort.
"""
