"""Drive batch requests (POST /batch/drive/v3, multipart/mixed) as google-api-python-client's
BatchHttpRequest sends them: each part authorised, counted and answered on its own.
https://developers.google.com/drive/api/guides/performance#batch-requests"""

import requests
from googleapiclient.errors import HttpError

from service.workspace import clients

FOLDER = "application/vnd.google-apps.folder"
OWNER = "coordinator@school.example"
STUDENT = "student@school.example"


class Answers:
    """A batch callback that keeps each part's answer by request ID."""

    def __init__(self):
        self.ok, self.failed = {}, {}

    def __call__(self, request_id, response, exception):
        if exception is None:
            self.ok[request_id] = response
        else:
            self.failed[request_id] = exception


def batch(drive, emulator, answers):
    return clients.new_batch(drive, "drive", "v3", emulator.url, answers)


def test_a_batch_creates_folders_and_shares_them(drive, drive_as, emulator):
    answers = Answers()
    made = batch(drive, emulator, answers)
    for i in range(3):
        made.add(drive.files().create(body={"name": f"Student {i}", "mimeType": FOLDER}, fields="id,name"),
                 request_id=f"folder{i}")
    made.execute()
    assert sorted(a["name"] for a in answers.ok.values()) == ["Student 0", "Student 1", "Student 2"]
    shares = Answers()
    sharing = batch(drive, emulator, shares)
    for key, folder in answers.ok.items():
        sharing.add(drive.permissions().create(fileId=folder["id"], body={
            "type": "user", "role": "writer", "emailAddress": STUDENT}, sendNotificationEmail=False),
            request_id=key)
    sharing.execute()
    assert not shares.failed and {p["role"] for p in shares.ok.values()} == {"writer"}
    seen = drive_as(STUDENT).files().list(q=f"mimeType = '{FOLDER}'").execute()["files"]
    assert sorted(f["name"] for f in seen) == ["Student 0", "Student 1", "Student 2"]


def test_a_failing_part_fails_alone(drive, emulator):
    answers = Answers()
    mixed = batch(drive, emulator, answers)
    mixed.add(drive.files().create(body={"name": "before"}), request_id="before")
    mixed.add(drive.files().get(fileId="missing"), request_id="missing")
    mixed.add(drive.files().create(body={"name": "after"}), request_id="after")
    mixed.execute()
    assert set(answers.ok) == {"before", "after"}
    assert isinstance(answers.failed["missing"], HttpError)
    assert answers.failed["missing"].status_code == 404
    assert answers.failed["missing"].reason == "File not found: missing."


def test_each_part_acts_as_the_user_who_built_it(drive, drive_as, emulator):
    private = drive.files().create(body={"name": "private"}).execute()["id"]
    student = drive_as(STUDENT)
    answers = Answers()
    both = batch(drive, emulator, answers)
    both.add(drive.files().get(fileId=private, fields="name"), request_id="owner")
    both.add(student.files().get(fileId=private, fields="name"), request_id="student")
    both.execute()
    assert answers.ok == {"owner": {"name": "private"}}
    assert answers.failed["student"].status_code == 404


def test_every_part_is_counted_as_its_own_call(drive, emulator):
    answers = Answers()
    many = batch(drive, emulator, answers)
    for i in range(5):
        many.add(drive.files().create(body={"name": f"f{i}"}))
    many.add(drive.files().list())
    many.execute()
    stats = requests.get(f"{emulator.url}/emulator/stats").json()
    assert stats["calls"]["drive.files.create"] == 5 and stats["calls"]["drive.files.list"] == 1
    assert stats["callsByUser"][OWNER]["drive.files.create"] == 5


def test_parts_beyond_the_hundredth_are_refused(drive, emulator):
    # Drive caps a batch at 100 calls; beyond that it answers each extra part 403
    # "Exceeds allowed inner batch requests soft limit" (google-api-python-client#2201).
    answers = Answers()
    big = batch(drive, emulator, answers)
    for i in range(101):
        big.add(drive.files().create(body={"name": f"f{i:03d}"}, fields="name"), request_id=f"{i:03d}")
    big.execute()
    assert len(answers.ok) == 100 and list(answers.failed) == ["100"]
    assert answers.failed["100"].status_code == 403
    listed = drive.files().list(pageSize=1000).execute()["files"]
    assert len(listed) == 100 and "f100" not in {f["name"] for f in listed}


def test_a_delete_answered_with_no_content_is_read_by_the_client(drive, emulator):
    # Google gives an empty 204 part its headers (Content-Length: 0), which
    # google-api-python-client needs to split the part's head from its body.
    folder = drive.files().create(body={"name": "Leaver", "mimeType": FOLDER}, fields="id").execute()
    permission = drive.permissions().create(fileId=folder["id"], sendNotificationEmail=False, body={
        "type": "user", "role": "writer", "emailAddress": STUDENT}).execute()
    answers = Answers()
    unsharing = batch(drive, emulator, answers)
    unsharing.add(drive.permissions().delete(fileId=folder["id"], permissionId=permission["id"]),
                  request_id="unshare")
    unsharing.execute()
    assert answers.failed == {} and "unshare" in answers.ok
    emails = [p.get("emailAddress") for p in drive.permissions().list(
        fileId=folder["id"], fields="permissions(emailAddress)").execute()["permissions"]]
    assert STUDENT not in emails
