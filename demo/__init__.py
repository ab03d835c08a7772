"""The demo behind ``make demo``: the emulator plus a sample school, no Google account.

``python -m demo [--port N] [--data DIR] [--exit-after-setup]`` starts the
emulator as a subprocess, loads the sample school into it (a coordinator, 6
advisors, 60 students, a CAS Classroom course), then, as the coordinator and
through the service's own functions, runs ``cas setup``, ``cas roster import``
of demo/sample_roster.csv and ``cas provision``; then it plays a term (term.py:
students, advisors and supervisors on the form pages, in the Sheet and from
their email, with ``cas sync`` in between). It prints what each step made or
found with its API calls, the term's summary (statuses with their reasons,
Needs review, the mail sent), and links to open the master Sheet, a student's
folder, their prefilled interview record, the proposal form, the Classroom
stream, the Needs review tab and the sent mail, each signed in as the person
who would open it; then it serves until Ctrl-C. Re-running on the same data
folder makes nothing, plays nothing and prints the same links. Like the
service, the demo never imports the emulator: it talks to it over HTTP only.
"""
