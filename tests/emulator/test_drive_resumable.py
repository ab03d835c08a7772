"""Drive v3 resumable uploads (uploadType=resumable), as google-api-python-client's
MediaFileUpload / MediaIoBaseUpload(resumable=True, chunksize=...) make them, for
files.create and files.update.
https://developers.google.com/drive/api/guides/manage-uploads#resumable: the first
request answers 200 with the session URI in Location; each chunk but the last answers
308 "Resume Incomplete" with a Range header; after an interruption, a PUT with
``Content-Range: bytes */TOTAL`` asks what the server holds; chunks are multiples of
256 KB except the last."""

import hashlib
import io
import os

import pytest
import requests
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload, MediaIoBaseUpload

CHUNK = 256 * 1024
SIZE = 1_000_000          # about 1 MB: three whole chunks and a short last one
OWNER = "coordinator@school.example"


@pytest.fixture
def evidence():
    return os.urandom(SIZE)


def upload_all(request, http=None):
    """Drive the upload to its end; the progress seen after each chunk, and the file."""
    seen, response = [], None
    while response is None:
        status, response = request.next_chunk(http=http)
        if status:
            seen.append(status.resumable_progress)
    return seen, response


def test_a_1mb_file_goes_up_in_256kib_chunks(drive, evidence):
    media = MediaIoBaseUpload(io.BytesIO(evidence), "application/pdf", chunksize=CHUNK, resumable=True)
    request = drive.files().create(body={"name": "evidence.pdf"}, media_body=media,
                                   fields="id,name,mimeType,size,md5Checksum")
    seen, made = upload_all(request)
    # Each chunk but the last is answered 308 with the bytes held so far.
    assert seen == [CHUNK, 2 * CHUNK, 3 * CHUNK]
    assert made["name"] == "evidence.pdf" and made["mimeType"] == "application/pdf"
    assert made["size"] == str(SIZE) and made["md5Checksum"] == hashlib.md5(evidence).hexdigest()
    assert drive.files().get_media(fileId=made["id"]).execute() == evidence


def test_googles_upload_to_folder_sample_puts_the_file_in_the_folder(drive, tmp_path):
    # upload_to_folder.py: {"name": "photo.jpg", "parents": [folder_id]} with
    # MediaFileUpload("download.jpeg", mimetype="image/jpeg", resumable=True), fields="id".
    from googleapiclient.http import MediaFileUpload
    folder = drive.files().create(body={"name": "Evidence", "mimeType": "application/vnd.google-apps.folder"},
                                  fields="id").execute()["id"]
    photo = tmp_path / "download.jpeg"
    photo.write_bytes(b"\xff\xd8\xff" + os.urandom(600_000))
    media = MediaFileUpload(str(photo), mimetype="image/jpeg", chunksize=CHUNK, resumable=True)
    made = drive.files().create(body={"name": "photo.jpg", "parents": [folder]}, media_body=media,
                                fields="id").execute()
    got = drive.files().get(fileId=made["id"], fields="parents,mimeType,size").execute()
    assert got == {"parents": [folder], "mimeType": "image/jpeg", "size": str(photo.stat().st_size)}


def test_the_first_request_answers_200_with_the_session_uri(drive, emulator):
    media = MediaInMemoryUpload(b"x" * 10, "text/plain", chunksize=CHUNK, resumable=True)
    request = drive.files().create(body={"name": "a.txt"}, media_body=media)
    status, done = request.next_chunk()
    assert done is not None and done["name"] == "a.txt"
    # The session URI is the upload URL with an upload_id, on the emulator's own host.
    assert request.resumable_uri.startswith(f"{emulator.url}/upload/drive/v3/files?")
    assert "uploadType=resumable" in request.resumable_uri and "upload_id=" in request.resumable_uri


class DroppedOnce:
    """An Http that loses the answer to the ``nth`` chunk after the server took it, as a
    connection that drops on the way back would."""

    def __init__(self, http, nth: int):
        self.http, self.nth, self.chunks = http, nth, 0

    def request(self, uri, method="GET", body=None, headers=None, **kw):
        response = self.http.request(uri, method=method, body=body, headers=headers, **kw)
        if method == "PUT" and body is not None and (headers or {}).get("Content-Length") != "0":
            self.chunks += 1
            if self.chunks == self.nth:
                raise ConnectionResetError("connection dropped")
        return response


def test_after_a_dropped_connection_the_client_asks_the_status_and_resumes(drive, evidence):
    media = MediaIoBaseUpload(io.BytesIO(evidence), "application/octet-stream", chunksize=CHUNK,
                              resumable=True)
    request = drive.files().create(body={"name": "resumed.bin"}, media_body=media, fields="id,size")
    flaky = DroppedOnce(request.http, nth=2)
    request.next_chunk(http=flaky)                     # the session, and chunk 1: 308
    with pytest.raises(ConnectionResetError):
        request.next_chunk(http=flaky)                 # chunk 2 reaches the server, its answer is lost
    assert request.resumable_progress == CHUNK         # the client still believes chunk 1 only
    # Next call: "Content-Range: bytes */1000000" first; the 308's Range says chunk 2 arrived.
    status, _ = request.next_chunk(http=flaky)
    assert status.resumable_progress == 3 * CHUNK
    _, made = upload_all(request, http=flaky)
    assert made["size"] == str(SIZE)
    assert drive.files().get_media(fileId=made["id"]).execute() == evidence


def test_a_resumable_update_replaces_the_content_of_the_same_file(drive, evidence):
    made = drive.files().create(body={"name": "log.bin"}, media_body=MediaInMemoryUpload(b"v1", "text/plain"),
                                fields="id").execute()
    media = MediaIoBaseUpload(io.BytesIO(evidence), "application/octet-stream", chunksize=CHUNK, resumable=True)
    seen, updated = upload_all(drive.files().update(fileId=made["id"], body={"description": "v2"},
                                                    media_body=media, fields="id,size,description,mimeType"))
    assert seen == [CHUNK, 2 * CHUNK, 3 * CHUNK]
    assert updated == {"id": made["id"], "size": str(SIZE), "description": "v2",
                       "mimeType": "application/octet-stream"}
    assert drive.files().get_media(fileId=made["id"]).execute() == evidence


def test_a_resumable_upload_is_refused_before_its_bytes_go(drive_as, drive):
    folder = drive.files().create(body={"name": "Advisor only", "mimeType": "application/vnd.google-apps.folder"}).execute()
    media = MediaInMemoryUpload(b"x" * 10, "text/plain", resumable=True)
    request = drive_as("zoe@school.example").files().create(
        body={"name": "sneaky.txt", "parents": [folder["id"]]}, media_body=media)
    with pytest.raises(HttpError) as caught:
        request.next_chunk()
    assert caught.value.status_code == 404 and request.resumable_uri is None
    assert drive.files().list(q="name = 'sneaky.txt'").execute()["files"] == []
    with pytest.raises(HttpError) as caught:
        drive.files().update(fileId="no-such-file", media_body=MediaInMemoryUpload(
            b"x", "text/plain", resumable=True)).next_chunk()
    assert caught.value.status_code == 404


# -- the protocol by hand (error paths) ---------------------------------------------
def start_session(emulator, total=None) -> str:
    headers = {"Authorization": f"Bearer emulator:{OWNER}", "Content-Type": "application/json; charset=UTF-8",
               "X-Upload-Content-Type": "application/octet-stream"}
    if total is not None:
        headers["X-Upload-Content-Length"] = str(total)
    answer = requests.post(f"{emulator.url}/upload/drive/v3/files?uploadType=resumable",
                           json={"name": "by-hand.bin"}, headers=headers)
    assert answer.status_code == 200 and answer.content == b""
    return answer.headers["Location"]


def put(session: str, content: bytes, content_range: str):
    return requests.put(session, data=content, headers={"Content-Range": content_range},
                        allow_redirects=False)


def test_a_chunk_that_is_not_a_multiple_of_256kib_is_kept_in_whole_units(emulator):
    # Drive kept 2,359,296 bytes (9 x 256 KiB) of a 2,500,000-byte chunk, and refused the next
    # chunk at 2,500,000 with a 503: "Invalid request.  According to the Content-Range header, the
    # upload offset is ... which exceeds already uploaded size of ..." (both recorded from Drive).
    session = start_session(emulator, 1_000_000)
    answer = put(session, b"a" * 300_000, "bytes 0-299999/1000000")
    assert answer.status_code == 308 and answer.headers["Range"] == "bytes=0-262143"
    refused = put(session, b"b" * 100_000, "bytes 300000-399999/1000000")
    assert refused.status_code == 503
    assert "upload offset is 300000 byte(s), which exceeds already uploaded size of 262144 byte(s)" in refused.text


def test_a_status_query_before_any_byte_has_no_range_and_after_the_end_answers_the_file(emulator):
    session = start_session(emulator)
    before = put(session, b"", "bytes */5")
    assert before.status_code == 308 and "Range" not in before.headers
    done = put(session, b"hello", "bytes 0-4/5")
    assert done.status_code == 200 and done.json()["name"] == "by-hand.bin"
    again = put(session, b"", "bytes */5")     # the last answer was lost: ask again
    assert again.status_code == 200 and again.json()["id"] == done.json()["id"]


def test_an_unknown_session_is_not_found(emulator):
    answer = put(f"{emulator.url}/upload/drive/v3/files?uploadType=resumable&upload_id=nope", b"x", "bytes 0-0/1")
    assert answer.status_code == 404


def test_a_session_survives_a_restart_with_data(tmp_path, evidence):
    """Sessions are kept with the rest of the state (``--data``): after a restart the client
    asks the status at the same session and goes on."""
    from emulator.app import create_app
    from emulator.core.world import World
    from emulator.server import RunningEmulator
    from service.workspace import clients
    with RunningEmulator(create_app(World(tmp_path))) as first:
        drive = clients.build("drive", "v3", clients.EmulatorCredentials(OWNER), first.url)
        media = MediaIoBaseUpload(io.BytesIO(evidence), "application/octet-stream", chunksize=CHUNK,
                                  resumable=True)
        request = drive.files().create(body={"name": "across.bin"}, media_body=media, fields="id,size")
        request.next_chunk()
        request.next_chunk()
    with RunningEmulator(create_app(World(tmp_path))) as second:
        drive = clients.build("drive", "v3", clients.EmulatorCredentials(OWNER), second.url)
        request.resumable_uri = request.resumable_uri.replace(first.url, second.url)
        request._in_error_state = True   # as after a failed request: ask the status first
        _, made = upload_all(request, http=drive._http)
        assert made["size"] == str(SIZE)
        assert drive.files().get_media(fileId=made["id"]).execute() == evidence
