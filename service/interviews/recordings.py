"""A recording of an interview, linked from the Interview record form, checked to be
in the student's CAS folder (issue 13: a recording in the student's folder is
evidence).

The link is always kept (the Interviews tab's Recording cell); what the check finds
is a line of the row's Sync notes, never a refusal:

* a Drive file's link (``…/file/d/ID/…``, ``…/document/d/ID``, ``open?id=ID``) is
  looked up with files.get (its ``parents``,
  https://developers.google.com/workspace/drive/api/reference/rest/v3/files/get)
  and its folders' parents in turn, up to evidence.DEPTH levels, as the evidence
  count goes down. In the student's folder (or a subfolder), or for a group record
  in a group member's, it is fine; elsewhere, in the bin, or out of the
  coordinator's sight (404), it is noted, and when Drive gives another error the
  note says it was not checked;
* a link that is not a Drive file's is noted as not checked.

Only rows whose link is new in this sync are looked up: Drive batch requests of
files.get, one per folder level, none at all in a sync with no new link. A row
read again with the same link keeps the note it had.
"""

from __future__ import annotations

import re

from ..sync import records
from ..sync.evidence import DEPTH, folder_id

NOTE = "Recording: "
GOOGLE_HOSTS = ("https://drive.google.com/", "https://docs.google.com/")
_FILE_PATH = re.compile(r"^/(?:file|document|spreadsheets|presentation)/d/([A-Za-z0-9_-]{10,})"
                        r"|^/(?:open|uc)\?(?:.*&)?id=([A-Za-z0-9_-]{10,})")


def drive_file_id(link: str, hosts=GOOGLE_HOSTS) -> str | None:
    """The Drive file ID a link names, or None when it is not a Drive file's link
    (a folder's link is not a file's: a recording is a file). ``hosts``: where
    Drive's pages are (Google's; the emulator serves the same paths at its own)."""
    link = (link or "").strip()
    host = next((h for h in hosts if h and link.startswith(h.rstrip("/") + "/")), None)
    if host is None:
        return None
    found = _FILE_PATH.match(link[len(host.rstrip("/")):])
    return (found.group(1) or found.group(2)) if found else None


def check_recordings(drive, changes, hosts=GOOGLE_HOSTS) -> int:
    """Check the recording links new in this sync (the module docstring); the
    Interviews rows' Sync notes get what was found. Returns how many were looked up."""
    folders = {records.text(c.get("student_id")): folder_id(records.text(c.get("folder_link")))
               for c in changes.all("students")}
    read = changes.read.get("interviews", {})
    touched = list(changes.new.get("interviews", {})) + list(changes.updates.get("interviews", {}))
    groups: dict[str, set[str]] = {}
    for cells in changes.all("interviews"):
        if records.text(cells.get("group_id")):
            groups.setdefault(records.text(cells.get("group_id")), set()).add(
                records.text(cells.get("student_id")))
    to_check: dict[str, tuple[str, set[str], str]] = {}   # row -> (file ID, folders, name)
    for rid in touched:
        cells = changes.current("interviews", rid) or {}
        link = records.text(cells.get("recording_link"))
        before = read.get(rid)
        if before is not None and records.text(before.get("recording_link")) == link:
            _keep_note(changes, rid, before, cells)
            continue
        if not link:
            continue
        file_id = drive_file_id(link, hosts)
        if not file_id:
            _note(changes, rid, cells, "the link is not a Drive file's, so where it is was "
                                       "not checked.")
            continue
        sid = records.text(cells.get("student_id"))
        members = groups.get(records.text(cells.get("group_id")), set()) | {sid}
        allowed = {folders[m] for m in members if folders.get(m)}
        to_check[rid] = (file_id, allowed, records.text(cells.get("student_name")) or sid)
    if not to_check:
        return 0
    found = _where(drive, {file_id for file_id, _, _ in to_check.values()},
                   {f for _, allowed, _ in to_check.values() for f in allowed})
    for rid, (file_id, allowed, name) in to_check.items():
        cells = changes.current("interviews", rid) or {}
        state = found.get(file_id)
        if state is not None and state.get("error"):
            _note(changes, rid, cells, f"not checked: Drive did not answer ({state['error']}).")
        elif state is None:
            _note(changes, rid, cells, "the coordinator cannot open this Drive file (it is "
                                       "missing or not shared with them): check it is in "
                                       f"{name}'s CAS folder.")
        elif state["trashed"]:
            _note(changes, rid, cells, "the Drive file is in the bin.")
        elif not (state["ancestors"] & allowed):
            _note(changes, rid, cells, f"the Drive file is not in {name}'s CAS folder: move "
                                       f"it there so it stays with their record.")
    return len(to_check)


def _where(drive, file_ids: set[str], stop: set[str]) -> dict[str, dict]:
    """Each file that could be read: whether it is trashed and its folders up to DEPTH
    levels (batch requests of files.get, one per level), not looking above a folder
    of ``stop`` (the students' folders)."""
    parents: dict[str, list[str]] = {}
    found: dict[str, dict] = {}
    ids = sorted(file_ids)
    for fid, answer in zip(ids, drive.batch(
            drive.get_request(f, fields="id,parents,trashed") for f in ids)):
        if answer.ok:
            value = answer.value or {}
            found[fid] = {"trashed": bool(value.get("trashed")), "ancestors": set()}
            parents[fid] = value.get("parents") or []
        elif answer.error.status != 404:     # not "cannot open": Drive refused or failed
            found[fid] = {"error": f"{answer.error.status} {answer.error.reason}"}
            parents[fid] = []
    level = {p for fid in found for p in parents[fid]}
    for _ in range(DEPTH):
        unknown = sorted(p for p in level if p not in parents and p not in stop)
        if not unknown:
            break
        for fid, answer in zip(unknown, drive.batch(
                drive.get_request(f, fields="id,parents") for f in unknown)):
            parents[fid] = (answer.value or {}).get("parents", []) if answer.ok else []
        level = {p for fid in unknown for p in parents[fid]}
    for fid, state in found.items():
        if state.get("error"):
            continue
        todo, seen = list(parents[fid]), set()
        while todo:
            folder = todo.pop()
            if folder in seen:
                continue
            seen.add(folder)
            todo += parents.get(folder, [])
        state["ancestors"] = seen
    return found


def _note(changes, rid: str, cells: dict, text: str) -> None:
    lines = [line for line in records.text(cells.get("sync_flags")).splitlines()
             if line and not line.startswith(NOTE)]
    _set_flags(changes, rid, "\n".join(lines + [NOTE + text]))


def _keep_note(changes, rid: str, before: dict, cells: dict) -> None:
    """A row read again with the same link keeps the note the check wrote."""
    kept = [line for line in records.text(before.get("sync_flags")).splitlines()
            if line.startswith(NOTE)]
    lines = [line for line in records.text(cells.get("sync_flags")).splitlines()
             if line and not line.startswith(NOTE)]
    if kept:
        _set_flags(changes, rid, "\n".join(lines + kept))


def _set_flags(changes, rid: str, text: str) -> None:
    """The row's Sync notes; a row read whose notes come back as they were is not
    written (an update made earlier in this sync is withdrawn)."""
    before = changes.read.get("interviews", {}).get(rid)
    if before is not None and records.text(before.get("sync_flags")) == text:
        updates = changes.updates.get("interviews", {}).get(rid)
        if updates is not None:
            updates.pop("sync_flags", None)
            if not updates:
                changes.updates["interviews"].pop(rid)
        return
    changes.upsert("interviews", rid, {"sync_flags": text})
