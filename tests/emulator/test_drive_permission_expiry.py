"""Drive permissions that expire (``Permission.expirationTime``), through
google-api-python-client, with the emulator's clock moved forward
(``POST /emulator/clock``) instead of waiting.

Google's rules (emulator/drive/expiry.py has the sources): "They can only be set
on user and group permissions - The time must be in the future - The time cannot
be more than a year in the future" (the Permission resource); "Temporary access
... isn't allowed on My Drive folders with role=writer" and a writer with
temporary access "can't share the file" (manage-sharing); when the time passes,
access ends and the grant is gone."""

import datetime as dt

import pytest
import requests
from googleapiclient.errors import HttpError

FOLDER = "application/vnd.google-apps.folder"
OWNER = "coordinator@school.example"
MODERATOR = "moderator@ibo.example"
OTHER = "teacher@school.example"


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


def at(days: float) -> str:
    """An RFC 3339 time ``days`` from now (the emulator's clock is the real one here)."""
    moment = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def advance(emulator, days: float) -> None:
    answer = requests.post(f"{emulator.url}/emulator/clock", json={"advanceSeconds": days * 86400})
    assert answer.status_code == 200


def make(drive, name, parent=None, folder=False):
    body = {"name": name, **({"mimeType": FOLDER} if folder else {}),
            **({"parents": [parent]} if parent else {})}
    return drive.files().create(body=body, fields="id").execute()["id"]


def grant(drive, file_id, role="reader", kind="user", expires=None, **extra):
    body = {"type": kind, "role": role, **extra}
    if kind in ("user", "group"):
        body.setdefault("emailAddress", MODERATOR)
    if expires:
        body["expirationTime"] = expires
    return drive.permissions().create(fileId=file_id, body=body, sendNotificationEmail=False
                                      if kind in ("user", "group") else None,
                                      fields="id,role,expirationTime").execute()


def emails(drive, file_id):
    return sorted(p.get("emailAddress", p["type"]) for p in drive.permissions().list(
        fileId=file_id, fields="permissions(emailAddress,type)").execute()["permissions"])


def test_an_expiration_time_is_kept_and_answered_in_rfc_3339(drive):
    folder = make(drive, "Moderation", folder=True)
    made = grant(drive, folder, expires=at(30))
    assert made["role"] == "reader" and made["expirationTime"].endswith("Z")
    listed = drive.permissions().get(fileId=folder, permissionId=made["id"],
                                     fields="expirationTime").execute()
    assert listed["expirationTime"] == made["expirationTime"]


def test_access_ends_when_the_time_passes_and_the_permission_is_gone(emulator, drive, drive_as):
    folder = make(drive, "Moderation", folder=True)
    inside = make(drive, "record.pdf", parent=folder)
    grant(drive, folder, expires=at(2))
    moderator = drive_as(MODERATOR)
    assert moderator.files().get(fileId=inside, fields="name").execute() == {"name": "record.pdf"}
    advance(emulator, 1)
    assert moderator.files().get(fileId=inside, fields="name").execute() == {"name": "record.pdf"}
    advance(emulator, 1.01)
    for file_id in (folder, inside):
        with pytest.raises(HttpError) as caught:
            moderator.files().get(fileId=file_id).execute()
        assert caught.value.status_code == 404
    assert MODERATOR not in emails(drive, folder)
    assert emails(drive, folder) == [OWNER]


def test_an_expired_grant_leaves_what_a_folder_above_still_gives(emulator, drive, drive_as):
    # "When their temporary Editor access expires, their permission will revert to the
    # access they have on the parent folder" (Workspace updates, November 2025).
    folder = make(drive, "Shared", folder=True)
    inside = make(drive, "notes", parent=folder)
    grant(drive, folder, role="reader")
    grant(drive, inside, role="writer", expires=at(1))
    advance(emulator, 1.01)
    seen = drive_as(MODERATOR).files().get(fileId=inside, fields="capabilities(canEdit)").execute()
    assert seen["capabilities"]["canEdit"] is False


def test_removing_the_expiration_keeps_the_grant(emulator, drive, drive_as):
    folder = make(drive, "Moderation", folder=True)
    made = grant(drive, folder, expires=at(1))
    drive.permissions().update(fileId=folder, permissionId=made["id"], body={},
                               removeExpiration=True).execute()
    advance(emulator, 2)
    assert MODERATOR in emails(drive, folder)


def test_an_update_sets_and_moves_the_expiration(emulator, drive):
    file_id = make(drive, "record.pdf")
    made = grant(drive, file_id)
    assert "expirationTime" not in made
    later = drive.permissions().update(fileId=file_id, permissionId=made["id"],
                                       body={"expirationTime": at(10)},
                                       fields="expirationTime").execute()
    assert later["expirationTime"]
    advance(emulator, 11)
    assert MODERATOR not in emails(drive, file_id)


@pytest.mark.parametrize("kind,extra", [("anyone", {}), ("domain", {"domain": "ibo.example"})])
def test_only_user_and_group_permissions_may_expire(drive, kind, extra):
    file_id = make(drive, "x")
    with pytest.raises(HttpError) as caught:
        grant(drive, file_id, kind=kind, expires=at(5), **extra)
    assert error_of(caught) == (403, "cannotSetExpirationOnAnyoneOrDomain")
    assert emails(drive, file_id) == [OWNER]


def test_the_time_must_be_in_the_future(drive):
    file_id = make(drive, "x")
    with pytest.raises(HttpError) as caught:
        grant(drive, file_id, expires=at(-1))
    assert error_of(caught) == (400, "expirationDatesMustBeInTheFuture")
    assert emails(drive, file_id) == [OWNER]


def test_the_time_cannot_be_more_than_a_year_ahead(drive):
    file_id = make(drive, "x")
    with pytest.raises(HttpError) as caught:
        grant(drive, file_id, expires=at(400))
    assert caught.value.status_code == 400
    grant(drive, file_id, expires=at(360))


def test_a_writer_on_a_my_drive_folder_cannot_have_temporary_access(drive):
    folder = make(drive, "F", folder=True)
    with pytest.raises(HttpError) as caught:
        grant(drive, folder, role="writer", expires=at(5))
    assert error_of(caught) == (403, "cannotSetExpiration")
    grant(drive, folder, role="commenter", expires=at(5))      # viewers and commenters may


def test_changing_a_temporary_folder_grant_to_writer_is_refused(drive):
    folder = make(drive, "F", folder=True)
    made = grant(drive, folder, role="reader", expires=at(5))
    with pytest.raises(HttpError) as caught:
        drive.permissions().update(fileId=folder, permissionId=made["id"],
                                   body={"role": "writer"}).execute()
    assert error_of(caught) == (403, "cannotSetExpiration")
    assert drive.permissions().get(fileId=folder, permissionId=made["id"],
                                   fields="role").execute() == {"role": "reader"}


def test_a_writer_with_temporary_access_cannot_share_the_file(drive, drive_as):
    file_id = make(drive, "record")
    grant(drive, file_id, role="writer", expires=at(5))
    with pytest.raises(HttpError) as caught:
        drive_as(MODERATOR).permissions().create(fileId=file_id, body={
            "type": "user", "role": "reader", "emailAddress": OTHER}).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")


def test_in_a_shared_drive_only_a_readers_folder_grant_may_expire_and_members_never(drive):
    # "For shared drive folders, ... an expiration date specifically to the Viewer role"
    # (Workspace updates, November 2025); a file's grant may expire in any role up to writer.
    shared = drive.drives().create(requestId="expiry-test", body={"name": "CAS"},
                                   fields="id").execute()["id"]
    folder = drive.files().create(body={"name": "Moderation", "mimeType": FOLDER,
                                        "parents": [shared]}, supportsAllDrives=True,
                                  fields="id").execute()["id"]

    def share(file_id, role):
        return drive.permissions().create(
            fileId=file_id, supportsAllDrives=True, sendNotificationEmail=False,
            body={"type": "user", "role": role, "emailAddress": MODERATOR,
                  "expirationTime": at(5)}).execute()
    with pytest.raises(HttpError) as caught:
        share(folder, "commenter")
    assert error_of(caught) == (403, "cannotSetExpiration")
    share(folder, "reader")
    with pytest.raises(HttpError) as caught:
        share(shared, "reader")                     # a member of the drive
    assert error_of(caught) == (403, "expirationDateNotAllowedForSharedDriveMembers")
