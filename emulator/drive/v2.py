"""Drive v2, only as far as gspread's ``import_csv`` needs it.

gspread 6 (``HTTPClient.import_csv``) imports a CSV into an existing spreadsheet with
``PUT https://www.googleapis.com/upload/drive/v2/files/{id}?uploadType=media&convert=True
&supportsAllDrives=True`` and ``Content-Type: text/csv``. Recorded against Google
(gspread's tests/cassettes/ClientTest.test_import_csv.json, 2023): the answer is the
v2 File resource, and afterwards the spreadsheet holds one sheet, titled as the file,
with a new sheet ID and the CSV's rows; gspread documents it as "removes all other
worksheets and then entirely replaces the contents of the first worksheet". Values
are read as typed into Sheets (USER_ENTERED: numbers, dates, formulas), as Sheets
imports a CSV with "convert text to numbers, dates and formulas" on by default.

Everything else of Drive v2 (another method, a media type other than CSV, a file that
is not a spreadsheet, ``convert`` off) answers 501: v2 is another API, served here for
this one request.
"""

from __future__ import annotations

import copy
import csv
import io
import random

from ..core.call import handles
from ..core.errors import GoogleApiError
from .common import SPREADSHEET
from .handlers import _all_drives
from .views import user_resource, web_view_link


def _unsupported() -> GoogleApiError:
    return GoogleApiError(501, "The emulator serves Drive v2 only to import CSV into a "
                               "spreadsheet (files.update with uploadType=media, convert=true, "
                               "text/csv), as gspread's import_csv does.", "notImplemented")


@handles("drive.v2.files.update")
def files_update_v2(call):
    if call.media is None or call.body or not call.param("convert"):
        raise _unsupported()
    if (call.media_type or "").split(";")[0].strip().lower() != "text/csv":
        raise _unsupported()
    store = call.world.drive
    f = store.require(call.user, store.resolve_id(call.user, call.params["fileId"]))
    _all_drives(call, f["id"])
    store.require(call.user, f["id"], "writer")
    if f["mimeType"] != SPREADSHEET:
        raise _unsupported()
    import_csv(call.world, call.user, f, call.media)
    return v2_file(store, f, call.user)


def import_csv(world, user: str, f: dict, content: bytes) -> None:
    """Replace the spreadsheet's content with one sheet holding the CSV."""
    from ..sheets import values  # the Sheets store is built on this one: imported late
    sheets = world.sheets
    old = sheets.get_spreadsheet(user, f["id"], write=True)
    ss = sheets.blank(f["id"], f["name"])
    ss["properties"] = copy.deepcopy(old["properties"])
    ss["sheets"] = []
    sheet = sheets.add_sheet(ss, {"sheetId": random.randrange(1, 2**31 - 1), "title": f["name"]})
    text = content.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    width = max((len(r) for r in rows), default=0)
    values.grow(sheets, ss, sheet, len(rows), width)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value != "":
                values.put(sheets, sheet, i, j, value, "USER_ENTERED")
    sheets.spreadsheets[f["id"]] = ss
    world.drive.touch(f["id"], user)


def v2_file(store, f: dict, user: str) -> dict:
    """The v2 File resource (https://developers.google.com/workspace/drive/api/reference/rest/v2/files),
    the fields a client of this import reads."""
    owner = store.owner_of(f["id"])
    role = store.role_of(user, f["id"])
    root = store.roots.get(user)
    out = {"kind": "drive#file", "id": f["id"], "title": f["name"], "mimeType": f["mimeType"],
           "createdDate": f["createdTime"], "modifiedDate": f["modifiedTime"],
           "version": f.get("version", "1"), "explicitlyTrashed": bool(f.get("explicitlyTrashed")),
           "labels": {"starred": user in f.get("_starredBy", []), "hidden": False,
                      "trashed": store.is_trashed(f["id"]), "restricted": False, "viewed": True},
           "parents": [{"kind": "drive#parentReference", "id": p, "isRoot": p == root}
                       for p in f.get("parents", []) if store.role_of(user, p)],
           "alternateLink": web_view_link(f), "editable": role in ("writer", "fileOrganizer",
                                                                   "organizer", "owner"),
           "copyable": True, "writersCanShare": f.get("writersCanShare", True),
           "spaces": [store.space_of(f["id"])], "appDataContents": store.space_of(f["id"]) != "drive",
           "quotaBytesUsed": "0"}
    if owner:
        person = user_resource(owner, user)
        out["owners"] = [{"kind": "drive#user", "displayName": person["displayName"],
                          "emailAddress": owner, "permissionId": person["permissionId"],
                          "isAuthenticatedUser": owner == user}]
        out["ownerNames"] = [person["displayName"]]
    last = f.get("_lastModifyingUser")
    if last:
        out["lastModifyingUserName"] = user_resource(last, user)["displayName"]
    return out
