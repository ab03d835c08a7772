"""The roster of a cohort: reading it from a school's CSV export or from the
CAS Classroom course, checking all of it, and working out what an import would
change in the Students tab.

Pure: text and API items in, records and problems out; no I/O, no Google
types. ``cas roster import`` reads the file or calls Classroom, then writes
only if nothing here raised ``RosterError``.

Decisions the issue left open:

* A student has a full ``name`` (as the school writes it) and, when the source
  has them, ``given_name`` and ``family_name``: exports come both ways.
* The advisor column of a CSV is optional and a blank advisor cell is allowed:
  such students are imported with no advisor and listed as needing one
  (``RosterDiff.needs_advisor``), as every student from Classroom is; an
  advisor already assigned in the Sheet is never cleared by a blank.
* Emails of a subdomain of the school's domain count as the school's.
* ``Student``'s fields are named after the Students tab's column keys
  (sheets_templates/master_sheet.json); ``roster_status`` (Active/Withdrawn)
  is the student's place in the programme, apart from their CAS status.
  ``cohort``, ``given_name`` and ``family_name`` are kept for whoever needs them
  (the Sheet is one cohort's; the Students tab shows the full name).
"""

from .classroom import ClassroomRoster, roster_from_classroom
from .csv_roster import COLUMNS, decode_roster, parse_roster_csv
from .diff import RosterChange, RosterDiff, diff_roster
from .records import (ACTIVE, WITHDRAWN, Advisor, RosterError, RosterProblem, Student,
                      email_problem, normalise_email)

__all__ = [
    "ACTIVE", "WITHDRAWN", "Advisor", "ClassroomRoster", "COLUMNS", "RosterChange",
    "RosterDiff", "RosterError", "RosterProblem", "Student", "decode_roster", "diff_roster",
    "email_problem", "normalise_email", "parse_roster_csv", "roster_from_classroom",
]
