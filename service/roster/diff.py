"""What importing a roster would change in the Students tab.

Pure: the rows the Sheet holds now and the students the roster gives in, the
changes out; the writer applies them. The rules, in the coordinator's terms:

* Students are matched by student ID; a roster student whose ID is not in the
  Sheet is matched by email instead (a Classroom import, whose IDs stand in
  for the school's). The Sheet's ID is kept: Drive folders and every other
  tab are keyed by it. Such pairs are listed in ``id_mismatches``.
* A value the roster leaves empty (advisor, cohort, given or family name)
  means "not said", never "clear it": an advisor assigned in the Sheet stays.
* A student in the Sheet and no longer in the roster is listed as
  ``withdrawn``; their row, folder and records are kept, never deleted (the
  coordinator decides). A row already withdrawn stays as it is.
* A row with neither ID nor email (a blank row a person inserted) is ignored.
  When two rows share an ID or an email, the first is matched and the later
  one is left alone and listed in ``duplicate_rows`` for the coordinator.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Mapping

from .records import Student

# The fields a change can touch, in the Students tab's order; the ID never changes.
FIELDS = ("name", "given_name", "family_name", "email", "advisor_email", "cohort", "roster_status",
          "parent_emails", "ib_personal_code", "candidate_session")
# Fields a roster may leave empty without clearing the Sheet's value.
KEPT_WHEN_EMPTY = ("advisor_email", "cohort", "given_name", "family_name", "parent_emails",
                   "ib_personal_code", "candidate_session")


@dataclasses.dataclass(frozen=True)
class RosterChange:
    """A student whose row changes: as it is, as it will be, and which fields."""

    before: Student
    after: Student
    fields: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class RosterDiff:
    """What an import would do, each list in roster order (Sheet order for
    ``withdrawn``)."""

    new: list[Student]
    changed: list[RosterChange]
    withdrawn: list[Student]        # as they are now; to be marked withdrawn
    unchanged: list[Student]
    needs_advisor: list[Student]    # active after the import, with no advisor
    id_mismatches: list[tuple[Student, Student]]  # (Sheet row, roster student)
    duplicate_rows: list[Student]   # Sheet rows repeating an earlier row's ID or email

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.withdrawn)

    def summary(self) -> str:
        """One line for the coordinator, e.g. "2 new, 1 changed (1 advisor),
        1 no longer in the roster (kept, marked withdrawn), 57 unchanged"."""
        parts = [f"{len(self.new)} new"]
        if self.changed:
            advisors = sum("advisor_email" in c.fields for c in self.changed)
            parts.append(f"{len(self.changed)} changed"
                         + (f" ({advisors} advisor)" if advisors else ""))
        if self.withdrawn:
            parts.append(f"{len(self.withdrawn)} no longer in the roster "
                         f"(kept, marked withdrawn)")
        parts.append(f"{len(self.unchanged)} unchanged")
        if self.needs_advisor:
            parts.append(f"{len(self.needs_advisor)} need an advisor")
        return ", ".join(parts)


def diff_roster(existing_rows: Iterable[Mapping | Student],
                incoming: Iterable[Student]) -> RosterDiff:
    """The changes that would bring the Students tab in line with ``incoming``.

    ``existing_rows`` are the tab's rows as Students or as mappings keyed by
    Student's field names (``Student.from_row``).
    """
    existing = [r if isinstance(r, Student) else Student.from_row(r) for r in existing_rows]
    existing = [s for s in existing if s.student_id or s.email]
    incoming = list(incoming)

    by_id = _first_index(s.student_id for s in existing)
    by_email = _first_index(s.email for s in existing)
    duplicates = {j for j, s in enumerate(existing)
                  if by_id.get(s.student_id, j) != j or by_email.get(s.email, j) != j}

    matched: dict[int, int] = {}    # roster position -> Sheet position
    taken: set[int] = set()
    for i, student in enumerate(incoming):
        j = by_id.get(student.student_id) if student.student_id else None
        if j is not None and j not in taken:
            matched[i] = j
            taken.add(j)
    id_mismatches = []
    for i, student in enumerate(incoming):
        j = by_email.get(student.email) if student.email else None
        if i not in matched and j is not None and j not in taken | duplicates:
            matched[i] = j
            taken.add(j)
            id_mismatches.append((existing[j], student))

    new, changed, unchanged = [], [], []
    for i, student in enumerate(incoming):
        if i not in matched:
            new.append(student)
            continue
        before = existing[matched[i]]
        after = _merge(before, student)
        fields = tuple(f for f in FIELDS if getattr(before, f) != getattr(after, f))
        if fields:
            changed.append(RosterChange(before, after, fields))
        else:
            unchanged.append(before)
    withdrawn = []
    for j, student in enumerate(existing):
        if j not in taken and j not in duplicates:
            (withdrawn if student.is_active else unchanged).append(student)

    after_import = new + [c.after for c in changed] + unchanged
    needs_advisor = [s for s in after_import if s.is_active and not s.advisor_email]
    return RosterDiff(new=new, changed=changed, withdrawn=withdrawn, unchanged=unchanged,
                      needs_advisor=needs_advisor, id_mismatches=id_mismatches,
                      duplicate_rows=[existing[j] for j in sorted(duplicates)])


def _first_index(keys: Iterable[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for j, key in enumerate(keys):
        if key:
            index.setdefault(key, j)
    return index


def _merge(before: Student, roster: Student) -> Student:
    """The row as it will be: the roster's values, the Sheet's ID, and the
    Sheet's value wherever the roster leaves an optional field empty."""
    values = {f: getattr(roster, f) for f in FIELDS}
    for f in KEPT_WHEN_EMPTY:
        values[f] = values[f] or getattr(before, f)
    return dataclasses.replace(before, **values)

