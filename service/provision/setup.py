"""``cas setup``: the cohort's Drive folders, master Sheet and Forms, made once.

Acting as the coordinator, one Drive listing finds the cohort's tagged objects
(cohort.py, wherever the cohort lives); then, in order, each is found or made:

1. the root folder ``CAS <cohort>`` in the coordinator's My Drive, or at the top
   of the shared drive given with ``--shared-drive`` (checked first, one
   drives.get: the coordinator must be able to share folders there, and the
   drive must let non-members in, since students and advisors are not members);
2. the ``Advisors`` folder inside it;
3. the master Sheet, a Drive file made straight into the root folder with its
   tags, then built from the template in ONE spreadsheets.batchUpdate. An existing
   Sheet is left as it is (its Settings are the school's from then on);
4. the four Forms: forms.create, tagged and moved into the root folder at once
   (in a shared drive: a Drive files.create of a form, made tagged in the root
   folder, so it never sits in My Drive and needs no move), then one
   forms.batchUpdate of the template's items, forms.setPublishSettings, and the
   responders granted through Drive (below);
5. the IDs, responder links and shared drive in the Settings tab, written only
   where they differ (one read, at most one write).

Each object is tagged ``casState=new`` when made and ``ready`` when complete, so
a run stopped half-way is finished by the next one, never duplicated.

Two runs at once (a person pressing the button twice) both find nothing and both
make each object. Drive has no create-if-absent, so each run, right after making
an object, lists that object's kind again (``settle``): of several, the one made
first (``createdTime``, then ID) is the cohort's, and a run whose own is not it
deletes its own and goes on with the first, waiting for it to be complete when the
other run is still building it. A form is tagged a moment after forms.create makes
it, so the forms are settled once more before their IDs are recorded, when every
run's is tagged. Both runs therefore end on the same objects and record the same
IDs. A form is
the one object made untagged (forms.create takes only titles): it is named
``CAS <cohort> — <title>``, and the first listing also finds forms of those
names, so one left untagged by a stop is adopted.

Responders (https://developers.google.com/workspace/forms/api/guides/publish-form):
since 2025 who may answer a published form is a Drive permission with
``view: "published"`` (role ``publishedReader``): the school's domain for the
students' and staff forms (with verified email collection, from the template),
``anyone`` for the supervisor statement (no sign-in, a token in the link).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import time
from typing import Callable, Mapping

from ..templates import form_requests, load_templates, resolve_settings, sheet_requests
from ..workspace.drive import FORM as FORM_MIME, SPREADSHEET
from ..workspace.drive import FILE_FIELDS
from ..workspace.errors import NotFound
from .cohort import (ADVISORS, FORM, MASTER_SHEET, MY_DRIVE, READY, ROOT, CohortObjects,
                     find_cohort, is_ready, read_settings, tags)

FRAMEWORKS = {"current": "current-7", "older": "older-8"}


class SharedDriveRefused(RuntimeError):
    """The shared drive cannot hold the cohort (the message says why); nothing was made."""


@dataclasses.dataclass(frozen=True)
class SetupOptions:
    start: datetime.date | None = None
    end: datetime.date | None = None
    framework: str = "current"
    classroom_course: str | None = None
    shared_drive: str | None = None   # a shared drive's ID; None: My Drive (or where it is)


@dataclasses.dataclass
class SetupResult:
    made: list[str] = dataclasses.field(default_factory=list)
    found: list[str] = dataclasses.field(default_factory=list)
    sheet_id: str = ""
    sheet_url: str = ""
    recorded: dict[str, str] = dataclasses.field(default_factory=dict)  # settings written
    shared_drive: str = ""        # the shared drive holding the cohort; "": My Drive
    shared_drive_name: str = ""   # its name, when --shared-drive was given


def default_dates(cohort: str) -> tuple[datetime.date | None, datetime.date | None]:
    """A cohort named ``2026-2028`` runs from 1 September of its first year to 31
    March of its last (the IB's May exams end the programme; schools change it
    in Settings). Another kind of name gives no dates."""
    years = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", cohort.strip())
    if not years:
        return None, None
    return datetime.date(int(years[1]), 9, 1), datetime.date(int(years[2]), 3, 31)


def new_sheet_settings(config, options: SetupOptions, template) -> dict:
    """The settings of a new master Sheet: config, options and defaults, checked
    (``SettingsError`` names each bad one)."""
    start, end = default_dates(config.cohort)
    given = {"cohort": config.cohort, "cohort_start": options.start or start,
             "cohort_end": options.end or end,
             "outcome_framework": FRAMEWORKS[options.framework],
             "coordinator_emails": [config.subject]}
    if options.classroom_course:
        given["classroom_course_id"] = options.classroom_course
    return resolve_settings(template, given)


def run_setup(workspace, config, options: SetupOptions = SetupOptions(),
              templates=None) -> SetupResult:
    templates = templates or load_templates()
    step = _Setup(workspace, config, templates)
    return step.run(options)


SETTLE_WAIT = 120.0   # seconds to wait for another run to finish an object it made
SETTLE_FIELDS = FILE_FIELDS + ",createdTime,driveId"


class _Setup:
    def __init__(self, workspace, config, templates, sleep: Callable[[float], None] = time.sleep):
        self.drive, self.sheets, self.forms = workspace.drive, workspace.sheets, workspace.forms
        self.config, self.templates = config, templates
        self.cohort = config.cohort
        self.result = SetupResult()
        self.sleep = sleep
        self.made_ids: set[str] = set()   # what this run made (only those it may delete)

    def run(self, options: SetupOptions) -> SetupResult:
        settings = new_sheet_settings(self.config, options, self.templates.sheet)
        objects = find_cohort(self.drive, self.cohort, {
            self.form_name(form): key for key, form in self.templates.forms.items()},
            options.shared_drive or MY_DRIVE)
        self.in_shared_drive = objects.drive_id != MY_DRIVE
        self.result.shared_drive = objects.drive_id
        if options.shared_drive:
            self.check_shared_drive(objects, options.shared_drive)
        root = self.folder(objects, ROOT, f"CAS {self.cohort}", objects.drive_id or None)
        advisors = self.folder(objects, ADVISORS, "Advisors", root["id"])
        sheet = self.master_sheet(objects, root["id"], settings)
        tab = read_settings(self.sheets, sheet["id"])
        if sheet["_existing"]:
            # The Sheet's Settings rule from now on (a coordinator may have changed them).
            keys = {s.key for s in self.templates.sheet.settings}
            settings = resolve_settings(self.templates.sheet,
                                        {k: v for k, (_, v) in tab.items() if k in keys})
        ids = {"shared_drive_id": objects.drive_id, "root_folder_id": root["id"],
               "advisors_folder_id": advisors["id"]}
        for key, form in self.templates.forms.items():
            link = tab.get(f"{key}_form_link", (0, ""))[1]
            form_id, link = self.form(objects, key, form, root["id"], settings, link)
            ids[f"{key}_form_id"], ids[f"{key}_form_link"] = form_id, link
        for key in self.templates.forms:
            # A form is tagged a moment after it is made: another run may not have
            # seen ours, nor we theirs, when each settled. Now both are tagged.
            if ids[f"{key}_form_id"] not in self.made_ids:
                continue
            first = self.settle_again(FORM, key, ids[f"{key}_form_id"])
            if first["id"] != ids[f"{key}_form_id"]:
                ids[f"{key}_form_id"] = first["id"]
                ids[f"{key}_form_link"] = self.forms.get(first["id"]).get("responderUri", "")
        self.record(sheet["id"], tab, ids)
        return self.result

    # -- the shared drive ----------------------------------------------------
    def check_shared_drive(self, objects: CohortObjects, drive_id: str) -> None:
        """Refuse, before anything is made, a shared drive that cannot hold the
        cohort: the cohort is already elsewhere, the coordinator is not a member,
        or may not share folders there (organizers may; content managers unless
        the drive leaves folder sharing to organizers: ref-roles), or the drive
        lets in members only (students and advisors are not members)."""
        if objects.get(ROOT, ROOT) and objects.drive_id != drive_id:
            where = (f"in the shared drive {objects.drive_id}" if objects.drive_id
                     else "in your My Drive")
            raise SharedDriveRefused(
                f"The cohort {self.cohort} already has its folder {where}; setup does not "
                f"move it. Run `cas setup` without --shared-drive to keep it there.")
        try:
            found = self.drive.shared_drive(drive_id)
        except NotFound:
            raise SharedDriveRefused(
                f"{self.config.subject} is not a member of a shared drive with the ID "
                f"{drive_id!r} (the ID is the last part of the drive's address in Drive: "
                f"drive.google.com/drive/folders/ID).") from None
        can = found.get("capabilities") or {}
        restrictions = found.get("restrictions") or {}
        organizer = can.get("canManageMembers", False)
        content_manager = can.get("canTrashChildren", False) and can.get("canAddChildren", False)
        problems = []
        if not (organizer or (content_manager and
                              not restrictions.get("sharingFoldersRequiresOrganizerPermission"))):
            problems.append(f"{self.config.subject} must be a Manager of the shared drive "
                            f"(or a Content manager, if the drive lets them share folders): "
                            f"each student's folder is shared with the student")
        if restrictions.get("driveMembersOnly"):
            problems.append("the drive allows access to its members only; students and "
                            "advisors are not members: turn off 'Allow people who aren't "
                            "shared drive members to access files'")
        if problems:
            raise SharedDriveRefused(f"The shared drive {found.get('name', drive_id)!r} "
                                     f"cannot hold the cohort: " + "; ".join(problems) + ".")
        self.result.shared_drive_name = found.get("name", "")

    # -- each object ---------------------------------------------------------
    def folder(self, objects: CohortObjects, kind: str, name: str, parent: str | None) -> dict:
        found = objects.get(kind, kind)
        if found:
            self.result.found.append(f"folder {name}")
            return found
        made = self.drive.create_folder(name, parent, tags(self.cohort, kind, kind, ready=True),
                                        fields=SETTLE_FIELDS)
        kept = self.settle(kind, kind, made)
        self.result.made.append(f"folder {name}") if kept is made else \
            self.result.found.append(f"folder {name}")
        return kept

    def master_sheet(self, objects: CohortObjects, root_id: str, settings: Mapping) -> dict:
        found = objects.get(MASTER_SHEET, MASTER_SHEET)
        template = self.templates.sheet
        title = template.title.replace("{cohort}", self.cohort)
        if found and is_ready(found):
            self.result.found.append(f"master Sheet {found['name']}")
            sheet = {**found, "_existing": True}
        else:
            if not found:
                made = self.drive.create(title, SPREADSHEET, root_id,
                                         tags(self.cohort, MASTER_SHEET, MASTER_SHEET),
                                         fields=SETTLE_FIELDS)
                kept = self.settle(MASTER_SHEET, MASTER_SHEET, made)
                if kept is not made and is_ready(kept):   # another run made and built it
                    self.result.found.append(f"master Sheet {kept['name']}")
                    return self._sheet_result({**kept, "_existing": True})
                found = None if kept is made else kept
                sheet = kept
            else:
                sheet = found
            # A Sheet found half-made may already have had its one batchUpdate (it is
            # all or nothing): its template tabs tell.
            built = bool(found) and self._has_template_tabs(sheet["id"])
            if not built:
                self.sheets.batch_update(sheet["id"], sheet_requests(template, settings, ()))
            self.drive.update(sheet["id"], {"appProperties": {"casState": READY}})
            self.result.made.append(f"master Sheet {title}")
            sheet = {**sheet, "_existing": False}
        return self._sheet_result(sheet)

    def _sheet_result(self, sheet: dict) -> dict:
        self.result.sheet_id = sheet["id"]
        self.result.sheet_url = sheet.get("webViewLink", "")
        return sheet

    def settle(self, kind: str, key: str, made: dict) -> dict:
        """The object the cohort keeps, of ``made`` and any another run made at the
        same time: the first made. A run that made a later one deletes it; when the
        first is still being built by its run (``casState`` new), it waits for it a
        while (if that run died meanwhile, this one finishes it)."""
        listed = self._listed(kind, key)
        if not any(f["id"] == made["id"] for f in listed):
            listed.append(made)
        first = min(listed, key=lambda f: (f.get("createdTime", ""), f["id"]))
        if first["id"] == made["id"]:
            return made
        self.drive.delete(made["id"])
        waited = 0.0
        while not is_ready(first) and waited < SETTLE_WAIT:
            self.sleep(1.0)
            waited += 1.0
            first = self.drive.get(first["id"], SETTLE_FIELDS)
        return first

    def settle_again(self, kind: str, key: str, current: str) -> dict:
        """The first made of ``kind``/``key`` now that every run's is tagged: when it
        is not ``current``, ``current`` is deleted if this run made it."""
        listed = self._listed(kind, key)
        if not listed:
            return {"id": current}
        first = min(listed, key=lambda f: (f.get("createdTime", ""), f["id"]))
        if first["id"] != current and current in self.made_ids:
            self.drive.delete(current)
        waited = 0.0
        while first["id"] != current and not is_ready(first) and waited < SETTLE_WAIT:
            self.sleep(1.0)
            waited += 1.0
            first = self.drive.get(first["id"], SETTLE_FIELDS)
        return first

    def _listed(self, kind: str, key: str) -> list[dict]:
        return self.drive.find({"casCohort": self.cohort, "casKind": kind, "casId": key},
                               SETTLE_FIELDS, all_drives=True)

    def _has_template_tabs(self, spreadsheet_id: str) -> bool:
        got = self.sheets.get(spreadsheet_id, fields="sheets.properties.sheetId")
        ids = {s["properties"]["sheetId"] for s in got.get("sheets", [])}
        return {t.sheet_id for t in self.templates.sheet.tabs} <= ids

    def form(self, objects: CohortObjects, key: str, form, root_id: str, settings: Mapping,
             known_link: str) -> tuple[str, str]:
        found = objects.get(FORM, key)
        if found and is_ready(found):
            self.result.found.append(f"form {form.title}")
            link = known_link or self.forms.get(found["id"]).get("responderUri", "")
            return found["id"], link
        tagged = bool((found or {}).get("appProperties", {}).get("casKind"))
        made = not found
        if found:
            form_id = found["id"]
            current = self.forms.get(form_id)
            parents = found.get("parents") or []
        elif self.in_shared_drive:
            # Made tagged where it belongs (a Google Form is a Drive file of its MIME
            # type): forms.create would put it in My Drive, to be moved.
            form_id = self.drive.create(self.form_name(form), FORM_MIME, root_id,
                                        tags(self.cohort, FORM, key))["id"]
            current, parents, tagged = {}, [root_id], True  # empty: its link comes below
        else:
            current = self.forms.create(form.title, self.form_name(form))
            form_id = current["formId"]
            parents = self.drive.get(form_id, fields="parents").get("parents", [])
        if not tagged:
            # Tag it at once (and move it out of My Drive's top level), so a run
            # stopped from here on finds it by its tags.
            others = ",".join(p for p in parents if p != root_id)
            self.drive.update(form_id, {"appProperties": tags(self.cohort, FORM, key)},
                              add_parents=None if root_id in parents else root_id,
                              remove_parents=others or None)
        if made:
            self.made_ids.add(form_id)
            mine = self.drive.get(form_id, SETTLE_FIELDS)
            kept = self.settle(FORM, key, mine)
            if kept is not mine:    # another run's, made first
                if is_ready(kept):
                    self.result.found.append(f"form {form.title}")
                    return kept["id"], known_link or self.forms.get(kept["id"]).get(
                        "responderUri", "")
                form_id, current = kept["id"], self.forms.get(kept["id"])
        if not current.get("items"):
            reply = self.forms.batch_update(form_id, form_requests(form, settings),
                                            include_form=True)
            current = reply.get("form") or current
        self.forms.publish(form_id)
        self.grant_responders(form_id, form)
        self.drive.update(form_id, {"appProperties": {"casState": READY}})
        self.result.made.append(f"form {form.title}")
        return form_id, current.get("responderUri", "")

    def form_name(self, form) -> str:
        """The form's Drive name (its documentTitle): the cohort's, so a coordinator
        with several cohorts tells them apart, and a run stopped before tagging
        finds it by this name."""
        return f"CAS {self.cohort} — {form.title}"

    def grant_responders(self, form_id: str, form) -> None:
        """Who may answer, as a Drive permission in the ``published`` view. Drive
        answers a second identical grant with the existing permission, so a
        re-run after a stop here adds nothing."""
        anyone = form.responders == "anyone_with_link"
        self.drive.grant_form_responders(form_id, None if anyone else self.config.school_domain)

    # -- the Settings tab ----------------------------------------------------
    def record(self, spreadsheet_id: str, tab: Mapping, ids: Mapping[str, str]) -> None:
        """The IDs in the Settings tab's value cells, found by key, written RAW
        and only where they differ."""
        data = []
        for key, value in ids.items():
            if key not in tab and not value:
                continue  # a Sheet made before the row existed, with nothing to record
            if key not in tab:
                raise KeyError(f"The Settings tab has no row {key!r}; add it back "
                               f"(column A) and run setup again.")
            row, current = tab[key]
            if str(current) != value:
                data.append({"range": f"Settings!B{row}", "values": [[value]]})
                self.result.recorded[key] = value
        if data:
            self.sheets.values_batch_update(spreadsheet_id, data)
