"""Loading the template files: JSON, then the schema beside them, then the rules a
schema cannot say, then the references between the Sheet and the forms.

Every problem is reported at once, each naming the file, the path inside it and its
line (``sheets_templates/master_sheet.json:42: tabs[1](experiences).columns[0]
(experience_id).owner: "robot" is not one of "people", "service"``), so a broken
template fails at start-up with everything to fix, never half-applied.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import crossref, schema
from .model import (PEOPLE, SERVICE, Column, FormTemplate, InterviewTopics, Question,
                    SettingSpec, SheetTemplate, Tab, Templates)

ROOT = Path(__file__).resolve().parents[2]
SHEET_FILE = ROOT / "sheets_templates" / "master_sheet.json"
SHEET_SCHEMA = ROOT / "sheets_templates" / "master_sheet.schema.json"
FORMS_DIR = ROOT / "forms"
FORM_SCHEMA_NAME = "form.schema.json"
TOPICS_NAME = "interview_topics.json"            # beside the forms, not a form
TOPICS_SCHEMA_NAME = "interview_topics.schema.json"


class TemplateError(ValueError):
    """One or more template files are wrong; ``problems`` lists each, ``str()`` all."""

    def __init__(self, problems: list[schema.Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Report:
    """Collects problems for one or more files, with lines found from their text."""

    def __init__(self):
        self.problems: list[schema.Problem] = []
        self._files: dict[str, tuple[Any, dict]] = {}

    def add_file(self, name: str, document: Any, text: str) -> None:
        duplicates: list = []
        self._files[name] = (document, schema.line_index(text, duplicates))
        for path, line in duplicates:
            self.problems.append(schema.Problem(
                name, schema.format_path(document, path),
                "is given twice in the same object; JSON keeps only the last one", line))

    def add(self, name: str, path: tuple, message: str) -> None:
        document, lines = self._files.get(name, (None, {}))
        self.problems.append(schema.Problem(name, schema.format_path(document, path), message,
                                            schema.line_of(lines, path)))

    def raise_if_any(self) -> None:
        if self.problems:
            raise TemplateError(self.problems)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _read(path: Path, schema_path: Path, report: Report) -> Any:
    """The parsed document if it is JSON and meets its schema, else None (problems reported)."""
    name = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        report.problems.append(schema.Problem(name, "", f"cannot be read: {error.strerror or error}"))
        return None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        report.problems.append(schema.Problem(
            name, "", f"is not valid JSON: {error.msg} (column {error.colno})", error.lineno))
        return None
    report.add_file(name, document, text)
    rules = json.loads(schema_path.read_text(encoding="utf-8"))
    before = len(report.problems)
    for where, message in schema.check(document, rules):
        report.add(name, where, message)
    return document if len(report.problems) == before else None


# -- the master Sheet --------------------------------------------------------
def load_sheet_template(path: Path | str = SHEET_FILE) -> SheetTemplate:
    """The master Sheet template; ``TemplateError`` listing every problem otherwise."""
    report = Report()
    template = _sheet(Path(path), report)
    report.raise_if_any()
    return template


def _sheet(path: Path, report: Report) -> SheetTemplate | None:
    document = _read(path, SHEET_SCHEMA, report)
    if document is None:
        return None
    name = _display(path)
    before = len(report.problems)
    _check_sheet(document, lambda where, message: report.add(name, where, message))
    if len(report.problems) > before:
        return None
    tabs = tuple(Tab(
        key=t["key"], title=t["title"], sheet_id=t["sheet_id"], description=t["description"],
        columns=tuple(Column(
            key=c["key"], header=c["header"], owner=c["owner"], type=c["type"], width=c["width"],
            choices=tuple(c.get("choices", ())), choices_from=c.get("choices_from"),
            colours=tuple(c.get("colours", {}).items()), protected=c.get("protected", False),
            producer=c.get("producer"), seeded_by=c.get("seeded_by"), note=c.get("note"))
            for c in t["columns"]),
        id_column=t.get("id_column"), frozen_columns=t.get("frozen_columns", 0),
        advisor_filter_view=t.get("advisor_filter_view"), protected=t.get("protected", False),
        rows=t.get("rows", 1000), tab_colour=t.get("tab_colour"),
        hidden=t.get("hidden", False)) for t in document["tabs"])
    settings = tuple(SettingSpec(
        key=s["key"], type=s["type"], owner=s["owner"], description=s["description"],
        default=s.get("default"), choices=tuple(s.get("choices", ())), minimum=s.get("minimum"),
        producer=s.get("producer")) for s in document["settings"])
    return SheetTemplate(document["version"], document["title"], tabs, settings, name)


def _check_sheet(document: dict, problem) -> None:
    _unique(document["tabs"], "key", ("tabs",), problem)
    _unique(document["tabs"], "sheet_id", ("tabs",), problem)
    _unique(document["tabs"], "title", ("tabs",), problem, fold=True)
    for t, tab in enumerate(document["tabs"]):
        at = ("tabs", t)
        columns = tab["columns"]
        keys = [c["key"] for c in columns]
        _unique(columns, "key", at + ("columns",), problem)
        if "id_column" in tab and keys[0] != tab["id_column"]:
            problem(at + ("id_column",), f"the ID column {tab['id_column']!r} must be the first "
                    f"column (rows are found by it), but the first is {keys[0]!r}")
        if tab.get("advisor_filter_view") and tab["advisor_filter_view"] not in keys:
            problem(at + ("advisor_filter_view",),
                    f"names no column of this tab: {tab['advisor_filter_view']!r}")
        if tab.get("frozen_columns", 0) > len(columns) - 1:
            problem(at + ("frozen_columns",), "must leave at least one column unfrozen")
        for c, column in enumerate(columns):
            _check_column(column, at + ("columns", c), problem)
    settings_tab = next((t for t in document["tabs"] if t["key"] == "settings"), None)
    if settings_tab is None:
        problem(("tabs",), "needs a tab with key 'settings' (the settings are written there)")
    elif [c["key"] for c in settings_tab["columns"]] != ["key", "value", "description"]:
        problem(("tabs", document["tabs"].index(settings_tab), "columns"),
                "the settings tab's columns must be key, value, description, in that order")
    _unique(document["settings"], "key", ("settings",), problem)
    for s, setting in enumerate(document["settings"]):
        _check_setting(setting, ("settings", s), problem)


def _check_column(column: dict, at: tuple, problem) -> None:
    kind, owner = column["type"], column["owner"]
    if kind == "choice" and not column.get("choices") and not column.get("choices_from"):
        problem(at, "a choice column needs 'choices' (or 'choices_from')")
    if "choices" in column and kind != "choice":
        problem(at + ("choices",), f"only choice columns have choices; this one is {kind}")
    if "choices" in column and "choices_from" in column:
        problem(at + ("choices_from",), "give either 'choices' or 'choices_from', not both")
    if "choices_from" in column and kind not in ("choice", "email", "text"):
        problem(at + ("choices_from",), f"a {kind} column cannot have a dropdown")
    for value in column.get("colours", {}):
        if value not in column.get("choices", ()):
            problem(at + ("colours", value), f"{value!r} is not one of the column's choices")
    if owner == SERVICE:
        if "protected" in column:
            problem(at + ("protected",), "service-owned columns are always protected; remove it")
        if "seeded_by" in column:
            problem(at + ("seeded_by",), "only people-owned columns are seeded")
    if owner == PEOPLE and "producer" in column:
        problem(at + ("producer",), "people-owned columns have no producer (the service never "
                "writes them); use 'seeded_by' if the service fills the first value")


def _check_setting(setting: dict, at: tuple, problem) -> None:
    kind, default = setting["type"], setting.get("default")
    if kind == "choice" and not setting.get("choices"):
        problem(at, "a choice setting needs 'choices'")
    if "choices" in setting and kind != "choice":
        problem(at + ("choices",), f"only choice settings have choices; this one is {kind}")
    if "minimum" in setting and kind != "number":
        problem(at + ("minimum",), "only number settings have a minimum")
    if setting["owner"] == SERVICE and "producer" not in setting:
        problem(at, "a service-owned setting needs a 'producer' (which step records it)")
    if setting["owner"] == PEOPLE and "producer" in setting:
        problem(at + ("producer",), "people-owned settings have no producer")
    if default is None:
        return
    expected = {"number": (int, float), "boolean": (bool,)}.get(kind, (str,))
    if not isinstance(default, expected) or (kind == "number" and isinstance(default, bool)):
        problem(at + ("default",), f"a {kind} setting's default must be "
                f"{'a number' if kind == 'number' else 'true or false' if kind == 'boolean' else 'text'}")
    elif kind == "choice" and default not in setting.get("choices", ()):
        problem(at + ("default",), f"{default!r} is not one of the setting's choices")
    elif kind == "number" and default < setting.get("minimum", default):
        problem(at + ("default",), f"is below the minimum {setting['minimum']}")


def _unique(items: list[dict], field: str, at: tuple, problem, fold: bool = False) -> None:
    seen: dict = {}
    for i, item in enumerate(items):
        value = item.get(field)
        norm = value.casefold() if fold and isinstance(value, str) else value
        if norm in seen:
            problem(at + (i, field), f"{value!r} is already used by item {seen[norm]}")
        else:
            seen[norm] = i


# -- the forms ---------------------------------------------------------------
def form_files(folder: Path | str = FORMS_DIR) -> list[Path]:
    """Every form file of a folder (each ``*.json`` except the schema), by name."""
    return sorted(p for p in Path(folder).glob("*.json")
                  if p.name not in (FORM_SCHEMA_NAME, TOPICS_NAME)
                  and not p.name.endswith(".schema.json"))


def load_form_template(path: Path | str) -> FormTemplate:
    report = Report()
    form = _form(Path(path), report)
    report.raise_if_any()
    return form


def load_form_templates(folder: Path | str = FORMS_DIR) -> dict[str, FormTemplate]:
    """Every form of the folder by key; question IDs must be unique across forms
    (one prefilled link must never fill a question of another form by mistake)."""
    report = Report()
    forms = _forms(Path(folder), report)
    report.raise_if_any()
    return forms


def _forms(folder: Path, report: Report) -> dict[str, FormTemplate]:
    forms: dict[str, FormTemplate] = {}
    for path in form_files(folder):
        form = _form(path, report)
        if form is not None:
            forms[form.key] = form
    crossref.check_question_ids(forms.values(), report)
    return forms


def _form(path: Path, report: Report) -> FormTemplate | None:
    document = _read(path, path.parent / FORM_SCHEMA_NAME, report)
    if document is None:
        return None
    name = _display(path)
    before = len(report.problems)
    problem = lambda where, message: report.add(name, where, message)  # noqa: E731
    if document["key"] != path.stem:
        problem(("key",), f"must match the file's name {path.stem!r}")
    _unique(document["questions"], "key", ("questions",), problem)
    _unique(document["questions"], "question_id", ("questions",), problem)
    for q, question in enumerate(document["questions"]):
        _check_question(question, ("questions", q), problem)
    if len(report.problems) > before:
        return None
    questions = tuple(Question(
        key=q["key"], question_id=q["question_id"], title=q["title"], type=q["type"],
        required=q["required"], feeds=q["feeds"], description=q.get("description"),
        paragraph=q.get("paragraph", False), choice_type=q.get("choice_type"),
        options=tuple(q.get("options", ())), options_from=q.get("options_from"),
        only_if_setting=q.get("only_if_setting"), prefilled=q.get("prefilled", False),
        note=q.get("note"), added_in=q.get("added_in")) for q in document["questions"])
    return FormTemplate(document["key"], document["title"], document["description"],
                        document["responders"], tuple(document["response_feeds"].items()),
                        questions, name)


def _check_question(question: dict, at: tuple, problem) -> None:
    kind = question["type"]
    if kind == "choiceQuestion":
        if "choice_type" not in question:
            problem(at, "a choiceQuestion needs 'choice_type' (RADIO, CHECKBOX or DROP_DOWN)")
        if ("options" in question) == ("options_from" in question):
            problem(at, "a choiceQuestion needs exactly one of 'options' and 'options_from'")
    else:
        for field in ("choice_type", "options", "options_from"):
            if field in question:
                problem(at + (field,), f"only a choiceQuestion has {field!r}; this is a {kind}")
    if "paragraph" in question and kind != "textQuestion":
        problem(at + ("paragraph",), f"only a textQuestion has 'paragraph'; this is a {kind}")


# -- everything together -----------------------------------------------------
def load_templates(sheet_path: Path | str = SHEET_FILE,
                   forms_dir: Path | str = FORMS_DIR) -> Templates:
    """The master Sheet and every form, each valid and all consistent with one another
    (crossref.py); ``TemplateError`` listing every problem otherwise."""
    report = Report()
    sheet = _sheet(Path(sheet_path), report)
    forms = _forms(Path(forms_dir), report)
    topics = _interview_topics(Path(forms_dir) / TOPICS_NAME, forms, report)
    if sheet is not None and not report.problems:
        crossref.check(sheet, forms, report)
    report.raise_if_any()
    return Templates(sheet, forms, topics)


# -- the interviews' topics --------------------------------------------------
def load_interview_topics(path: Path | str = FORMS_DIR / TOPICS_NAME,
                          forms: dict[str, FormTemplate] | None = None
                          ) -> dict[int, InterviewTopics]:
    report = Report()
    topics = _interview_topics(Path(path), forms or {}, report)
    report.raise_if_any()
    return topics


def _interview_topics(path: Path, forms: dict[str, FormTemplate], report: Report
                      ) -> dict[int, InterviewTopics]:
    """Interview number -> its topics; each of 1, 2 and 3 once, a suggested format
    one of the Interview record form's formats."""
    document = _read(path, path.parent / TOPICS_SCHEMA_NAME, report)
    if document is None:
        return {}
    name = _display(path)
    problem = lambda where, message: report.add(name, where, message)  # noqa: E731
    found: dict[int, InterviewTopics] = {}
    record = forms.get("interview_record")
    formats = ()
    if record is not None:
        try:
            formats = record.question("format").options
        except KeyError:
            formats = ()
    for i, entry in enumerate(document["interviews"]):
        number = entry["number"]
        if number in found:
            problem(("interviews", i, "number"), f"interview {number} is listed twice")
            continue
        suggested = entry.get("suggested_format")
        if suggested and formats and suggested not in formats:
            problem(("interviews", i, "suggested_format"),
                    f"{suggested!r} is not one of the Interview record form's formats "
                    f"({', '.join(formats)})")
        found[number] = InterviewTopics(number, entry["purpose"], tuple(entry["topics"]),
                                        suggested)
    missing = [n for n in (1, 2, 3) if n not in found]
    if missing:
        problem(("interviews",), f"interview(s) {', '.join(map(str, missing))} missing: "
                "give the topics of each of the three interviews")
    return found
