"""What the demo's term did and what the Sheet shows after it, as the lines the
demo prints (term.py fills them in)."""

from __future__ import annotations

import collections
import dataclasses

from service import cas

STARTS_WITH_EQUALS = 'one starting with "=" that must stay text'
FORM_NAMES = {"experience_proposal": "Experience proposal", "reflection": "Reflection",
              "interview_record": "Interview record (interview 1)",
              "supervisor_statement": "Supervisor statement"}


@dataclasses.dataclass
class Played:
    """What the term did, for the demo's summary."""
    submitted: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    notes: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    decisions: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    undecided: int = 0
    concerns: int = 0
    syncs: list[tuple[str, object]] = dataclasses.field(default_factory=list)

    def count(self, form: str, note: str = "", total: bool = True) -> None:
        """One submission of ``form`` (``total=False``: one already counted, noted)."""
        self.submitted[form] += total
        if note:
            self.notes[form, note] += 1

    def lines(self) -> list[str]:
        lines = ["submitted on the form pages, by form:"]
        for form, name in FORM_NAMES.items():
            notes = [f"{n} {note}" if note != STARTS_WITH_EQUALS or n > 1 else note
                     for (of, note), n in self.notes.items() if of == form]
            lines.append(f"  {name}: {self.submitted[form]}"
                         + (f" ({', '.join(notes)})" if notes else ""))
        lines.append(f"advisors decided in the Sheet: {counts(self.decisions)}; "
                     f"{plural(self.undecided, 'proposal')} left undecided; "
                     f"{plural(self.concerns, 'concern')} written in Students")
        for n, (what, result) in enumerate(self.syncs, start=1):
            rows = ", ".join(f"{tab} {k}" for tab, k in sorted(result.rows_added.items()))
            lines.append(f"sync {n} ({what}): {result.responses_read} responses read; new rows: "
                         f"{rows or 'none'}; {result.rows_updated} rows updated; "
                         f"{len(result.needs_review)} to Needs review; "
                         f"{plural(result.emails_sent, 'email')} sent; statuses: "
                         f"{counts(result.statuses, cas.STATUSES)}")
            lines += [f"  problem: {p}" for p in result.problems]
        return lines


def counts(counter, order=()) -> str:
    """"3 At risk, 2 On track": in ``order``, then the others by name."""
    keys = [k for k in order if counter.get(k)] + sorted(k for k in counter if k not in order)
    return ", ".join(f"{counter[k]} {k}" for k in keys if counter[k]) or "none"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclasses.dataclass
class SheetNow:
    """The master Sheet and the sent mail as the coordinator finds them after the term."""
    statuses: collections.Counter          # Students tab: status -> students
    why: dict[str, collections.Counter]    # status -> each reason -> how many students
    experiences: collections.Counter       # Experiences tab: experience status -> rows
    needs_review: list[tuple[str, str, str]]   # (form, who, reason)
    mails: collections.Counter             # sent mail by kind

    def lines(self) -> list[str]:
        lines = [f"Students tab: {counts(self.statuses, cas.STATUSES)}"]
        for status, reasons in sorted(self.why.items()):
            lines.append(f"  {status}, why: " + "; ".join(
                f"{reason} ({plural(n, 'student')})" for reason, n in reasons.most_common(4)))
        lines.append(f"Experiences tab: {counts(self.experiences)}")
        lines.append(f"Needs review tab: {plural(len(self.needs_review), 'row')}")
        lines += [f"  {form} from {who}: {reason}" for form, who, reason in self.needs_review]
        lines.append(f"sent mail: {counts(self.mails)}")
        return lines


def mail_kind(subject: str) -> str:
    """The kind of a service email, by its subject (service/notify/templates)."""
    for start, kind in (("Approved:", "decisions"), ("Changes requested:", "decisions"),
                        ("Not approved:", "decisions"),
                        ("Supervising ", "supervisor invitations"),
                        ("Reminder:", "supervisor reminders"),
                        ("CAS interview ", "interview window notices"), ("CAS", "digests")):
        if subject.startswith(start):
            return kind
    return "other emails"
