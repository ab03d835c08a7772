"""Interviews that run themselves (issue 13): the three CAS interviews prompted,
recorded for groups, and their recordings checked.

* windows.py: when an interview window opens, each advisor gets one email with
  their advisees still due (each with the prefilled interview record link) and
  the stage's topics (forms/interview_topics.json); the students due see a
  Classroom announcement meant for them; at the window's close, those still due
  go into the advisors' and coordinators' digests. Every one of these is a notice
  of the ledger (service/sync/events.py), so each goes once.
* group.py: one Interview record response naming up to four students becomes one
  Interviews row per student, sharing a Group ID; a student who is unknown, or
  not the interviewer's advisee, goes to Needs review without the others.
* recordings.py: a recording's link is checked to be a Drive file in the
  student's folder, or noted in the row's Sync notes.

The sync (service/sync/run.py) calls each from its own step; nothing here reads
the clock or writes to the Sheet itself.
"""
