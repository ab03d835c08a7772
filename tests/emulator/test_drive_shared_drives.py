"""Shared drives through google-api-python-client: the drives resource, membership as a
permission on the drive that flows to every item, items owned by the drive, and the
flags an app sends to see them.
https://developers.google.com/drive/api/reference/rest/v3/drives
https://developers.google.com/drive/api/guides/about-shareddrives
https://developers.google.com/drive/api/guides/enable-shareddrives
https://developers.google.com/drive/api/guides/shared-drives-diffs"""

import pytest
import requests
from googleapiclient.errors import HttpError

FOLDER = "application/vnd.google-apps.folder"
ORGANIZER = "coordinator@school.example"
ADVISOR = "advisor@school.example"
STUDENT = "student@school.example"
STRANGER = "someone@elsewhere.example"
ALL = {"supportsAllDrives": True}


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


def new_drive(drive, name="CAS 2026-2028", request_id="req-1"):
    return drive.drives().create(requestId=request_id, body={"name": name}).execute()


def make(drive, name, parent, folder=False, **kw):
    body = {"name": name, "parents": [parent]}
    if folder:
        body["mimeType"] = FOLDER
    return drive.files().create(body=body, fields="id", **ALL, **kw).execute()["id"]


def add_member(drive, drive_id, email, role):
    return drive.permissions().create(fileId=drive_id, sendNotificationEmail=False, **ALL,
                                      body={"type": "user", "role": role, "emailAddress": email}).execute()


@pytest.fixture
def cohort(drive):
    """A shared drive → Advisors/ → Ada/ → plan, made by the organizer."""
    drive_id = new_drive(drive)["id"]
    advisors = make(drive, "Advisors", drive_id, folder=True)
    ada = make(drive, "Ada", advisors, folder=True)
    plan = make(drive, "plan", ada)
    return drive_id, advisors, ada, plan


# -- the drives resource ----------------------------------------------------------
def test_create_answers_kind_id_and_name_and_the_creator_is_the_only_organizer(drive):
    made = new_drive(drive)
    assert set(made) == {"kind", "id", "name"} and made["kind"] == "drive#drive"
    members = drive.permissions().list(fileId=made["id"], **ALL,
                                       fields="permissions(emailAddress,role,permissionDetails)").execute()
    assert members["permissions"] == [{"emailAddress": ORGANIZER, "role": "organizer", "permissionDetails": [
        {"permissionType": "member", "role": "organizer", "inherited": False}]}]
    got = drive.drives().get(driveId=made["id"], fields="name,capabilities(canManageMembers,canDeleteDrive)").execute()
    assert got == {"name": "CAS 2026-2028", "capabilities": {"canManageMembers": True, "canDeleteDrive": True}}


def test_the_same_request_id_again_makes_no_second_drive_and_answers_409(drive):
    """requestId: "A repeated request by the same user and with the same request ID will
    avoid creating duplicates ... If the shared drive already exists a 409 error will be returned.\""""
    new_drive(drive, request_id="cohort-2026")
    with pytest.raises(HttpError) as caught:
        new_drive(drive, request_id="cohort-2026")
    assert caught.value.status_code == 409
    assert [d["name"] for d in drive.drives().list().execute()["drives"]] == ["CAS 2026-2028"]


def test_a_request_id_is_the_users_own(drive, drive_as):
    new_drive(drive, request_id="same")
    other = new_drive(drive_as(ADVISOR), "Advisors' drive", request_id="same")
    assert drive_as(ADVISOR).drives().get(driveId=other["id"]).execute()["name"] == "Advisors' drive"


def test_list_holds_the_callers_drives_ten_to_a_page_and_takes_a_name_query(drive, drive_as):
    for i in range(12):
        new_drive(drive, f"Drive {i:02}", request_id=f"r{i}")
    first = drive.drives().list().execute()
    assert len(first["drives"]) == 10 and first["nextPageToken"]
    rest = drive.drives().list(pageToken=first["nextPageToken"]).execute()
    assert [d["name"] for d in rest["drives"]] == ["Drive 10", "Drive 11"] and "nextPageToken" not in rest
    found = drive.drives().list(q="name = 'Drive 03'").execute()["drives"]
    assert [d["name"] for d in found] == ["Drive 03"]
    assert drive_as(STRANGER).drives().list().execute()["drives"] == []


def test_a_drive_is_not_found_for_someone_who_is_not_a_member(drive, drive_as):
    made = new_drive(drive)
    with pytest.raises(HttpError) as caught:
        drive_as(STRANGER).drives().get(driveId=made["id"]).execute()
    assert error_of(caught) == (404, "notFound")


def test_an_organizer_renames_the_drive_and_its_top_folder_follows_a_writer_cannot(drive, drive_as):
    drive_id = new_drive(drive)["id"]
    add_member(drive, drive_id, ADVISOR, "writer")
    assert drive.drives().update(driveId=drive_id, body={"name": "CAS 2027"}).execute()["name"] == "CAS 2027"
    # "The ID of this shared drive which is also the ID of the top level folder."
    assert drive.files().get(fileId=drive_id, fields="name,mimeType", **ALL).execute() == {
        "name": "CAS 2027", "mimeType": FOLDER}
    with pytest.raises(HttpError) as caught:
        drive_as(ADVISOR).drives().update(driveId=drive_id, body={"name": "Mine"}).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")


def test_a_drive_with_untrashed_items_cannot_be_deleted_an_emptied_one_can(drive, cohort):
    """drives.delete: "The shared drive cannot contain any untrashed items.\""""
    drive_id, advisors, _, plan = cohort
    with pytest.raises(HttpError) as caught:
        drive.drives().delete(driveId=drive_id).execute()
    assert error_of(caught) == (403, "cannotDeleteResourceWithChildren")
    drive.files().update(fileId=advisors, body={"trashed": True}, **ALL).execute()
    drive.drives().delete(driveId=drive_id).execute()
    with pytest.raises(HttpError) as caught:
        drive.files().get(fileId=plan, **ALL).execute()
    assert error_of(caught) == (404, "notFound")


# -- items: owned by the drive, seen by apps that support shared drives -------------
def test_an_item_has_the_drive_id_the_drive_as_parent_no_owner_and_no_permissions_field(drive):
    drive_id = new_drive(drive)["id"]
    folder = make(drive, "Advisors", drive_id, folder=True)
    got = drive.files().get(fileId=folder, **ALL, fields="driveId,parents,owners,ownedByMe,"
                            "permissions,permissionIds,hasAugmentedPermissions").execute()
    # owners and permissions "not populated for items in shared drives"; permissionIds is.
    me = drive.about().get(fields="user(permissionId)").execute()["user"]["permissionId"]
    assert got == {"driveId": drive_id, "parents": [drive_id], "permissionIds": [me],
                   "hasAugmentedPermissions": False}


def test_without_supports_all_drives_the_items_are_not_found(drive, cohort):
    drive_id, advisors, _, plan = cohort
    for call in (drive.files().get(fileId=plan),
                 drive.files().create(body={"name": "x", "parents": [advisors]}),
                 drive.permissions().list(fileId=drive_id),
                 drive.files().update(fileId=plan, body={"name": "y"})):
        with pytest.raises(HttpError) as caught:
            call.execute()
        assert error_of(caught) == (404, "notFound")


def test_membership_flows_to_every_item_by_role(drive, drive_as, cohort):
    drive_id, _, ada, plan = cohort
    add_member(drive, drive_id, STUDENT, "reader")
    student = drive_as(STUDENT)
    assert student.files().get(fileId=plan, fields="name", **ALL).execute() == {"name": "plan"}
    with pytest.raises(HttpError) as caught:
        student.files().update(fileId=plan, body={"name": "mine"}, **ALL).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")
    with pytest.raises(HttpError) as caught:
        drive_as(STRANGER).files().get(fileId=plan, **ALL).execute()
    assert error_of(caught) == (404, "notFound")
    add_member(drive, drive_id, ADVISOR, "writer")
    assert make(drive_as(ADVISOR), "notes", ada)


def test_members_are_people_and_groups_and_nobody_owns_an_item(drive, cohort):
    drive_id, _, _, plan = cohort
    with pytest.raises(HttpError) as caught:
        drive.permissions().create(fileId=drive_id, body={"type": "domain", "role": "reader",
                                                          "domain": "school.example"}, **ALL).execute()
    assert caught.value.status_code == 400
    with pytest.raises(HttpError) as caught:
        drive.permissions().create(fileId=plan, transferOwnership=True, **ALL, body={
            "type": "user", "role": "owner", "emailAddress": ADVISOR}).execute()
    assert caught.value.status_code == 403


def test_the_last_organizer_stays(drive, cohort):
    drive_id = cohort[0]
    [me] = drive.permissions().list(fileId=drive_id, **ALL).execute()["permissions"]
    with pytest.raises(HttpError) as caught:
        drive.permissions().delete(fileId=drive_id, permissionId=me["id"], **ALL).execute()
    assert caught.value.status_code == 403


def test_files_list_needs_include_items_from_all_drives_to_show_drive_items(drive, drive_as, cohort):
    drive_id, advisors, ada, plan = cohort
    mine = drive.files().create(body={"name": "my notes"}, fields="id").execute()["id"]
    names = lambda **kw: sorted(f["name"] for f in drive.files().list(**kw).execute()["files"])  # noqa: E731
    # "If not present or set to false, then shared drive items aren't returned."
    assert names() == ["my notes"]
    # corpora=user is "files owned by or shared to the user": membership shares the drive, not its items.
    assert names(includeItemsFromAllDrives=True, **ALL) == ["my notes"]
    assert names(corpora="drive", driveId=drive_id, includeItemsFromAllDrives=True, **ALL) == ["Ada", "Advisors", "plan"]
    assert names(corpora="allDrives", includeItemsFromAllDrives=True, **ALL) == ["Ada", "Advisors", "my notes", "plan"]
    assert names(q=f"'{ada}' in parents", corpora="allDrives", includeItemsFromAllDrives=True, **ALL) == ["plan"]
    with pytest.raises(HttpError) as caught:
        drive.files().list(corpora="drive", driveId=drive_id, **ALL).execute()
    assert error_of(caught) == (403, "teamDriveIncludeItemsRequired")
    with pytest.raises(HttpError) as caught:
        drive_as(STRANGER).files().list(corpora="drive", driveId=drive_id,
                                        includeItemsFromAllDrives=True, **ALL).execute()
    assert error_of(caught) == (404, "notFound")
    assert mine


def test_a_folder_shared_with_someone_outside_opens_what_is_below_it_only(drive, drive_as, cohort):
    """Members can share a folder of a shared drive with a person who is not a member:
    the grant flows down that folder, as in My Drive, and nowhere else."""
    drive_id, advisors, ada, plan = cohort
    other = make(drive, "Ben", advisors, folder=True)
    drive.permissions().create(fileId=ada, sendNotificationEmail=False, **ALL,
                               body={"type": "user", "role": "writer", "emailAddress": STUDENT}).execute()
    student = drive_as(STUDENT)
    assert student.files().get(fileId=plan, fields="name", **ALL).execute() == {"name": "plan"}
    for hidden in (other, drive_id):
        with pytest.raises(HttpError) as caught:
            student.files().get(fileId=hidden, **ALL).execute()
        assert error_of(caught) == (404, "notFound")
    listed = student.files().list(includeItemsFromAllDrives=True, **ALL).execute()["files"]
    assert sorted(f["name"] for f in listed) == ["Ada", "plan"]
    with pytest.raises(HttpError) as caught:  # a stranger to the drive is not a member
        student.drives().get(driveId=drive_id).execute()
    assert error_of(caught) == (404, "notFound")


def test_permissions_of_an_item_say_which_come_from_membership_and_which_from_a_folder(drive, cohort):
    drive_id, _, ada, plan = cohort
    drive.permissions().create(fileId=ada, sendNotificationEmail=False, **ALL,
                               body={"type": "user", "role": "reader", "emailAddress": STUDENT}).execute()
    listed = drive.permissions().list(fileId=plan, **ALL,
                                      fields="permissions(emailAddress,role,permissionDetails)").execute()
    by_email = {p["emailAddress"]: p for p in listed["permissions"]}
    assert by_email[ORGANIZER]["permissionDetails"] == [
        {"permissionType": "member", "role": "organizer", "inherited": True, "inheritedFrom": drive_id}]
    assert by_email[STUDENT]["permissionDetails"] == [
        {"permissionType": "file", "role": "reader", "inherited": True, "inheritedFrom": ada}]


def test_moving_within_the_drive_is_for_file_organizers(drive, drive_as, cohort):
    drive_id, advisors, ada, plan = cohort
    add_member(drive, drive_id, ADVISOR, "writer")
    with pytest.raises(HttpError) as caught:
        drive_as(ADVISOR).files().update(fileId=plan, addParents=advisors, removeParents=ada, **ALL).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")
    moved = drive.files().update(fileId=plan, addParents=advisors, removeParents=ada, fields="parents",
                                 **ALL).execute()
    assert moved == {"parents": [advisors]}
    with pytest.raises(HttpError) as caught:  # "must have exactly one parent"
        drive.files().update(fileId=plan, removeParents=advisors, **ALL).execute()
    assert error_of(caught) == (403, "teamDrivesParentLimit")


def test_trashing_is_for_file_organizers_and_deleting_for_organizers(drive, drive_as, cohort):
    drive_id, _, ada, plan = cohort
    add_member(drive, drive_id, ADVISOR, "fileOrganizer")
    advisor = drive_as(ADVISOR)
    assert advisor.files().update(fileId=plan, body={"trashed": True}, fields="trashed", **ALL).execute() == {
        "trashed": True}
    with pytest.raises(HttpError) as caught:
        advisor.files().delete(fileId=plan, **ALL).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")
    drive.files().delete(fileId=ada, **ALL).execute()   # the folder takes what is below it
    with pytest.raises(HttpError) as caught:
        drive.files().get(fileId=plan, **ALL).execute()
    assert error_of(caught) == (404, "notFound")


def test_changes_of_a_drive_reach_apps_that_ask_for_them(drive):
    token = drive.changes().getStartPageToken().execute()["startPageToken"]
    drive_id = new_drive(drive)["id"]
    folder = make(drive, "Advisors", drive_id, folder=True)
    mine = drive.files().create(body={"name": "my notes"}, fields="id").execute()["id"]
    ids = lambda **kw: [c["fileId"] for c in drive.changes().list(pageToken=token, **kw).execute()["changes"]]  # noqa: E731
    assert ids() == [mine]
    assert ids(includeItemsFromAllDrives=True, **ALL) == [folder, mine]
    assert ids(driveId=drive_id, includeItemsFromAllDrives=True, **ALL) == [folder]


def test_about_says_the_user_may_create_drives(drive):
    assert drive.about().get(fields="canCreateDrives").execute() == {"canCreateDrives": True}


# -- the Drive pages ------------------------------------------------------------------
def test_a_member_browses_the_drive_on_the_drive_pages_and_a_stranger_does_not(emulator, drive, cohort):
    drive_id, advisors, ada, plan = cohort
    add_member(drive, drive_id, STUDENT, "reader")

    def page(email, path):
        session = requests.Session()
        session.cookies.set("emulator_user", email)
        return session.get(emulator.url + path)

    listed = page(STUDENT, "/drive/shared-drives")
    assert listed.status_code == 200 and "CAS 2026-2028" in listed.text
    top = page(STUDENT, f"/drive/folders/{drive_id}")
    assert top.status_code == 200 and "Advisors" in top.text
    inner = page(STUDENT, f"/drive/folders/{ada}")
    assert inner.status_code == 200 and "plan" in inner.text and "CAS 2026-2028" in inner.text  # crumbs
    assert page(STRANGER, f"/drive/folders/{ada}").status_code == 404
