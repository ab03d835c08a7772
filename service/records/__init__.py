"""The student's own CAS record and the parents' report cards (issue 13).

* view.py: what a record says, from the master Sheet's rows and the student's
  assessment (pure).
* render.py: the record and the parents' report as HTML (Jinja, autoescaped; pure).
* publish.py: "My CAS record", a Google Doc in each student's Drive folder, made
  and updated by the sync only when its content changed (a hash in its
  appProperties), read-only to the student.
* report.py: ``cas report --term NAME``: a PDF per student for parents in a
  "Reports <term>" folder of the cohort, shared with the parents when the school
  says so.

The Record Doc contract (shared with the completion and closing work): the Doc
carries appProperties ``casKind="studentRecord"``, ``casId=<student ID>``,
``casCohort=<cohort>`` and ``casHash``; ``find_records`` finds them all in one
listing and ``make_records`` (make.py) makes or updates them outside a sync.
"""

from .publish import KIND, Published, find_records, publish, to_write, views_from_rows
from .render import ReportOptions, record_hash, record_html, report_html
from .view import StudentView, student_view

__all__ = ["KIND", "Published", "ReportOptions", "StudentView", "find_records", "publish",
           "record_hash", "record_html", "report_html", "student_view", "to_write",
           "views_from_rows"]
