"""The sample cohort the demo sets up: a folder and a master Sheet inside it.

Everything is found by its ``appProperties`` before anything is created, as the
service's provisioning will do (DESIGN.md §3), so a re-run on the same data
folder creates nothing twice. The calls go through the service's client
helpers and the real client libraries: google-api-python-client for Drive,
gspread for the Sheet's values.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.config import EmulatorConfig
from service.workspace import clients

FOLDER = "application/vnd.google-apps.folder"
SPREADSHEET = "application/vnd.google-apps.spreadsheet"

HEADER = ["Student ID", "Name", "Email", "Advisor", "Status"]
SAMPLE_ROWS = [
    ["S001", "Ada Lovelace", "ada.lovelace@demo-school.example",
     "advisor@demo-school.example", "On track"],
    ["S002", "Alan Turing", "alan.turing@demo-school.example",
     "advisor@demo-school.example", "Needs attention"],
]


@dataclass
class Made:
    """One object the demo made or found."""
    what: str           # "Folder", "Spreadsheet"
    name: str
    id: str
    link: str
    created: bool


def set_up(config: EmulatorConfig) -> list[Made]:
    credentials = clients.EmulatorCredentials(config.subject)
    drive = clients.build("drive", "v3", credentials, config.emulator_url)
    folder = _find_or_create(drive, config, "demoFolder", f"CAS {config.cohort} (demo)", FOLDER)
    sheet = _find_or_create(drive, config, "demoMasterSheet", "CAS master (demo)", SPREADSHEET,
                            parent=folder.id)
    _write_sample_rows(clients.gspread_client(credentials, config.emulator_url), sheet.id)
    return [folder, sheet]


def _find_or_create(drive, config, kind: str, name: str, mime_type: str,
                    parent: str | None = None) -> Made:
    what = "Folder" if mime_type == FOLDER else "Spreadsheet"
    query = (f"appProperties has {{ key='casKind' and value='{kind}' }} and "
             f"appProperties has {{ key='casCohort' and value='{config.cohort}' }} and "
             f"trashed = false")
    if parent:
        query += f" and '{parent}' in parents"
    found = drive.files().list(q=query, orderBy="createdTime", pageSize=10,
                               fields="files(id,name,webViewLink)").execute()["files"]
    if found:  # the oldest, should a person have copied it
        f = found[0]
        return Made(what, f["name"], f["id"], f.get("webViewLink", ""), created=False)
    body = {"name": name, "mimeType": mime_type,
            "appProperties": {"casKind": kind, "casId": kind, "casCohort": config.cohort}}
    if parent:
        body["parents"] = [parent]
    f = drive.files().create(body=body, fields="id,name,webViewLink").execute()
    return Made(what, f["name"], f["id"], f.get("webViewLink", ""), created=True)


def _write_sample_rows(gc, spreadsheet_id: str) -> None:
    """Header and two rows, written only while the first sheet is empty: a re-run
    never overwrites what a person typed since."""
    worksheet = gc.open_by_key(spreadsheet_id).sheet1
    # gspread answers an empty range as [[]], hence "any row".
    if any(row for row in worksheet.get("A1:E3")):
        return
    worksheet.update(values=[HEADER, *SAMPLE_ROWS], range_name="A1")
