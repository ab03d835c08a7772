"""The master Sheet and the four forms as data: every file loads and meets its schema,
the files agree with one another, the outcome frameworks are right, and a broken file
is refused with an error naming the file, the line, the path inside it and the fault."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from service.cas import outcomes
from service.templates import TemplateError, load_templates, schema
from service.templates.schema import SchemaError
from service.templates.loader import FORMS_DIR, SHEET_FILE, SHEET_SCHEMA, form_files

TAB_ORDER = ["Students", "Experiences", "Reflections", "Supervisor statements", "Interviews",
             "Opportunities", "Dashboard", "Settings", "Needs review", "Sync log", "Notices",
             "IBIS export"]


@pytest.fixture(scope="module")
def templates():
    return load_templates()


# -- the shipped files -------------------------------------------------------
def test_the_master_sheet_has_the_ten_tabs_in_order(templates):
    assert [tab.title for tab in templates.sheet.tabs] == TAB_ORDER


def test_the_four_forms_are_there(templates):
    assert set(templates.forms) == {"experience_proposal", "reflection", "supervisor_statement",
                                    "interview_record"}
    assert [p.stem for p in form_files()] == sorted(templates.forms)


def test_record_tabs_put_their_id_column_first(templates):
    ids = {tab.key: tab.id_column for tab in templates.sheet.tabs if tab.id_column}
    assert ids == {"students": "student_id", "experiences": "experience_id",
                   "reflections": "response_id", "supervisor_statements": "response_id",
                   "interviews": "response_id", "opportunities": "announcement_id",
                   "needs_review": "response_id", "events": "event_id"}
    for tab in templates.sheet.tabs:
        if tab.id_column:
            assert tab.columns[0].key == tab.id_column


def test_keys_are_unique_snake_case_and_sheet_ids_distinct(templates):
    sheet = templates.sheet
    assert len({t.key for t in sheet.tabs}) == len({t.sheet_id for t in sheet.tabs}) == 12
    for tab in sheet.tabs:
        keys = [c.key for c in tab.columns]
        assert len(keys) == len(set(keys)), tab.key
        assert all(k.islower() and " " not in k for k in keys)
    setting_keys = [s.key for s in sheet.settings]
    assert len(setting_keys) == len(set(setting_keys))
    for form in templates.forms.values():
        assert len({q.key for q in form.questions}) == len(form.questions)


def test_no_two_questions_share_a_question_id_and_each_is_a_prefillable_id(templates):
    ids = [q.question_id for f in templates.forms.values() for q in f.questions]
    assert len(ids) == len(set(ids))
    # Google accepts caller-chosen IDs of 8 lowercase hex digits below 80000000.
    assert all(len(i) == 8 and int(i, 16) < 0x80000000 and i == i.lower() for i in ids)


def test_every_answer_lands_in_an_existing_service_owned_column(templates):
    for form in templates.forms.values():
        refs = [q.feeds for q in form.questions if q.feeds] + [r for _, r in form.response_feeds]
        for ref in refs:
            _, column = templates.sheet.column(ref)  # KeyError if it does not exist
            assert column.owner == "service", ref


def test_every_service_owned_column_has_a_producer(templates):
    fed = {q.feeds for f in templates.forms.values() for q in f.questions if q.feeds}
    fed |= {r for f in templates.forms.values() for _, r in f.response_feeds}
    for tab in templates.sheet.tabs:
        for column in tab.columns:
            if column.owner == "service":
                assert column.producer or f"{tab.key}.{column.key}" in fed, (tab.key, column.key)


def test_dropdowns_offer_exactly_the_options_of_the_questions_that_feed_them(templates):
    checked = 0
    for form in templates.forms.values():
        for question in form.questions:
            if question.feeds and question.choice_type in ("RADIO", "DROP_DOWN"):
                _, column = templates.sheet.column(question.feeds)
                if column.type == "choice":
                    assert column.choices == question.options, question.feeds
                    checked += 1
    assert checked >= 4  # reach, CAS stage, attendance, interview, format


def test_people_own_the_decision_comment_and_override_columns_and_the_service_the_status(templates):
    sheet = templates.sheet
    decision = sheet.column("experiences.advisor_decision")[1]
    assert decision.owner == "people" and decision.choices == (
        "Approved", "Changes requested", "Rejected") and not decision.is_protected
    assert sheet.column("experiences.advisor_comment")[1].owner == "people"
    assert sheet.column("students.advisor_confirmed_outcomes")[1].owner == "people"
    override = sheet.column("students.manual_status")[1]
    assert override.owner == "people" and override.is_protected  # coordinators only
    status = sheet.column("students.status")[1]
    assert status.owner == "service" and status.is_protected
    assert status.choices == ("Not started", "On track", "At risk", "Complete", "Incomplete")
    assert dict(status.colours) == {"Not started": "grey", "On track": "green", "At risk": "amber",
                                    "Complete": "green", "Incomplete": "red"}


def test_the_students_tab_carries_the_folder_and_form_links_as_service_columns(templates):
    students = templates.sheet.tab("students")
    for key in ("folder_link", "proposal_link", "reflection_link"):
        assert students.column(key).owner == "service" and students.column(key).type == "link"


def test_advisor_filter_views_are_on_students_experiences_and_reflections(templates):
    views = {t.key: t.advisor_filter_view for t in templates.sheet.tabs if t.advisor_filter_view}
    assert views == {"students": "advisor_email", "experiences": "advisor_email",
                     "reflections": "advisor_email"}


def test_needs_review_and_sync_log_have_what_a_coordinator_checks(templates):
    review = [c.key for c in templates.sheet.tab("needs_review").columns]
    assert review[:6] == ["response_id", "received", "form", "respondent", "reason", "raw_answers"]
    assert templates.sheet.tab("needs_review").column("resolved").owner == "people"
    log = [c.key for c in templates.sheet.tab("sync_log").columns]
    assert {"time", "api_calls", "errors", "responses_read", "rows_written"} <= set(log)


def test_settings_have_the_documented_defaults(templates):
    defaults = {s.key: s.default for s in templates.sheet.settings}
    assert defaults["outcome_framework"] == outcomes.DEFAULT_FRAMEWORK == "current-7"
    assert defaults["inactivity_gap_days"] == 45
    assert defaults["hours_tracking"] is False
    assert defaults["students_see_interview_notes"] is False
    assert defaults["positive_statement_completes"] is True
    assert (defaults["interview_1_within_months"], defaults["interview_2_months_around_midpoint"],
            defaults["interview_3_last_months"]) == (2, 2, 3)
    assert set(templates.sheet.setting("outcome_framework").choices) == set(outcomes.FRAMEWORKS)
    for form in templates.forms:
        assert templates.sheet.setting(f"{form}_form_id").owner == "service"


def test_who_answers_each_form(templates):
    collection = {key: form.email_collection for key, form in templates.forms.items()}
    assert collection == {"experience_proposal": "VERIFIED", "reflection": "VERIFIED",
                          "interview_record": "VERIFIED", "supervisor_statement": "DO_NOT_COLLECT"}


def test_the_supervisor_must_confirm_being_an_adult_outside_the_family(templates):
    confirm = templates.forms["supervisor_statement"].question("adult_not_family")
    assert confirm.required and confirm.choice_type == "CHECKBOX" and len(confirm.options) == 1


def test_outcome_choices_come_from_the_framework_and_hours_only_when_tracked(templates):
    proposal = templates.forms["experience_proposal"]
    assert proposal.question("targeted_outcomes").options_from == "outcome_framework"
    assert templates.forms["reflection"].question("outcomes").options_from == "outcome_framework"
    assert proposal.question("hours_estimate").only_if_setting == "hours_tracking"


# -- the outcome frameworks ----------------------------------------------------
def test_the_current_framework_has_seven_outcomes_and_the_older_eight():
    current, older = outcomes.framework("current-7"), outcomes.framework("older-8")
    assert current.labels() == ["Strengths and growth", "Challenge and new skills",
                                "Initiative and planning", "Commitment and perseverance",
                                "Collaboration", "Global significance", "Ethics"]
    assert len(older.outcomes) == 8 and older.outcome("new_skills").number == 8
    for fw in (current, older):
        assert [o.number for o in fw.outcomes] == list(range(1, len(fw.outcomes) + 1))
        assert len(set(fw.keys())) == len(set(fw.labels())) == len(fw.outcomes)
        assert all(o.description.endswith(".") for o in fw.outcomes)


def test_a_blank_framework_is_the_default_and_an_unknown_one_names_the_choices():
    assert outcomes.framework("").key == outcomes.framework(None).key == "current-7"
    with pytest.raises(ValueError, match="current-7, older-8"):
        outcomes.framework("newest-9")


def test_a_form_answer_finds_its_outcome_by_label_ignoring_case_and_spacing():
    current = outcomes.framework("current-7")
    assert current.by_label("  global   SIGNIFICANCE ").key == "global_significance"
    assert current.by_label("New skills") is None  # an older-8 label
    with pytest.raises(KeyError, match="new_skills"):
        current.outcome("new_skills")


# -- broken files are refused with a precise message ---------------------------
@pytest.fixture
def copy(tmp_path):
    """Copies of the shipped templates in tmp_path, and a way to change one."""
    sheet_dir, forms_dir = tmp_path / "sheets_templates", tmp_path / "forms"
    sheet_dir.mkdir()
    shutil.copy(SHEET_FILE, sheet_dir / SHEET_FILE.name)
    shutil.copytree(FORMS_DIR, forms_dir, ignore=shutil.ignore_patterns("*.md"))

    class Copy:
        sheet = sheet_dir / SHEET_FILE.name
        forms = forms_dir

        def edit(self, path: Path, change) -> None:
            document = json.loads(path.read_text())
            change(document)
            path.write_text(json.dumps(document, indent=2))

        def load(self):
            return load_templates(self.sheet, self.forms)

        def problems(self) -> list[str]:
            with pytest.raises(TemplateError) as caught:
                self.load()
            return [str(p) for p in caught.value.problems]

    return Copy()


def _column(document, tab, column):
    t = next(t for t in document["tabs"] if t["key"] == tab)
    return next(c for c in t["columns"] if c["key"] == column)


def test_the_copies_load_as_they_are(copy):
    assert [t.title for t in copy.load().sheet.tabs] == TAB_ORDER


def test_a_file_that_is_not_json_is_named_with_its_line(copy):
    copy.sheet.write_text('{\n  "version": 1,\n  "title": "x",\n  oops\n}')
    [problem] = copy.problems()
    assert problem.startswith(f"{copy.sheet}:4: (top level): is not valid JSON")


def test_a_wrong_value_names_the_file_line_path_and_fault(copy):
    copy.edit(copy.sheet, lambda d: _column(d, "experiences", "title").update(owner="robot"))
    [problem] = copy.problems()
    line = next(i for i, text in enumerate(copy.sheet.read_text().splitlines(), 1)
                if '"robot"' in text)
    assert problem == (f'{copy.sheet}:{line}: tabs[1](experiences).columns[2](title).owner: '
                       f'"robot" is not one of "people", "service"')


def test_an_unknown_field_is_refused_with_the_known_ones(copy):
    copy.edit(copy.sheet, lambda d: _column(d, "students", "status").update(colour="red"))
    [problem] = copy.problems()
    assert "tabs[0](students).columns[5](status).colour: unknown field 'colour'" in problem
    assert "known fields: key, header, owner" in problem


def test_a_missing_field_and_a_wrong_type_are_both_reported(copy):
    def change(document):
        del _column(document, "students", "name")["header"]
        _column(document, "students", "email")["width"] = "wide"
    copy.edit(copy.sheet, change)
    problems = copy.problems()
    assert any("columns[1](name): 'header' is required" in p for p in problems)
    assert any('columns[2](email).width: must be a whole number, not the text "wide"' in p
               for p in problems)


def test_a_field_given_twice_is_refused_rather_than_silently_overridden(copy):
    text = copy.sheet.read_text()
    twice = '"key": "status", "header": "Status", "owner": "people", "owner": "service"'
    copy.sheet.write_text(text.replace('"key": "status", "header": "Status", "owner": "service"', twice, 1))
    [problem] = copy.problems()
    line = next(i for i, t in enumerate(copy.sheet.read_text().splitlines(), 1) if twice in t)
    assert problem == (f"{copy.sheet}:{line}: tabs[0](students).columns[5](status).owner: is given twice "
                       f"in the same object; JSON keeps only the last one")


def test_a_schema_keyword_the_checker_does_not_know_is_an_error_not_ignored():
    with pytest.raises(SchemaError, match="oneOf not supported"):
        list(schema.check({"a": 1}, {"type": "object", "oneOf": []}))


def test_the_id_column_must_come_first(copy):
    def change(document):
        tab = document["tabs"][1]
        tab["columns"].insert(1, tab["columns"].pop(0))
    copy.edit(copy.sheet, change)
    assert any("tabs[1](experiences).id_column: the ID column 'experience_id' must be the first "
               "column" in p for p in copy.problems())


def test_colours_only_for_the_column_s_own_choices(copy):
    copy.edit(copy.sheet, lambda d: _column(d, "students", "status")["colours"].update(Late="red"))
    assert any("columns[5](status).colours.Late: 'Late' is not one of the column's choices" in p
               for p in copy.problems())


def test_a_service_column_nobody_writes_is_refused(copy):
    copy.edit(copy.sheet, lambda d: _column(d, "students", "reasons").pop("producer"))
    [problem] = copy.problems()
    assert problem.startswith(f"{copy.sheet}:")
    assert "tabs[0](students).columns[6](reasons): a service-owned column needs a producer" in problem


def test_a_question_feeding_a_missing_column_names_the_form_and_question(copy):
    path = copy.forms / "reflection.json"
    copy.edit(path, lambda d: d["questions"][3].update(feeds="reflections.reflection_txt"))
    problem, orphan = copy.problems()
    assert "reflection.json:" in problem
    assert ("questions[3](reflection_text).feeds: reflections.reflection_txt: the Reflections "
            "tab has no column 'reflection_txt'") in problem
    # ... and the column it used to feed is now written by nothing.
    assert "columns[6](reflection): a service-owned column needs a producer" in orphan


def test_a_question_may_not_feed_a_people_owned_column(copy):
    path = copy.forms / "experience_proposal.json"
    copy.edit(path, lambda d: d["questions"][0].update(feeds="experiences.advisor_comment"))
    problems = copy.problems()
    assert any("questions[0](title).feeds: experiences.advisor_comment is owned by people" in p
               for p in problems)


def test_a_dropdown_must_match_the_options_of_its_question(copy):
    path = copy.forms / "interview_record.json"
    position = next(i for i, q in enumerate(json.loads(path.read_text())["questions"])
                    if q["key"] == "format")
    copy.edit(path, lambda d: d["questions"][position]["options"].append("Walk and talk"))
    [problem] = copy.problems()
    assert f"questions[{position}](format).feeds: the options" in problem
    assert "must be the column's choices" in problem


def test_an_answer_must_fit_its_column_type(copy):
    path = copy.forms / "reflection.json"
    copy.edit(path, lambda d: d["questions"][5].update(options=["Yes", "No", "Not sure"]))
    [problem] = copy.problems()
    assert "questions[5](ready_for_supervisor).feeds: a RADIO answer cannot go in a boolean column" in problem


def test_question_ids_are_unique_across_forms_and_below_80000000(copy):
    copy.edit(copy.forms / "reflection.json", lambda d: d["questions"][0].update(question_id="10000001"))
    copy.edit(copy.forms / "interview_record.json",
              lambda d: d["questions"][0].update(question_id="80000000"))
    problems = copy.problems()
    assert any("reflection.json" in p and "questions[0](experience_code).question_id: '10000001' is "
               "already a question ID of the experience_proposal form" in p for p in problems)
    assert any('questions[0](student).question_id: "80000000" does not match the pattern' in p
               for p in problems)


def test_a_condition_must_name_a_boolean_setting(copy):
    copy.edit(copy.forms / "experience_proposal.json",
              lambda d: d["questions"][12].update(only_if_setting="inactivity_gap_days"))
    [problem] = copy.problems()
    assert ("questions[12](hours_estimate).only_if_setting: 'inactivity_gap_days' is a number "
            "setting; a condition needs a boolean one") in problem


def test_every_problem_of_every_file_is_reported_at_once(copy):
    copy.edit(copy.sheet, lambda d: _column(d, "students", "name").update(type="colour"))
    copy.edit(copy.forms / "reflection.json", lambda d: d.update(responders="everyone"))
    problems = copy.problems()
    assert len(problems) == 2
    assert any("master_sheet.json" in p for p in problems)
    assert any("reflection.json" in p and "responders" in p for p in problems)


def test_the_schema_files_are_themselves_json_schema_documents():
    for path in (SHEET_SCHEMA, FORMS_DIR / "form.schema.json",
                 FORMS_DIR / "interview_topics.schema.json"):
        document = json.loads(path.read_text())
        assert document["$schema"].startswith("https://json-schema.org/")


# -- the interviews' topics (forms/interview_topics.json) -----------------------------
def test_each_interview_has_its_topics_and_a_format_of_the_record_form(templates):
    topics = templates.interview_topics
    assert sorted(topics) == [1, 2, 3]
    formats = templates.forms["interview_record"].question("format").options
    for stage in topics.values():
        assert stage.purpose and len(stage.topics) >= 5
        assert stage.suggested_format in formats
    assert any("project" in t.lower() for t in topics[1].topics)          # first ideas
    assert any("reflect" in t.lower() for t in topics[1].topics)          # preferences
    assert any("challenge" in t.lower() for t in topics[2].topics)
    assert any("advice for younger students" in t.lower() for t in topics[3].topics)


def test_the_topics_file_is_not_taken_for_a_form():
    assert "interview_topics" not in [p.stem for p in form_files()]


def test_a_topics_file_missing_an_interview_or_naming_an_unknown_format_is_refused(copy):
    path = copy.forms / "interview_topics.json"

    def change(document):
        document["interviews"][2]["number"] = 2
        document["interviews"][0]["suggested_format"] = "Walk and talk"
    copy.edit(path, change)
    problems = copy.problems()
    assert any("interviews[0].suggested_format: 'Walk and talk' is not one of the Interview "
               "record form's formats" in p for p in problems)
    assert any("interviews[2].number: interview 2 is listed twice" in p for p in problems)
    assert any("interview(s) 3 missing" in p for p in problems)


def test_a_topics_file_breaking_its_schema_names_the_file_line_and_field(copy):
    path = copy.forms / "interview_topics.json"
    copy.edit(path, lambda d: d["interviews"][1].update(topics=[], colour="red"))
    problems = copy.problems()
    assert any(p.startswith(f"{path}:") and "interviews[1].topics: must have at least 1 item"
               in p for p in problems)
    assert any("interviews[1].colour: unknown field 'colour'" in p for p in problems)
