"""The IBIS list from the Students tab's rows (pure): every active candidate, Pending
first, then by session number (none last) and name; what IBIS could not take named
per row; a Pending candidate is a warning, not a row to fix."""

from __future__ import annotations

import pytest

from service.completion.export import PENDING_CHECK, ExportResult, candidates


def row(sid, name, code="", session="", result="", ready="", status="Active"):
    return {"student_id": sid, "name": name, "ib_personal_code": code,
            "candidate_session": session, "ib_completion": result,
            "completion_readiness": ready, "roster_status": status}


ROWS = [
    row("S1", "Ann", "ann001", "0003", "Completed"),
    row("S2", "Bo", "bo0002", "2", "", "Ready to confirm:\nAll 7 learning outcomes evidenced"),
    row("S3", "Cy", "cy0003", "", "Pending"),
    row("S4", "Di", "di 004", 1.0, "Not completed"),
    row("S5", "Ed", "ed0005", "0007", "Maybe"),
    row("S6", "Fay", "fay006", "0009", status="Withdrawn"),
    row("", "(a blank row)"),
]


def test_pending_first_then_by_session_number_none_last():
    found, withdrawn = candidates(ROWS)
    assert [(c.student_id, c.result, c.candidate_session) for c in found] == [
        ("S2", "Pending", "0002"), ("S5", "Pending", "0007"), ("S3", "Pending", ""),
        ("S4", "Not completed", "0001"), ("S1", "Completed", "0003")]
    assert withdrawn == 1


@pytest.mark.parametrize("sid, check", [
    ("S1", ()),
    ("S2", (PENDING_CHECK, "The service says: Ready to confirm")),
    ("S3", (PENDING_CHECK, "Candidate session number missing")),
    ("S4", ("IB personal code 'di 004' is not an IB personal code: only letters and digits, "
            "e.g. hkb123 (no spaces or punctuation)",)),
    ("S5", (PENDING_CHECK, "IB completion 'Maybe' is not one of Pending, Completed, Not "
                           "completed: decide it in the Students tab")),
])
def test_what_to_check_before_entering(sid, check):
    found = {c.student_id: c for c in candidates(ROWS)[0]}
    assert found[sid].check == check


def test_a_pending_candidate_is_a_warning_not_a_row_to_fix():
    result = ExportResult(candidates(ROWS)[0], 1, None)
    assert [c.student_id for c in result.pending] == ["S2", "S5", "S3"]
    assert [c.student_id for c in result.flagged] == ["S5", "S3", "S4"]


def test_two_candidates_never_share_a_code_or_a_session_number():
    found, _ = candidates([row("S1", "Ann", "ann001", "0003", "Completed"),
                           row("S2", "Bo", "ann001", "3", "Completed")])
    assert all("also another candidate's" in " ".join(c.check) for c in found)


def test_the_csv_never_starts_a_cell_like_a_formula():
    found, _ = candidates([row("S1", "=HYPERLINK(\"x\")", "ann001", "0003", "Completed"),
                           row("S2", "-Bo", "bo0002", "0004", "Completed")])
    text = ExportResult(found, 0, None).csv_text()
    assert "'=HYPERLINK" in text and ",'-Bo," in text
