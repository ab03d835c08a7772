"""Drive v3 imports: media uploaded with a Google ``mimeType`` becomes a Doc or a
spreadsheet, and new media on one replaces its content in place.

"If a file is created with a Google Doc MIME type, the uploaded content is imported,
if possible. The supported import formats are published in the About resource."
(File.mimeType, https://developers.google.com/drive/api/reference/rest/v3/files);
Google's own sample: python-samples drive/snippets/drive-v3/file_snippet/upload_with_conversion.py."""

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload, MediaIoBaseUpload

DOC = "application/vnd.google-apps.document"
SHEET = "application/vnd.google-apps.spreadsheet"
STUDENT = "zoe@school.example"


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


def as_text(drive, file_id):
    return drive.files().export(fileId=file_id, mimeType="text/plain").execute().decode("utf-8")


def as_html(drive, file_id):
    return drive.files().export(fileId=file_id, mimeType="text/html").execute().decode("utf-8")


def new_doc(drive, content: bytes, media_type="text/html", name="Record of Zoë", **extra):
    return drive.files().create(body={"name": name, "mimeType": DOC, **extra},
                                media_body=MediaInMemoryUpload(content, media_type),
                                fields="id,name,mimeType,webViewLink,version,modifiedTime").execute()


def test_googles_upload_with_conversion_sample_makes_a_spreadsheet_of_a_csv(drive, sheets, tmp_path):
    # upload_with_conversion.py: MediaFileUpload("report.csv", mimetype="text/csv", resumable=True)
    # with {"name": "My Report", "mimeType": "application/vnd.google-apps.spreadsheet"}, fields="id".
    from googleapiclient.http import MediaFileUpload
    report = tmp_path / "report.csv"
    report.write_text("Student,Hours,Done\nZoë Łukasz,12.5,TRUE\n\"Ben, Jr.\",3,FALSE\n", encoding="utf-8")
    media = MediaFileUpload(str(report), mimetype="text/csv", resumable=True)
    made = drive.files().create(body={"name": "My Report", "mimeType": SHEET}, media_body=media,
                                fields="id").execute()
    got = drive.files().get(fileId=made["id"], fields="mimeType,name").execute()
    assert got == {"mimeType": SHEET, "name": "My Report"}
    values = sheets.spreadsheets().values().get(spreadsheetId=made["id"], range="A1:C3",
                                                valueRenderOption="UNFORMATTED_VALUE").execute()["values"]
    # Values as if typed (Sheets' import parses numbers and booleans), the quoted comma kept.
    assert values == [["Student", "Hours", "Done"], ["Zoë Łukasz", 12.5, True], ["Ben, Jr.", 3, False]]


def test_an_html_upload_becomes_a_doc_that_keeps_its_content_but_not_its_scripts(drive, people_url):
    html = ("<html><head><title>ignored</title><script>steal()</script></head><body>"
            "<h1 onclick=\"steal()\">CAS record</h1><p>Student: <b>Zoë</b></p>"
            "<p><a href=\"javascript:steal()\">bad link</a> <a href=\"https://example.org/\">guide</a></p>"
            "<ul><li>Beach clean-up</li></ul></body></html>").encode()
    doc = new_doc(drive, html)
    assert doc["mimeType"] == DOC
    assert doc["webViewLink"] == people_url(f"https://docs.google.com/document/d/{doc['id']}/edit")
    exported = as_html(drive, doc["id"])
    for kept in ("<h1>CAS record</h1>", "<b>Zoë</b>", 'href="https://example.org/"', "<li>Beach clean-up</li>"):
        assert kept in exported
    for dropped in ("steal", "script", "onclick", "javascript:", "ignored"):
        assert dropped not in exported


def test_plain_text_becomes_a_doc_of_one_paragraph_a_line(drive):
    doc = new_doc(drive, "Zoë Łukasz\n\nReflection: 3 hours\n".encode(), "text/plain")
    # Google's text export starts with a byte order mark (googleapis/google-api-nodejs-client#2404).
    assert as_text(drive, doc["id"]) == "\ufeffZoë Łukasz\r\n\r\nReflection: 3 hours"
    assert "<p>Zoë Łukasz</p><p></p><p>Reflection: 3 hours</p>" in as_html(drive, doc["id"])


def test_new_media_on_a_doc_replaces_its_content_in_place(drive):
    doc = new_doc(drive, b"<p>Term 1: nothing yet</p>")
    updated = drive.files().update(fileId=doc["id"], media_body=MediaInMemoryUpload(
        "<p>Term 2: Zoë approved</p>".encode(), "text/html"),
        fields="id,mimeType,webViewLink,version,modifiedTime").execute()
    assert updated["id"] == doc["id"] and updated["webViewLink"] == doc["webViewLink"]
    assert updated["mimeType"] == DOC
    assert int(updated["version"]) > int(doc["version"]) and updated["modifiedTime"] > doc["modifiedTime"]
    assert as_text(drive, doc["id"]) == "\ufeffTerm 2: Zoë approved"


def test_a_resumable_update_of_a_doc_with_metadata_renames_and_replaces_it(drive):
    import io
    doc = new_doc(drive, b"<p>old</p>")
    media = MediaIoBaseUpload(io.BytesIO(b"<h2>Record</h2><p>new</p>"), "text/html", resumable=True)
    updated = drive.files().update(fileId=doc["id"], body={"name": "Record (final)"}, media_body=media,
                                   fields="id,name").execute()
    assert updated == {"id": doc["id"], "name": "Record (final)"}
    assert as_text(drive, doc["id"]) == "\ufeffRecord\r\nnew"


def test_new_csv_on_a_spreadsheet_replaces_its_values(drive, sheets):
    made = drive.files().create(body={"name": "Hours", "mimeType": SHEET},
                                media_body=MediaInMemoryUpload(b"a,b\n1,2\n3,4\n", "text/csv")).execute()
    drive.files().update(fileId=made["id"], media_body=MediaInMemoryUpload(b"x\n9\n", "text/csv")).execute()
    got = sheets.spreadsheets().values().get(spreadsheetId=made["id"], range="A1:C5").execute()
    assert got["values"] == [["x"], ["9"]]


def test_a_tsv_upload_becomes_a_spreadsheet_too(drive, sheets):
    made = drive.files().create(body={"name": "Tabbed", "mimeType": SHEET},
                                media_body=MediaInMemoryUpload(b"a\tb c\n", "text/tab-separated-values")).execute()
    got = sheets.spreadsheets().values().get(spreadsheetId=made["id"], range="A1:B1").execute()
    assert got["values"] == [["a", "b c"]]


@pytest.mark.parametrize("target, content, media_type", [
    (DOC, b"%PDF-1.4", "application/pdf"),
    (DOC, b"a,b\n", "text/csv"),
    (SHEET, b"<p>x</p>", "text/html"),
    ("application/vnd.google-apps.folder", b"x", "text/plain"),
])
def test_an_upload_that_cannot_become_the_google_type_is_refused_and_nothing_is_made(
        drive, target, content, media_type):
    # googleworkspace/php-samples#147: 400 conversionUnsupportedConversionPath.
    with pytest.raises(HttpError) as caught:
        drive.files().create(body={"name": "Refused", "mimeType": target},
                             media_body=MediaInMemoryUpload(content, media_type)).execute()
    assert error_of(caught) == (400, "conversionUnsupportedConversionPath")
    assert drive.files().list(q="name = 'Refused'").execute()["files"] == []


def test_new_media_a_doc_cannot_take_is_refused_and_the_doc_keeps_its_content(drive):
    doc = new_doc(drive, b"<p>kept</p>")
    with pytest.raises(HttpError) as caught:
        drive.files().update(fileId=doc["id"], body={"name": "renamed"},
                             media_body=MediaInMemoryUpload(b"\x89PNG", "image/png")).execute()
    assert error_of(caught) == (400, "conversionUnsupportedConversionPath")
    assert drive.files().get(fileId=doc["id"], fields="name").execute()["name"] == doc["name"]
    assert as_text(drive, doc["id"]) == "\ufeffkept"


def test_a_reader_cannot_replace_a_docs_content(drive, drive_as):
    doc = new_doc(drive, b"<p>the advisor's record</p>")
    drive.permissions().create(fileId=doc["id"], sendNotificationEmail=False,
                               body={"type": "user", "role": "reader", "emailAddress": STUDENT}).execute()
    with pytest.raises(HttpError) as caught:
        drive_as(STUDENT).files().update(fileId=doc["id"], media_body=MediaInMemoryUpload(
            b"<p>mine now</p>", "text/html")).execute()
    assert error_of(caught) == (403, "insufficientFilePermissions")
    assert as_text(drive, doc["id"]) == "\ufeffthe advisor's record"


def test_a_copy_of_a_doc_has_the_same_content(drive):
    doc = new_doc(drive, "<p>Zoë's record</p>".encode())
    copy = drive.files().copy(fileId=doc["id"], body={}).execute()
    assert copy["id"] != doc["id"] and copy["mimeType"] == DOC
    assert as_text(drive, copy["id"]) == "\ufeffZoë's record"


def test_a_doc_is_still_not_downloadable_with_alt_media(drive):
    doc = new_doc(drive, b"<p>x</p>")
    with pytest.raises(HttpError) as caught:
        drive.files().get_media(fileId=doc["id"]).execute()
    assert error_of(caught) == (403, "fileNotDownloadable")
    # Google types report no size or checksum, whatever they hold.
    assert "size" not in drive.files().get(fileId=doc["id"], fields="size,md5Checksum").execute()


def test_about_lists_what_can_be_imported_into_what(drive):
    about = drive.about().get(fields="importFormats,exportFormats,maxImportSizes").execute()
    assert about["importFormats"]["text/html"] == [DOC]
    assert about["importFormats"]["text/plain"] == [DOC]
    assert about["importFormats"]["text/csv"] == [SHEET]
    assert set(about["exportFormats"][DOC]) == {"text/plain", "text/html", "application/pdf"}
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in about["exportFormats"][SHEET]
    assert about["maxImportSizes"][DOC] == "10485760"
