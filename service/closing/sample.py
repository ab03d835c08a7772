"""Which students go in a moderation pack: the ones named, or a sample drawn across
statuses and advisors, the same sample again for the same seed. Pure: no I/O.

The draw (``stratified_sample``): the active students are grouped by status, and
within a status by advisor; the statuses are visited in turn (in an order the
seed shuffles), and each visit takes, from that status, a student of the advisor
taken least so far (ties in an order the seed shuffles), each advisor's students
in an order the seed shuffles. So a sample of N spreads over every status before
any has two, and over the advisors within that; the same students, statuses,
advisors and seed give the same sample, whatever order the Sheet's rows are in.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Iterable

NO_STATUS = "No status yet"


@dataclasses.dataclass(frozen=True)
class Candidate:
    student_id: str
    status: str
    advisor: str


def stratified_sample(candidates: Iterable[Candidate], size: int, seed: int) -> list[str]:
    """``size`` student IDs (all of them if fewer), in the order drawn."""
    rng = random.Random(seed)
    groups: dict[str, dict[str, list[str]]] = {}
    for c in sorted(candidates, key=lambda c: c.student_id):
        groups.setdefault(c.status or NO_STATUS, {}).setdefault(c.advisor, []).append(c.student_id)
    statuses = sorted(groups)
    rng.shuffle(statuses)
    advisors = sorted({a for by_advisor in groups.values() for a in by_advisor})
    rng.shuffle(advisors)
    order = {a: i for i, a in enumerate(advisors)}
    for by_advisor in groups.values():
        for advisor in sorted(by_advisor):
            rng.shuffle(by_advisor[advisor])
    taken: dict[str, int] = {}
    picked: list[str] = []
    while len(picked) < size:
        progressed = False
        for status in statuses:
            left = [a for a, ids in groups[status].items() if ids]
            if not left:
                continue
            advisor = min(left, key=lambda a: (taken.get(a, 0), order[a]))
            picked.append(groups[status][advisor].pop(0))
            taken[advisor] = taken.get(advisor, 0) + 1
            progressed = True
            if len(picked) == size:
                break
        if not progressed:
            break
    return picked
