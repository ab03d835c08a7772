"""The templates as typed, read-only values (what the loader returns and the builders take).

Field names follow the JSON files (sheets_templates/master_sheet.json, forms/*.json);
their meaning is documented in the schemas beside those files and in their READMEs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

SERVICE, PEOPLE = "service", "people"


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    header: str
    owner: str
    type: str
    width: int
    choices: tuple[str, ...] = ()
    choices_from: str | None = None
    colours: tuple[tuple[str, str], ...] = ()  # (choice, colour) in file order
    protected: bool = False
    producer: str | None = None
    seeded_by: str | None = None
    note: str | None = None

    @property
    def is_protected(self) -> bool:
        """Service-owned columns always are; people-owned ones when the template says so."""
        return self.owner == SERVICE or self.protected


@dataclasses.dataclass(frozen=True)
class Tab:
    key: str
    title: str
    sheet_id: int
    description: str
    columns: tuple[Column, ...]
    id_column: str | None = None
    frozen_columns: int = 0
    advisor_filter_view: str | None = None
    protected: bool = False
    rows: int = 1000
    tab_colour: str | None = None
    hidden: bool = False

    def column(self, key: str) -> Column:
        return self.columns[self.index(key)]

    def index(self, key: str) -> int:
        """The column's position (0-based) in a freshly built tab."""
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(f"The {self.title} tab has no column {key!r}.")


@dataclasses.dataclass(frozen=True)
class SettingSpec:
    key: str
    type: str
    owner: str
    description: str
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    producer: str | None = None


@dataclasses.dataclass(frozen=True)
class SheetTemplate:
    version: int
    title: str
    tabs: tuple[Tab, ...]
    settings: tuple[SettingSpec, ...]
    source: str = ""

    def tab(self, key: str) -> Tab:
        for tab in self.tabs:
            if tab.key == key:
                return tab
        raise KeyError(f"The master sheet has no tab {key!r}.")

    def column(self, ref: str) -> tuple[Tab, Column]:
        """The tab and column of a ``tab_key.column_key`` reference."""
        tab_key, _, column_key = ref.partition(".")
        tab = self.tab(tab_key)
        return tab, tab.column(column_key)

    def setting(self, key: str) -> SettingSpec:
        for spec in self.settings:
            if spec.key == key:
                return spec
        raise KeyError(f"There is no setting {key!r}.")


@dataclasses.dataclass(frozen=True)
class Question:
    key: str
    question_id: str
    title: str
    type: str
    required: bool
    feeds: str | None
    description: str | None = None
    paragraph: bool = False
    choice_type: str | None = None
    options: tuple[str, ...] = ()
    options_from: str | None = None
    only_if_setting: str | None = None
    prefilled: bool = False
    note: str | None = None
    added_in: int | None = None     # the template version that added it to existing forms

    @property
    def entry(self) -> str:
        """The responder page's field name, as Google's "Get pre-filled link" writes it."""
        return f"entry.{int(self.question_id, 16)}"


@dataclasses.dataclass(frozen=True)
class FormTemplate:
    key: str
    title: str
    description: str
    responders: str
    response_feeds: tuple[tuple[str, str], ...]
    questions: tuple[Question, ...]
    source: str = ""

    @property
    def email_collection(self) -> str:
        """Forms API ``emailCollectionType``: students and staff sign in and their
        verified address is recorded; supervisors answer without an account."""
        return "VERIFIED" if self.responders == "school" else "DO_NOT_COLLECT"

    def question(self, key: str) -> Question:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(f"The {self.title} form has no question {key!r}.")


@dataclasses.dataclass(frozen=True)
class InterviewTopics:
    """One interview's topics to explore (forms/interview_topics.json)."""

    number: int
    purpose: str
    topics: tuple[str, ...]
    suggested_format: str | None = None


@dataclasses.dataclass(frozen=True)
class Templates:
    sheet: SheetTemplate
    forms: dict[str, FormTemplate]
    interview_topics: dict[int, InterviewTopics] = dataclasses.field(default_factory=dict)
