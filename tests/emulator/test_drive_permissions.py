"""Drive v3 permissions and the access they give: sharing rules, inheritance from
folders, permission IDs, ownership transfer, and 404-versus-403.
https://developers.google.com/drive/api/reference/rest/v3/permissions
https://developers.google.com/drive/api/guides/manage-sharing"""

import pytest
from googleapiclient.errors import HttpError

FOLDER = "application/vnd.google-apps.folder"
OWNER = "coordinator@school.example"
ADVISOR = "advisor@school.example"
STUDENT = "student@school.example"
STRANGER = "someone@elsewhere.example"


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


def make(drive, name, parent=None, folder=False):
    body = {"name": name, "parents": [parent] if parent else []}
    if folder:
        body["mimeType"] = FOLDER
    return drive.files().create(body=body, fields="id").execute()["id"]


def share(drive, file_id, email, role="reader", **kw):
    return drive.permissions().create(fileId=file_id, body={"type": "user", "role": role,
                                                            "emailAddress": email}, **kw).execute()


@pytest.fixture
def tree(drive):
    """Advisors/ → Ada/ → plan: the shape the service provisions."""
    advisors = make(drive, "Advisors", folder=True)
    ada = make(drive, "Ada", advisors, folder=True)
    plan = make(drive, "plan", ada)
    return advisors, ada, plan


def test_a_user_shared_on_a_folder_sees_its_grandchildren_and_others_get_404(drive, drive_as, tree):
    advisors, _, plan = tree
    share(drive, advisors, ADVISOR, "writer")
    assert drive_as(ADVISOR).files().get(fileId=plan, fields="name").execute() == {"name": "plan"}
    with pytest.raises(HttpError) as caught:
        drive_as(STUDENT).files().get(fileId=plan).execute()
    assert error_of(caught) == (404, "notFound")


def test_a_reader_by_inheritance_gets_403_when_editing(drive, drive_as, tree):
    _, ada, plan = tree
    share(drive, ada, STUDENT, "reader")
    with pytest.raises(HttpError) as caught:
        drive_as(STUDENT).files().update(fileId=plan, body={"name": "x"}).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")


def test_create_answers_kind_id_type_and_role_by_default(drive, tree):
    made = share(drive, tree[2], STUDENT)
    assert set(made) == {"kind", "id", "type", "role"}
    assert made["kind"] == "drive#permission" and made["role"] == "reader"


def test_a_permission_id_names_the_person_on_every_file(drive, drive_as, tree):
    on_folder = share(drive, tree[1], STUDENT)["id"]
    on_file = share(drive, tree[2], STUDENT, "writer")["id"]
    me = drive_as(STUDENT).about().get(fields="user(permissionId)").execute()["user"]["permissionId"]
    assert on_folder == on_file == me and on_folder.isdigit()


def test_sharing_again_with_the_same_person_updates_their_permission(drive, tree):
    first = share(drive, tree[2], STUDENT, "reader")
    again = share(drive, tree[2], STUDENT, "writer")
    assert again["id"] == first["id"] and again["role"] == "writer"
    listed = drive.permissions().list(fileId=tree[2], fields="permissions(id,role)").execute()["permissions"]
    assert [p["role"] for p in listed if p["id"] == first["id"]] == ["writer"]


def test_anyone_with_the_link_and_domain_permissions(drive, drive_as, tree):
    plan = tree[2]
    link = drive.permissions().create(fileId=plan, body={"type": "anyone", "role": "reader"}).execute()
    assert link["id"] == "anyoneWithLink"
    assert drive_as(STRANGER).files().get(fileId=plan, fields="name").execute() == {"name": "plan"}
    ada = tree[1]
    drive.permissions().create(fileId=ada, body={"type": "domain", "role": "reader",
                                                 "domain": "school.example"}).execute()
    assert drive_as(STUDENT).files().get(fileId=ada, fields="name").execute() == {"name": "Ada"}
    with pytest.raises(HttpError) as caught:
        drive_as(STRANGER).files().get(fileId=ada).execute()
    assert caught.value.status_code == 404


@pytest.mark.parametrize("role, can_edit", [("reader", False), ("commenter", False), ("writer", True),
                                             ("fileOrganizer", True), ("organizer", True)])
def test_each_role_gives_its_access(drive, drive_as, tree, role, can_edit):
    share(drive, tree[2], STUDENT, role)
    got = drive_as(STUDENT).files().get(fileId=tree[2], fields="capabilities(canEdit,canComment)").execute()
    assert got["capabilities"] == {"canEdit": can_edit, "canComment": role != "reader"}


def test_a_group_permission_is_kept_with_its_address(drive, tree):
    made = drive.permissions().create(fileId=tree[2], body={"type": "group", "role": "writer",
                                                            "emailAddress": "advisors@school.example"},
                                      fields="type,role,emailAddress,displayName").execute()
    assert made == {"type": "group", "role": "writer", "emailAddress": "advisors@school.example",
                    "displayName": "Advisors"}


def test_writers_may_share_unless_writers_can_share_is_off(drive, drive_as, tree):
    plan = tree[2]
    share(drive, plan, ADVISOR, "writer")
    share(drive_as(ADVISOR), plan, STUDENT, "reader")
    drive.files().update(fileId=plan, body={"writersCanShare": False}).execute()
    with pytest.raises(HttpError) as caught:
        share(drive_as(ADVISOR), plan, "parent@school.example")
    assert error_of(caught) == (403, "insufficientFilePermissions")


def test_a_reader_cannot_share(drive, drive_as, tree):
    share(drive, tree[2], STUDENT, "reader")
    with pytest.raises(HttpError) as caught:
        share(drive_as(STUDENT), tree[2], "friend@school.example")
    assert error_of(caught) == (403, "insufficientFilePermissions")


def test_someone_without_access_cannot_even_find_the_file_to_share(drive_as, tree):
    with pytest.raises(HttpError) as caught:
        share(drive_as(STRANGER), tree[2], STRANGER, "writer")
    assert error_of(caught) == (404, "notFound")


def test_making_an_owner_needs_transfer_ownership(drive, drive_as, tree):
    plan = tree[2]
    with pytest.raises(HttpError) as caught:
        share(drive, plan, ADVISOR, "owner")
    assert error_of(caught)[0] == 403
    assert "transferOwnership parameter must be enabled" in caught.value.reason
    share(drive, plan, ADVISOR, "owner", transferOwnership=True)
    got = drive.files().get(fileId=plan, fields="owners(emailAddress),ownedByMe,capabilities(canEdit)").execute()
    assert got == {"owners": [{"emailAddress": ADVISOR}], "ownedByMe": False,
                   "capabilities": {"canEdit": True}}  # the old owner stays a writer


def test_notification_email_is_optional_for_people_and_refused_for_anyone(drive, emulator, tree):
    share(drive, tree[2], STUDENT, sendNotificationEmail=False)
    share(drive, tree[2], ADVISOR, emailMessage="Your student's plan")
    assert [(n["to"], n["message"]) for n in emulator.world.drive.notifications] == [
        (ADVISOR, "Your student's plan")]  # recorded as the mail Drive would send
    with pytest.raises(HttpError) as caught:
        drive.permissions().create(fileId=tree[2], body={"type": "anyone", "role": "reader"},
                                   sendNotificationEmail=True).execute()
    assert caught.value.status_code == 403


def test_a_person_needs_an_email_address(drive, tree):
    with pytest.raises(HttpError) as caught:
        drive.permissions().create(fileId=tree[2], body={"type": "user", "role": "reader"}).execute()
    assert error_of(caught) == (400, "required")


def test_the_list_shows_inherited_permissions_with_where_they_come_from(drive, tree):
    advisors, _, plan = tree
    share(drive, advisors, ADVISOR, "writer")
    listed = drive.permissions().list(fileId=plan, fields="permissions(emailAddress,role,permissionDetails)").execute()
    advisor = next(p for p in listed["permissions"] if p["emailAddress"] == ADVISOR)
    assert advisor["role"] == "writer"
    assert advisor["permissionDetails"] == [{"permissionType": "file", "role": "writer",
                                             "inherited": True, "inheritedFrom": advisors}]


def test_the_list_defaults_to_kind_id_type_role_and_pages(drive, tree):
    for who in (ADVISOR, STUDENT, "parent@school.example"):
        share(drive, tree[2], who)
    first = drive.permissions().list(fileId=tree[2], pageSize=2).execute()
    assert first["kind"] == "drive#permissionList" and len(first["permissions"]) == 2
    assert set(first["permissions"][0]) == {"kind", "id", "type", "role"}
    rest = drive.permissions().list(fileId=tree[2], pageToken=first["nextPageToken"]).execute()
    assert len(rest["permissions"]) >= 2 and "nextPageToken" not in rest


def test_get_update_and_delete_a_permission(drive, drive_as, tree):
    plan = tree[2]
    pid = share(drive, plan, STUDENT, "reader")["id"]
    got = drive.permissions().get(fileId=plan, permissionId=pid, fields="emailAddress,role,displayName").execute()
    assert got == {"emailAddress": STUDENT, "role": "reader", "displayName": "Student"}
    drive.permissions().update(fileId=plan, permissionId=pid, body={"role": "writer"}).execute()
    drive_as(STUDENT).files().update(fileId=plan, body={"description": "edited"}).execute()
    drive.permissions().delete(fileId=plan, permissionId=pid).execute()
    with pytest.raises(HttpError) as caught:
        drive_as(STUDENT).files().get(fileId=plan).execute()
    assert caught.value.status_code == 404


def test_an_unknown_permission_is_404(drive, tree):
    with pytest.raises(HttpError) as caught:
        drive.permissions().get(fileId=tree[2], permissionId="123").execute()
    assert error_of(caught) == (404, "notFound")


def test_an_inherited_permission_is_changed_where_it_was_granted(drive, tree):
    advisors, _, plan = tree
    pid = share(drive, advisors, ADVISOR, "writer")["id"]
    with pytest.raises(HttpError) as caught:
        drive.permissions().delete(fileId=plan, permissionId=pid).execute()
    assert caught.value.status_code == 403
    drive.permissions().delete(fileId=advisors, permissionId=pid).execute()


def test_the_owner_cannot_be_removed(drive, tree):
    owner = drive.files().get(fileId=tree[2], fields="owners(permissionId)").execute()["owners"][0]
    with pytest.raises(HttpError) as caught:
        drive.permissions().delete(fileId=tree[2], permissionId=owner["permissionId"]).execute()
    assert caught.value.status_code == 403
