"""Drive v3 comments: create, list, get, delete
(https://developers.google.com/workspace/drive/api/reference/rest/v3/comments), and
what a copy of a spreadsheet does with them."""

import pytest
from googleapiclient.errors import HttpError

SPREADSHEET = "application/vnd.google-apps.spreadsheet"
TEACHER = "teacher@school.example"
ANCHOR = '{"r": "head", "a": [{"line": {"n": 2}}]}'


@pytest.fixture
def sheet(drive):
    return drive.files().create(body={"name": "Master", "mimeType": SPREADSHEET}).execute()["id"]


def comment(drive, file_id, content="Check row 2", **body):
    return drive.comments().create(fileId=file_id, fields="*",
                                   body={"content": content, **body}).execute()


@pytest.mark.parametrize("call", ["create", "list", "get"])
def test_fields_is_required_on_every_comments_method_but_delete(drive, sheet, call):
    # manage-comments: "For all methods (excluding delete) on the comments resource, you
    # must set the fields system parameter ... the method returns an error".
    made = comment(drive, sheet)
    request = {"create": lambda: drive.comments().create(fileId=sheet, body={"content": "x"}),
               "list": lambda: drive.comments().list(fileId=sheet),
               "get": lambda: drive.comments().get(fileId=sheet, commentId=made["id"])}[call]()
    with pytest.raises(HttpError) as caught:
        request.execute()
    assert caught.value.status_code == 400
    assert caught.value.error_details[0]["reason"] == "required"


def test_a_comment_keeps_its_author_content_times_anchor_and_resolved_state(drive, sheet):
    made = comment(drive, sheet, anchor=ANCHOR)
    assert made["kind"] == "drive#comment" and made["content"] == "Check row 2"
    assert made["anchor"] == ANCHOR and made["resolved"] is False and made["deleted"] is False
    assert made["createdTime"] == made["modifiedTime"] and made["createdTime"].endswith("Z")
    # "The author's email address and permission ID will not be populated."
    assert made["author"] == {"kind": "drive#user", "displayName": "Coordinator", "me": True}
    assert drive.comments().get(fileId=sheet, commentId=made["id"], fields="*").execute() == made


def test_html_content_is_the_content_escaped_for_display(drive, sheet):
    made = comment(drive, sheet, content="a < b\nnext")
    assert made["htmlContent"] == "a &lt; b<br>next"


def test_list_pages_through_the_comments_oldest_first(drive, sheet):
    for n in range(3):
        comment(drive, sheet, content=f"c{n}")
    first = drive.comments().list(fileId=sheet, pageSize=2, fields="*").execute()
    assert first["kind"] == "drive#commentList"
    assert [c["content"] for c in first["comments"]] == ["c0", "c1"]
    rest = drive.comments().list(fileId=sheet, pageSize=2, pageToken=first["nextPageToken"],
                                 fields="comments(content),nextPageToken").execute()
    assert rest == {"comments": [{"content": "c2"}]}


def test_an_empty_list_still_has_its_comments_key(drive, sheet):
    # As Google answered gspread's copy (tests/cassettes/ClientTest.test_copy.json): {"comments": []}.
    listed = drive.comments().list(fileId=sheet, fields="comments/content,nextPageToken").execute()
    assert listed == {"comments": []}


def test_a_deleted_comment_is_gone_unless_include_deleted_and_has_no_content(drive, sheet):
    made = comment(drive, sheet)
    drive.comments().delete(fileId=sheet, commentId=made["id"]).execute()
    assert drive.comments().list(fileId=sheet, fields="comments(id)").execute() == {"comments": []}
    with pytest.raises(HttpError) as caught:
        drive.comments().get(fileId=sheet, commentId=made["id"], fields="id").execute()
    assert caught.value.status_code == 404
    kept = drive.comments().get(fileId=sheet, commentId=made["id"], includeDeleted=True,
                                fields="*").execute()
    assert kept["deleted"] is True and "content" not in kept and "htmlContent" not in kept


def test_readers_read_comments_commenters_write_them_strangers_see_nothing(drive, drive_as, sheet):
    comment(drive, sheet)
    drive.permissions().create(fileId=sheet, body={"type": "user", "role": "reader",
                                                   "emailAddress": TEACHER}).execute()
    teacher = drive_as(TEACHER)
    listed = teacher.comments().list(fileId=sheet, fields="comments(content,author)").execute()
    assert listed["comments"][0]["author"]["me"] is False
    with pytest.raises(HttpError) as caught:
        comment(teacher, sheet)
    assert caught.value.status_code == 403
    drive.permissions().create(fileId=sheet, body={"type": "user", "role": "commenter",
                                                   "emailAddress": TEACHER}).execute()
    assert comment(teacher, sheet, content="Mine")["author"]["me"] is True
    with pytest.raises(HttpError) as caught:
        drive_as("stranger@school.example").comments().list(fileId=sheet, fields="*").execute()
    assert caught.value.status_code == 404


def test_a_comment_needs_content(drive, sheet):
    with pytest.raises(HttpError) as caught:
        drive.comments().create(fileId=sheet, fields="id", body={"anchor": ANCHOR}).execute()
    assert caught.value.status_code == 400


def test_files_copy_alone_does_not_copy_comments(drive, sheet):
    # "there is no way to preserve comment using Copy API" (knative/community#346).
    comment(drive, sheet)
    copied = drive.files().copy(fileId=sheet, body={}).execute()
    assert drive.comments().list(fileId=copied["id"], fields="comments(id)").execute() == {"comments": []}


def test_a_gspread_copy_carries_the_originals_comments(drive, gspread_as, sheet):
    # gspread's copy(copy_comments=True, its default) lists the original's comments
    # (fields comments/content,comments/anchor) and creates each again on the copy.
    comment(drive, sheet, content="Check row 2", anchor=ANCHOR)
    comment(drive, sheet, content="Totals?")
    copy = gspread_as().copy(sheet, title="Master 2025")
    carried = drive.comments().list(fileId=copy.id, fields="comments(content,anchor)").execute()
    assert carried["comments"] == [{"content": "Check row 2", "anchor": ANCHOR},
                                   {"content": "Totals?"}]
    assert copy.title == "Master 2025"

