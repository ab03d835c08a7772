"""Drive v3: folders and files with our ``appProperties``, sharing, changes, and
batch requests (https://developers.google.com/drive/api/reference/rest/v3).

Operations come in two forms: ``create_folder(...)`` does it now; the
``*_request(...)`` builders return the unexecuted request, for ``batch()``.

My Drive and shared drives alike: every call says ``supportsAllDrives=true``
("Whether the requesting application supports both My Drives and shared
drives"; without it Drive answers 404 for a shared drive's items), and every
listing ``includeItemsFromAllDrives=true``. A listing searches the acting user's
files (``corpora=user``, the default), one shared drive (``drive_id``:
``corpora=drive``, which needs ``driveId``) or My Drive and every shared drive
they are a member of (``all_drives``: ``corpora=allDrives``). Items of a shared
drive carry ``driveId`` and no ``permissions`` field ("Not populated for items
in shared drives"): ``permissions_of`` reads them.
"""

from __future__ import annotations

import collections
import dataclasses
from typing import Any, Iterable, Mapping

from googleapiclient.http import MediaInMemoryUpload

from . import clients
from .errors import WorkspaceError
from .gateway import ApiGateway
from .retry import is_retryable

FOLDER = "application/vnd.google-apps.folder"
SPREADSHEET = "application/vnd.google-apps.spreadsheet"
FORM = "application/vnd.google-apps.form"
DOCUMENT = "application/vnd.google-apps.document"
# A batch request holds at most 100 calls
# (https://developers.google.com/drive/api/guides/performance#batch-requests).
BATCH_LIMIT = 100
# Drive's sustained write rate per user, which its documentation does not state;
# about 3 a second is what is observed, and what the emulator's google preset applies.
SUSTAINED_WRITES_PER_SECOND = 3
FILE_FIELDS = "id,name,mimeType,parents,appProperties,webViewLink,trashed"
# permissions.list answers at most 100 a page for an item of a shared drive.
PERMISSIONS_PAGE = 100


@dataclasses.dataclass
class PartResult:
    """One call of a batch: its answer, or the error it ended with."""

    value: Any = None
    error: WorkspaceError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def quote(value: str) -> str:
    """A string literal of Drive's query language: ``'`` and ``\\`` escaped
    (https://developers.google.com/drive/api/guides/ref-search-terms)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def app_properties_query(properties: Mapping[str, str]) -> str:
    """``appProperties has { key='k' and value='v' } and ...`` for each pair."""
    return " and ".join(f"appProperties has {{ key={quote(k)} and value={quote(v)} }}"
                        for k, v in properties.items())


class IncompleteSearch(WorkspaceError):
    """files.list answered ``incompleteSearch``: "some search results may be missing,
    since all documents were not searched" (several shared drives at once). What it
    did not find may exist, so nothing may be made on the strength of its answer."""


class Drive(ApiGateway):
    api, version = "drive", "v3"

    # -- files -------------------------------------------------------------
    def files(self, query: str, fields: str = FILE_FIELDS, page_size: int = 1000,
              order_by: str | None = None, *, drive_id: str | None = None,
              all_drives: bool = False) -> list[dict]:
        """Every file the acting user can find that matches ``query`` (files.list,
        all pages; 1000 a page, Drive's maximum, to spend the fewest calls): in
        their own files, in the shared drive ``drive_id``, or with ``all_drives``
        in My Drive and every shared drive they are a member of. Raises
        ``IncompleteSearch`` rather than answer with files missing."""
        params = {"q": query, "pageSize": page_size, "supportsAllDrives": True,
                  "includeItemsFromAllDrives": True,
                  "fields": f"nextPageToken,incompleteSearch,files({fields})"}
        if drive_id:
            params.update(corpora="drive", driveId=drive_id)
        elif all_drives:
            params["corpora"] = "allDrives"
        if order_by:
            params["orderBy"] = order_by
        found, token = [], None
        while True:
            page = self.call(self.service.files().list(
                **params, **({"pageToken": token} if token else {})))
            if page.get("incompleteSearch"):
                raise IncompleteSearch(200, "incompleteSearch", (
                    "Drive did not search every shared drive, so the cohort's files may "
                    "be missing from its answer; nothing was made. Run the command again."),
                    "drive.files.list")
            found += page.get("files", [])
            token = page.get("nextPageToken")
            if not token:
                return found

    def find(self, app_properties: Mapping[str, str], fields: str = FILE_FIELDS,
             include_trashed: bool = False, *, drive_id: str | None = None,
             all_drives: bool = False) -> list[dict]:
        """Files carrying all these ``appProperties`` (how provisioning finds what
        exists), searched as ``files`` says."""
        query = app_properties_query(app_properties)
        if not include_trashed:
            query += " and trashed = false"
        return self.files(query, fields, drive_id=drive_id, all_drives=all_drives)

    def get_request(self, file_id: str, fields: str = FILE_FIELDS):
        return self.service.files().get(fileId=file_id, fields=fields, supportsAllDrives=True)

    def get(self, file_id: str, fields: str = FILE_FIELDS) -> dict:
        return self.call(self.get_request(file_id, fields))

    def create_request(self, name: str, mime_type: str | None = None, parent_id: str | None = None,
                       app_properties: Mapping[str, str] | None = None,
                       fields: str = FILE_FIELDS, **extra):
        """files.create of a file with no content (a folder, or an empty Google Sheet or Form)."""
        body = _file_body(name, mime_type, parent_id, app_properties, extra)
        return self.service.files().create(body=body, fields=fields, supportsAllDrives=True)

    def create(self, name: str, mime_type: str | None = None, parent_id: str | None = None,
               app_properties: Mapping[str, str] | None = None, fields: str = FILE_FIELDS,
               **extra) -> dict:
        return self.call(self.create_request(name, mime_type, parent_id, app_properties,
                                             fields, **extra))

    def upload(self, name: str, data: bytes, media_type: str, *, mime_type: str | None = None,
               parent_id: str | None = None, app_properties: Mapping[str, str] | None = None,
               fields: str = FILE_FIELDS, **extra) -> dict:
        """files.create with content, in one multipart request (Drive's upload guide:
        for files of 5 MB or less with metadata). With ``mime_type`` a Google type
        (``DOCUMENT``), Drive imports the content: HTML becomes a Google Doc."""
        body = _file_body(name, mime_type, parent_id, app_properties, extra)
        media = MediaInMemoryUpload(data, mimetype=media_type, resumable=False)
        return self.call(self.service.files().create(body=body, media_body=media, fields=fields,
                                                     supportsAllDrives=True))

    def replace_content(self, file_id: str, data: bytes, media_type: str,
                        body: Mapping | None = None, fields: str = FILE_FIELDS) -> dict:
        """files.update with new media: the file keeps its ID and links (a Doc's
        content is imported again from the media)."""
        media = MediaInMemoryUpload(data, mimetype=media_type, resumable=False)
        return self.call(self.service.files().update(
            fileId=file_id, body=dict(body or {}), media_body=media, fields=fields,
            supportsAllDrives=True))

    def export(self, file_id: str, mime_type: str) -> bytes:
        """files.export: a Google Doc (or Sheet) as ``mime_type``, e.g. application/pdf
        (https://developers.google.com/drive/api/reference/rest/v3/files/export;
        at most 10 MB)."""
        return self.call(self.service.files().export(fileId=file_id, mimeType=mime_type))

    def download(self, file_id: str) -> bytes:
        """files.get with ``alt=media``: an uploaded file's bytes (not a Google type's)."""
        return self.call(self.service.files().get_media(fileId=file_id, supportsAllDrives=True))

    def create_folder_request(self, name: str, parent_id: str | None = None,
                              app_properties: Mapping[str, str] | None = None,
                              fields: str = FILE_FIELDS):
        return self.create_request(name, FOLDER, parent_id, app_properties, fields)

    def create_folder(self, name: str, parent_id: str | None = None,
                      app_properties: Mapping[str, str] | None = None,
                      fields: str = FILE_FIELDS) -> dict:
        return self.call(self.create_folder_request(name, parent_id, app_properties, fields))

    def update_request(self, file_id: str, body: Mapping | None = None,
                       add_parents: str | None = None, remove_parents: str | None = None,
                       fields: str = FILE_FIELDS):
        """files.update (patch): a new name or ``appProperties``, or a move between folders."""
        params = {"fileId": file_id, "body": dict(body or {}), "fields": fields,
                  "supportsAllDrives": True}
        if add_parents:
            params["addParents"] = add_parents
        if remove_parents:
            params["removeParents"] = remove_parents
        return self.service.files().update(**params)

    def update(self, file_id: str, body: Mapping | None = None, add_parents: str | None = None,
               remove_parents: str | None = None, fields: str = FILE_FIELDS) -> dict:
        return self.call(self.update_request(file_id, body, add_parents, remove_parents, fields))

    def move(self, file_id: str, to_folder: str, from_folder: str, fields: str = FILE_FIELDS) -> dict:
        """Move a file or folder (a student whose advisor changed): its sharing follows."""
        return self.update(file_id, add_parents=to_folder, remove_parents=from_folder, fields=fields)

    def delete(self, file_id: str) -> None:
        self.call(self.service.files().delete(fileId=file_id, supportsAllDrives=True))

    def trash(self, file_id: str, trashed: bool = True, fields: str = FILE_FIELDS) -> dict:
        """files.update ``trashed``: into Drive's trash (kept 30 days, then deleted for
        good) or back out of it. Only the owner (in a shared drive, a content manager)
        may; what is inside a folder goes with it."""
        return self.update(file_id, {"trashed": trashed}, fields=fields)

    # -- sharing -----------------------------------------------------------
    def share_request(self, file_id: str, email: str, role: str = "writer",
                      fields: str = "id,type,role,emailAddress"):
        """permissions.create for one person, without Google's sharing email (the
        service sends its own welcome; ``sendNotificationEmail`` is allowed to be
        false for users and groups)."""
        return self.service.permissions().create(
            fileId=file_id, sendNotificationEmail=False, fields=fields, supportsAllDrives=True,
            body={"type": "user", "role": role, "emailAddress": email})

    def share(self, file_id: str, email: str, role: str = "writer") -> dict:
        return self.call(self.share_request(file_id, email, role))

    def share_until(self, file_id: str, email: str, role: str, expires: str,
                    fields: str = "id,type,role,emailAddress,expirationTime") -> dict:
        """permissions.create for one person whose access ends at ``expires`` (RFC 3339;
        Permission.expirationTime: user and group permissions only, in the future, at
        most a year ahead), without Google's sharing email."""
        return self.call(self.service.permissions().create(
            fileId=file_id, sendNotificationEmail=False, fields=fields, supportsAllDrives=True,
            body={"type": "user", "role": role, "emailAddress": email,
                  "expirationTime": expires}))

    def update_permission_request(self, file_id: str, permission_id: str, *,
                                  role: str | None = None, expires: str | None = None,
                                  fields: str = "id,type,role,emailAddress,expirationTime"):
        """permissions.update (patch): a new role, or a new expiration time."""
        body = {}
        if role:
            body["role"] = role
        if expires:
            body["expirationTime"] = expires
        return self.service.permissions().update(fileId=file_id, permissionId=permission_id,
                                                 body=body, fields=fields,
                                                 supportsAllDrives=True)

    def update_permission(self, file_id: str, permission_id: str, *, role: str | None = None,
                          expires: str | None = None) -> dict:
        return self.call(self.update_permission_request(file_id, permission_id, role=role,
                                                        expires=expires))

    def grant_form_responders(self, form_id: str, domain: str | None = None) -> dict:
        """Who may answer a published form: a permission in Drive's ``published`` view
        (https://developers.google.com/workspace/forms/api/guides/publish-manage-responders),
        for the school's domain, or for anyone with the link when ``domain`` is None."""
        body = ({"type": "domain", "domain": domain} if domain else {"type": "anyone"})
        return self.call(self.service.permissions().create(
            fileId=form_id, sendNotificationEmail=False, fields="id,type,role",
            supportsAllDrives=True, body={**body, "role": "reader", "view": "published"}))

    def permissions(self, file_id: str,
                    fields: str = "id,type,role,emailAddress,permissionDetails") -> list[dict]:
        return list(self.pages(self.service.permissions().list, "permissions", fileId=file_id,
                               fields=f"nextPageToken,permissions({fields})",
                               supportsAllDrives=True))

    def permissions_request(self, file_id: str, fields: str, page_token: str | None = None):
        """permissions.list, one page
        (https://developers.google.com/drive/api/reference/rest/v3/permissions/list)."""
        return self.service.permissions().list(
            fileId=file_id, pageSize=PERMISSIONS_PAGE, supportsAllDrives=True,
            fields=f"nextPageToken,permissions({fields})",
            **({"pageToken": page_token} if page_token else {}))

    def permissions_of(self, file_ids: Iterable[str],
                       fields: str = "id,type,role,emailAddress") -> dict[str, list[dict]]:
        """The permissions of each file, read in batch requests of up to 100
        permissions.list calls (one call a file; a file with more than 100
        permissions costs one more call per further page). Raises the error of
        the first file that could not be read."""
        file_ids = list(dict.fromkeys(file_ids))
        found: dict[str, list[dict]] = {}
        answers = self.batch(self.permissions_request(f, fields) for f in file_ids)
        for file_id, answer in zip(file_ids, answers):
            if not answer.ok:
                raise answer.error
            found[file_id] = list(answer.value.get("permissions", []))
            token = answer.value.get("nextPageToken")
            while token:
                page = self.call(self.permissions_request(file_id, fields, token))
                found[file_id] += page.get("permissions", [])
                token = page.get("nextPageToken")
        return found

    def role_request(self, file_id: str, permission_id: str, role: str,
                     fields: str = "id,type,role,emailAddress"):
        """permissions.update of a permission's role, e.g. writer -> reader
        (https://developers.google.com/drive/api/reference/rest/v3/permissions/update)."""
        return self.service.permissions().update(
            fileId=file_id, permissionId=permission_id, body={"role": role}, fields=fields,
            supportsAllDrives=True)

    def unshare_request(self, file_id: str, permission_id: str):
        return self.service.permissions().delete(fileId=file_id, permissionId=permission_id,
                                                 supportsAllDrives=True)

    def unshare(self, file_id: str, permission_id: str) -> None:
        self.call(self.unshare_request(file_id, permission_id))

    # -- shared drives -----------------------------------------------------
    def shared_drives(self) -> list[dict]:
        """drives.list (https://developers.google.com/drive/api/reference/rest/v3/drives/list):
        the shared drives the acting user is a member of, ``id`` and ``name``."""
        return list(self.pages(self.service.drives().list, "drives", pageSize=100,
                               fields="nextPageToken,drives(id,name)"))

    def shared_drive(self, drive_id: str,
                     fields: str = "id,name,capabilities,restrictions") -> dict:
        """drives.get (https://developers.google.com/drive/api/reference/rest/v3/drives/get):
        the shared drive as the acting user sees it (404 unless they are a member)."""
        return self.call(self.service.drives().get(driveId=drive_id, fields=fields))

    # -- changes -----------------------------------------------------------
    def start_page_token(self) -> str:
        return self.call(self.service.changes().getStartPageToken(
            supportsAllDrives=True))["startPageToken"]

    def changes(self, page_token: str,
                fields: str = "fileId,removed,time,file(id,name,mimeType,parents,modifiedTime)"
                ) -> tuple[list[dict], str]:
        """Changes since ``page_token`` and the token to start from next time."""
        found = []
        while True:
            page = self.call(self.service.changes().list(
                pageToken=page_token, pageSize=1000, supportsAllDrives=True,
                includeItemsFromAllDrives=True,
                fields=f"nextPageToken,newStartPageToken,changes({fields})"))
            found += page.get("changes", [])
            if "newStartPageToken" in page:
                return found, page["newStartPageToken"]
            page_token = page["nextPageToken"]

    # -- batch requests ----------------------------------------------------
    def batch(self, requests: Iterable, size: int = BATCH_LIMIT) -> list[PartResult]:
        """Run requests in batch requests of up to ``size`` (at most 100) calls.

        One result per request, in order. A part refused with a retryable error (a
        rate-limit 403 or 429, a 5xx) is sent again after the policy's wait, and
        from then on no more parts go at once than Drive let through (doubling
        again while all get through). A round in which some parts got through is
        progress and restarts the policy's budget. Other failures are reported in
        their part and never retried; if the policy gives up, the parts still
        refused and those not yet sent carry the rate-limit error. With
        ``pace_writes``, a batch request holding writes holds at most the pace's
        burst of calls (reads alone go 100 at a time)."""
        requests = list(requests)
        limit = max(1, min(size, BATCH_LIMIT))
        if self.write_pace and any(r.method != "GET" for r in requests):
            limit = min(limit, self.write_pace.burst)
        size = limit
        results = [PartResult() for _ in requests]
        queue = collections.deque(range(len(requests)))
        backoff = self.policy.backoff()
        while queue:
            chunk = [queue.popleft() for _ in range(min(size, len(queue)))]
            writes = sum(1 for i in chunk if requests[i].method != "GET")
            if self.write_pace and writes:
                self.write_pace.before(writes)
            try:
                self._send_batch([(i, requests[i]) for i in chunk], results)
            finally:
                if self.write_pace and writes:
                    self.write_pace.after(writes)
            refused = [i for i in chunk if not results[i].ok
                       and is_retryable(results[i].error.status, results[i].error.reason)]
            if len(refused) < len(chunk):
                backoff.progress()
            if not refused:
                size = min(limit, size * 2)
                continue
            size = max(1, len(chunk) - len(refused))
            wait = backoff.next_wait(max(results[i].error.retry_after or 0 for i in refused))
            if wait is None:
                last = results[refused[-1]].error
                for i in queue:
                    results[i] = PartResult(error=type(last)(
                        last.status, last.reason, f"not sent, Drive kept refusing: {last.message}",
                        requests[i].methodId, last.retry_after))
                break
            for i in refused:
                self.counter.retry(requests[i].methodId, wait / len(refused))
            backoff.sleep(wait)
            queue.extendleft(reversed(refused))
        for result, request in zip(results, requests):
            if not result.ok:
                self.counter.fail(request.methodId)
        return results

    def _send_batch(self, parts: list[tuple[int, Any]], results: list[PartResult]) -> None:
        def answered(request_id, response, exception):
            index = int(request_id)
            if exception is None:
                results[index] = PartResult(value=response)
            else:
                results[index] = PartResult(
                    error=self.translate(exception, requests_by_index[index].methodId))

        requests_by_index = dict(parts)
        batch = clients.new_batch(self.service, self.api, self.version, self.emulator_url,
                                  callback=answered)
        for index, request in parts:
            batch.add(request, request_id=str(index))
            self.counter.call(request.methodId)
        self.counter.batch(self.api)
        try:
            batch.execute()
        except Exception as exc:  # noqa: BLE001 - the batch request itself failed: so did each part
            for index, request in parts:
                results[index] = PartResult(error=self.translate(exc, request.methodId))


def _file_body(name: str, mime_type: str | None, parent_id: str | None,
               app_properties: Mapping[str, str] | None, extra: dict) -> dict:
    """A files.create body: the name, and the type, parent and appProperties when given."""
    body = {"name": name, **extra}
    if mime_type:
        body["mimeType"] = mime_type
    if parent_id:
        body["parents"] = [parent_id]
    if app_properties:
        body["appProperties"] = dict(app_properties)
    return body
