"""Each student's evidence in their Drive folder: how many files, and when one
last changed (the Students tab's "Evidence files" and "Last folder activity").

Drive's changes feed says what changed since the last sync
(https://developers.google.com/drive/api/guides/manage-changes), so a sync
recounts only the students whose folders changed:

* The cursor is a changes page token kept in the master Sheet's developer
  metadata (``casCursor.drive``), written in the sync's final batchUpdate with the
  cells it stands for, so a sync that dies before writing reads the same changes
  again next time.
* A change to a file whose parent is a student's folder marks that student. A
  parent that is no student's folder (a subfolder the student made) is looked up
  in Drive batch requests of files.get, up to ``DEPTH`` folders up, so evidence
  filed in a subfolder counts too. A change reported as ``removed`` (the
  coordinator lost sight of the file) names no folder and is passed over: a file
  a student deletes from their folder is trashed first, and that change names it.
* A marked student's folder is counted whole: files.list of its children, 40
  folders to a query, then of the subfolders found, down to ``DEPTH`` levels.
  Folders are not counted as evidence; trashed files are not counted.
* The first sync (no cursor), and a student whose count was never written (just
  provisioned), are counted whole.

Drive calls: one changes.list (per 1000 changes), a batch for the parents of
files filed in subfolders, and ceil(students marked / 40) listings per level.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Iterable, Mapping

from ..workspace.drive import FOLDER, quote

CURSOR_KEY = "casCursor.drive"
FOLDERS_PER_QUERY = 40   # a query of about 2,000 characters (the client sends it as a POST)
DEPTH = 4                # subfolder levels counted below a student's folder
_FOLDER_ID = re.compile(r"/folders/([A-Za-z0-9_-]+)")
def _ours(file: Mapping) -> bool:
    """A file the service made and tagged (``casKind``): the master Sheet, the forms,
    the folders, a student's "My CAS record". Not evidence: its changes (the master
    Sheet changes at every sync) mark no one for a recount and cost no parent lookup."""
    return bool((file.get("appProperties") or {}).get("casKind"))


def folder_id(link: str) -> str | None:
    """The folder ID in a Drive folder link (``…/drive/folders/ID``)."""
    found = _FOLDER_ID.search(link or "")
    return found.group(1) if found else None


@dataclasses.dataclass(frozen=True)
class Evidence:
    files: int
    last_change: datetime.date | None


@dataclasses.dataclass
class EvidenceRead:
    counts: dict[str, Evidence]   # student ID -> evidence, for the students counted
    cursor: str                   # where the next sync starts reading changes


def read_evidence(drive, folders: Mapping[str, str], uncounted: Iterable[str],
                  cursor: str | None) -> EvidenceRead:
    """Count the evidence of the students whose folders changed since ``cursor``
    (all of them without a cursor) and of those in ``uncounted``.
    ``folders``: student ID -> their folder's ID."""
    owner = {fid: sid for sid, fid in folders.items()}
    if cursor:
        changes, new_cursor = drive.changes(
            cursor, fields="fileId,removed,file(id,mimeType,parents,trashed,appProperties)")
        marked = set(_owners_of_changes(drive, changes, owner))
    else:
        new_cursor = drive.start_page_token()  # before counting: nothing slips between
        marked = set(folders)
    marked |= {sid for sid in uncounted if sid in folders}
    return EvidenceRead(count_folders(drive, {sid: folders[sid] for sid in marked}), new_cursor)


def _owners_of_changes(drive, changes: list[dict], owner: Mapping[str, str]) -> Iterable[str]:
    """The students whose folder trees hold the changed files."""
    parents_of: dict[str, list[str]] = {}   # folder ID -> its parents, as looked up
    pending: set[str] = set()               # folders to look up
    for change in changes:
        file = change.get("file")
        if change.get("removed") or not file:
            continue
        if file["id"] in owner:                # the student's folder itself
            yield owner[file["id"]]
            continue
        if _ours(file):
            continue
        for parent in file.get("parents") or []:
            if parent in owner:
                yield owner[parent]
            else:
                pending.add(parent)
    for _ in range(DEPTH):
        unknown = [f for f in pending if f not in parents_of]
        if not unknown:
            return
        for fid, answer in zip(unknown, drive.batch(
                drive.get_request(f, fields="id,parents") for f in unknown)):
            parents_of[fid] = (answer.value or {}).get("parents", []) if answer.ok else []
        pending = set()
        for fid in unknown:
            for parent in parents_of[fid]:
                if parent in owner:
                    yield owner[parent]
                elif parent not in parents_of:
                    pending.add(parent)


def count_folders(drive, folders: Mapping[str, str]) -> dict[str, Evidence]:
    """Each student's files and latest modification, their folder tree listed
    level by level, 40 folders to a files.list query."""
    files = {sid: 0 for sid in folders}
    latest: dict[str, str] = {}
    level = {fid: sid for sid, fid in folders.items()}
    for _ in range(DEPTH + 1):
        if not level:
            break
        below: dict[str, str] = {}
        ids = list(level)
        for start in range(0, len(ids), FOLDERS_PER_QUERY):
            chunk = ids[start:start + FOLDERS_PER_QUERY]
            query = " or ".join(f"{quote(fid)} in parents" for fid in chunk)
            for item in drive.files(f"({query}) and trashed = false",
                                    "id,mimeType,parents,modifiedTime,appProperties",
                                    all_drives=True):
                sid = next((level[p] for p in item.get("parents") or [] if p in level), None)
                if sid is None or _ours(item):
                    continue
                if item.get("mimeType") == FOLDER:
                    below[item["id"]] = sid
                    continue
                files[sid] += 1
                latest[sid] = max(latest.get(sid, ""), item.get("modifiedTime", ""))
        level = below
    return {sid: Evidence(n, _day(latest.get(sid))) for sid, n in files.items()}


def _day(timestamp: str | None) -> datetime.date | None:
    if not timestamp:
        return None
    try:
        return datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).date()
    except ValueError:
        return None
