"""Helpers of the end-of-cohort tests (test_closing_*.py): what the records step and
people leave in Drive and the master Sheet before a moderation pack, an archive or
a retention run, all through the real clients."""

from __future__ import annotations

import datetime
import io

import requests
from googleapiclient.http import MediaInMemoryUpload

from service.sync.table import column_letter

COORDINATOR = "coordinator@demo-school.example"
COHORT = "2026-2028"
DOC = "application/vnd.google-apps.document"
FOLDER = "application/vnd.google-apps.folder"
MODERATOR = "moderator@ibo.example"
STATUSES = ("Not started", "On track", "At risk", "Complete", "Incomplete")


def set_column(sheets, master, title, header, values_by_id):
    """A person (the coordinator) types values in a column of a tab, row by ID:
    one read and one write."""
    rows = sheets.spreadsheets().values().get(spreadsheetId=master, range=title).execute()["values"]
    col = column_letter(rows[0].index(header))
    data = [{"range": f"'{title}'!{col}{i + 1}", "values": [[values_by_id[row[0]]]]}
            for i, row in enumerate(rows) if i and row and row[0] in values_by_id]
    sheets.spreadsheets().values().batchUpdate(spreadsheetId=master, body={
        "valueInputOption": "USER_ENTERED", "data": data}).execute()


def statuses_round_robin(sheets, master, student_ids):
    """Every status, in turn, over the students (what syncs would have computed)."""
    set_column(sheets, master, "Students", "Status",
               {sid: STATUSES[i % len(STATUSES)] for i, sid in enumerate(student_ids)})


def make_record(drive, folder_id, student_id, text, cohort=COHORT):
    """A student's "My CAS record" Doc as the records step makes it (the contract:
    casKind=studentRecord, casId, casCohort, casHash)."""
    page = f"<html><body><h1>My CAS record</h1><p>{text}</p></body></html>".encode()
    return drive.files().create(
        body={"name": "My CAS record", "mimeType": DOC, "parents": [folder_id],
              "appProperties": {"casKind": "studentRecord", "casId": student_id,
                                "casCohort": cohort, "casHash": str(abs(hash(text)))}},
        media_body=MediaInMemoryUpload(page, mimetype="text/html"), fields="id").execute()["id"]


def children(drive, folder_id, trashed=False):
    query = f"'{folder_id}' in parents" + ("" if trashed else " and trashed = false")
    return drive.files().list(q=query, fields="files(id,name,mimeType,appProperties)",
                              pageSize=1000).execute()["files"]


def tagged(drive, kind, cohort=COHORT):
    return drive.files().list(
        q=f"appProperties has {{ key='casKind' and value='{kind}' }} and "
          f"appProperties has {{ key='casCohort' and value='{cohort}' }} and trashed = false",
        fields="files(id,name,webViewLink,appProperties)").execute()["files"]


def everything(drive):
    """Every file the coordinator can see (ID -> name), trashed or not."""
    return {f["id"]: f["name"] for f in drive.files().list(
        pageSize=1000, fields="files(id,name)").execute()["files"]}


def pdf_text(data: bytes) -> str:
    import pypdf
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def in_days(days: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def advance(emulator, days: float) -> None:
    answer = requests.post(f"{emulator.url}/emulator/clock",
                           json={"advanceSeconds": days * 86400}, timeout=60)
    assert answer.status_code == 200


def sync_log(sheets, master):
    """The Sync log's lines, oldest first, as dicts by header."""
    rows = sheets.spreadsheets().values().get(spreadsheetId=master,
                                              range="Sync log").execute().get("values", [])
    return [dict(zip(rows[0], row)) for row in rows[1:] if row]
