"""The learning-outcome frameworks a school may choose in Settings (CAS.md "Words").

Two frameworks exist: the seven outcomes of the current CAS guide (the default) and
the eight outcomes of the older guide, which some schools still follow. Each outcome
has a stable ``key`` (what the service stores and compares), its ``number`` in its
framework, a short ``label`` (what a student ticks in a form and a coordinator reads
in the Sheet) and a one-line ``description`` written for this product.

Labels are what the forms offer as options, so a reflection's answer maps back to an
outcome with :meth:`Framework.by_label`. Keys are never shown; labels may be reworded
here without breaking stored data only if the sync maps old answers (it stores labels
as students chose them), so reword with care.
"""

from __future__ import annotations

import dataclasses

CURRENT = "current-7"
OLDER = "older-8"
DEFAULT_FRAMEWORK = CURRENT


@dataclasses.dataclass(frozen=True)
class Outcome:
    key: str
    number: int
    label: str
    description: str


@dataclasses.dataclass(frozen=True)
class Framework:
    key: str
    name: str
    outcomes: tuple[Outcome, ...]

    def labels(self) -> list[str]:
        """The outcomes' labels in order: a form's options, a Sheet's column values."""
        return [o.label for o in self.outcomes]

    def keys(self) -> list[str]:
        return [o.key for o in self.outcomes]

    def outcome(self, key: str) -> Outcome:
        """The outcome with this key; ``KeyError`` naming the framework if none."""
        for o in self.outcomes:
            if o.key == key:
                return o
        raise KeyError(f"The {self.name} framework has no outcome {key!r}; "
                       f"its outcomes are {', '.join(self.keys())}.")

    def by_label(self, label: str) -> Outcome | None:
        """The outcome a form answer names (case and surrounding spaces ignored), or
        None when the answer is not one of this framework's labels."""
        wanted = " ".join(label.split()).casefold()
        return next((o for o in self.outcomes if o.label.casefold() == wanted), None)


def _framework(key: str, name: str, rows: list[tuple[str, str, str]]) -> Framework:
    return Framework(key, name, tuple(Outcome(k, n, label, description)
                                      for n, (k, label, description) in enumerate(rows, 1)))


FRAMEWORKS: dict[str, Framework] = {f.key: f for f in (
    _framework(CURRENT, "current 7-outcome", [
        ("strengths_growth", "Strengths and growth",
         "Knows what they are good at and names what they want to get better at."),
        ("challenge_skills", "Challenge and new skills",
         "Took on something hard or unfamiliar and built new skills doing it."),
        ("initiative_planning", "Initiative and planning",
         "Turned an idea into a plan and started it, alone or with others."),
        ("commitment_perseverance", "Commitment and perseverance",
         "Kept showing up and pushed through setbacks over time."),
        ("collaboration", "Collaboration",
         "Worked with others, shared the load and saw what teamwork brings."),
        ("global_significance", "Global significance",
         "Acted on an issue that matters beyond their own circle, near or far."),
        ("ethics", "Ethics",
         "Thought through the rights and wrongs of their choices and actions."),
    ]),
    _framework(OLDER, "older 8-outcome", [
        ("strengths_growth", "Strengths and growth",
         "Became more aware of their strengths and of where they can grow."),
        ("new_challenges", "New challenges",
         "Took on challenges that were new to them."),
        ("planning_initiative", "Planning and initiative",
         "Planned activities and got them started."),
        ("collaboration", "Collaboration",
         "Worked together with others towards a shared goal."),
        ("perseverance_commitment", "Perseverance and commitment",
         "Stuck with their activities and carried their share of the work."),
        ("global_issues", "Global issues",
         "Engaged with issues that matter around the world."),
        ("ethics", "Ethics",
         "Considered the ethical side of what they did."),
        ("new_skills", "New skills",
         "Learnt and practised skills they did not have before."),
    ]),
)}


def framework(key: str | None) -> Framework:
    """The framework a Settings value names (blank means the default); ``ValueError``
    naming the valid choices otherwise."""
    key = (key or "").strip() or DEFAULT_FRAMEWORK
    try:
        return FRAMEWORKS[key]
    except KeyError:
        raise ValueError(f"Unknown outcome framework {key!r}; choose one of "
                         f"{', '.join(FRAMEWORKS)}.") from None
