"""Drive v3 files.export: a Doc as text, HTML or PDF; a spreadsheet as CSV (first sheet),
PDF or .xlsx (every tab); Google's refusals.
https://developers.google.com/drive/api/reference/rest/v3/files/export and
https://developers.google.com/drive/api/guides/ref-export-formats; Google's own sample:
python-samples drive/snippets/drive-v3/file_snippet/export_pdf.py."""

import io

import openpyxl
import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload, MediaIoBaseDownload
from pypdf import PdfReader

DOC = "application/vnd.google-apps.document"
SHEET = "application/vnd.google-apps.spreadsheet"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STUDENT, STRANGER = "zoe@school.example", "ben@school.example"
# A student's record; its table has a <p> in each cell, as Google's own HTML has.
RECORD = ("<h1>CAS record: Zoë Łukasz</h1><p>Advisor: <b>Ms Nguyễn</b></p>"
          "<ol><li>Beach clean-up</li><li>Choir 合唱</li></ol>"
          "<table><tr><th>Strand</th><th>Hours</th></tr><tr><td><p>Service</p></td><td><p>12</p></td></tr></table>")


def error_of(caught):
    return caught.value.status_code, caught.value.error_details[0]["reason"]


def pdf_text(content: bytes) -> str:
    """The PDF's text, whitespace collapsed (a table cell wraps its text)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def record(drive):
    return drive.files().create(body={"name": "Record of Zoë", "mimeType": DOC},
                                media_body=MediaInMemoryUpload(RECORD.encode(), "text/html")).execute()["id"]


@pytest.fixture
def workbook(drive, sheets):
    """A spreadsheet with two tabs: Hours (typed values, a formula, a date) and Notes."""
    sid = drive.files().create(body={"name": "CAS hours", "mimeType": SHEET}).execute()["id"]
    sheets.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": [
        {"updateSheetProperties": {"properties": {"sheetId": 0, "title": "Hours"}, "fields": "title"}},
        {"addSheet": {"properties": {"title": "Notes"}}}]}).execute()
    sheets.spreadsheets().values().batchUpdate(spreadsheetId=sid, body={"valueInputOption": "USER_ENTERED", "data": [
        {"range": "Hours!A1", "values": [["Student", "Hours", "Done", "Total", "Since"],
                                          ["Zoë Łukasz", "12.5", "TRUE", "=B2*2", "2026-09-01"],
                                          ["Ben, Jr.", "3", "FALSE", "", ""]]},
        {"range": "Notes!A1", "values": [["Only in the second tab"]]}]}).execute()
    sheets.spreadsheets().values().update(spreadsheetId=sid, range="Hours!A4", valueInputOption="RAW",
                                          body={"values": [["=not a formula"]]}).execute()
    return sid


def test_googles_export_pdf_sample_downloads_a_doc_whose_text_can_be_read_back(drive, record):
    # export_pdf.py: files().export_media(fileId, mimeType="application/pdf") through MediaIoBaseDownload.
    request = drive.files().export_media(fileId=record, mimeType="application/pdf")
    fh = io.BytesIO()
    downloader = MediaIoBaseDownload(fh, request)
    done = False
    while done is False:
        status, done = downloader.next_chunk()
    assert status.progress() == 1.0
    content = fh.getvalue()
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for shown in ("CAS record: Zoë Łukasz", "Ms Nguyễn", "Beach clean-up", "合唱", "Service", "12"):
        assert shown in text


def test_a_doc_exports_as_plain_text_with_googles_byte_order_mark(drive, record):
    text = drive.files().export(fileId=record, mimeType="text/plain").execute().decode("utf-8")
    # googleapis/google-api-nodejs-client#2404: the text export starts with U+FEFF.
    assert text == "\ufeffCAS record: Zoë Łukasz\r\nAdvisor: Ms Nguyễn\r\n1. Beach clean-up\r\n2. Choir 合唱\r\nStrand\tHours\r\nService\t12"


def test_a_doc_exports_as_a_whole_html_document(drive, record):
    page = drive.files().export(fileId=record, mimeType="text/html").execute().decode("utf-8")
    assert page.startswith("<html>") and page.endswith("</html>")
    assert "<h1>CAS record: Zoë Łukasz</h1>" in page and "<b>Ms Nguyễn</b>" in page


def test_the_export_is_typed_as_the_format_asked_for(drive, record, workbook):
    # The answer's Content-Type is the requested MIME type as sent.
    for file_id, mime_type in ((record, "text/plain"), (record, "application/pdf"), (workbook, "text/csv"),
                               (workbook, XLSX)):
        request = drive.files().export_media(fileId=file_id, mimeType=mime_type)
        response, _ = request.http.request(request.uri)
        assert response.status == 200 and response["content-type"] == mime_type


def test_a_spreadsheet_exports_its_first_sheet_only_as_csv(drive, workbook):
    # ref-export-formats: "Comma Separated Values (first-sheet only)".
    csv = drive.files().export(fileId=workbook, mimeType="text/csv").execute().decode("utf-8")
    # Values as the sheet shows them (FORMATTED_VALUE), quoted where CSV needs it, every row
    # as wide as the data.
    assert csv == ('Student,Hours,Done,Total,Since\r\nZoë Łukasz,12.5,TRUE,=B2*2,2026-09-01\r\n'
                   '"Ben, Jr.",3,FALSE,,\r\n=not a formula,,,,\r\n')
    assert "second tab" not in csv


def test_a_spreadsheet_exports_every_tab_as_xlsx_that_openpyxl_reads(drive, workbook):
    book = openpyxl.load_workbook(io.BytesIO(drive.files().export(fileId=workbook, mimeType=XLSX).execute()))
    assert book.sheetnames == ["Hours", "Notes"]
    hours = book["Hours"]
    assert [c.value for c in hours[2]][:3] == ["Zoë Łukasz", 12.5, True]
    assert hours["D2"].value == "=B2*2" and hours["D2"].data_type == "f"
    assert hours["E2"].is_date                       # a date stays a date, with its number format
    assert hours["A4"].value == "=not a formula" and hours["A4"].data_type == "s"
    assert book["Notes"]["A1"].value == "Only in the second tab"


def test_a_spreadsheet_exports_every_visible_tab_as_pdf(drive, sheets, workbook):
    sheets.spreadsheets().batchUpdate(spreadsheetId=workbook, body={"requests": [
        {"addSheet": {"properties": {"title": "Secret", "hidden": True}}}]}).execute()
    sheets.spreadsheets().values().update(spreadsheetId=workbook, range="Secret!A1", valueInputOption="RAW",
                                          body={"values": [["hidden tab"]]}).execute()
    text = pdf_text(drive.files().export(fileId=workbook, mimeType="application/pdf").execute())
    assert "Zoë Łukasz" in text and "Only in the second tab" in text
    assert "hidden tab" not in text


def test_reading_the_file_is_enough_to_export_it(drive, drive_as, record):
    drive.permissions().create(fileId=record, sendNotificationEmail=False,
                               body={"type": "user", "role": "reader", "emailAddress": STUDENT}).execute()
    assert "Zoë" in drive_as(STUDENT).files().export(fileId=record, mimeType="text/plain").execute().decode()
    with pytest.raises(HttpError) as caught:
        drive_as(STRANGER).files().export(fileId=record, mimeType="text/plain").execute()
    assert error_of(caught) == (404, "notFound")


def test_the_format_is_matched_without_regard_to_case(drive, record):
    assert drive.files().export(fileId=record, mimeType="TEXT/Plain").execute().startswith("\ufeff".encode())


def test_a_file_that_is_not_a_docs_editors_file_cannot_be_exported(drive):
    # 403 fileNotExportable "Export only supports Docs Editors files."
    upload = drive.files().create(body={"name": "evidence.pdf"},
                                  media_body=MediaInMemoryUpload(b"%PDF-1.4", "application/pdf")).execute()
    folder = drive.files().create(body={"name": "CAS", "mimeType": "application/vnd.google-apps.folder"}).execute()
    for file_id in (upload["id"], folder["id"]):
        with pytest.raises(HttpError) as caught:
            drive.files().export(fileId=file_id, mimeType="application/pdf").execute()
        assert error_of(caught) == (403, "fileNotExportable")
        assert caught.value.error_details[0]["message"] == "Export only supports Docs Editors files."


@pytest.mark.parametrize("source, mime_type", [
    (DOC, "text/csv"), (DOC, "image/png"), (SHEET, "text/plain"),
    ("application/vnd.google-apps.form", "application/pdf"),
])
def test_a_format_the_type_does_not_export_to_is_a_bad_request(drive, source, mime_type):
    # 400 badRequest "The requested conversion is not supported." on convertTo (transloadit/uppy#2187).
    made = drive.files().create(body={"name": "x", "mimeType": source}).execute()
    with pytest.raises(HttpError) as caught:
        drive.files().export(fileId=made["id"], mimeType=mime_type).execute()
    assert error_of(caught) == (400, "badRequest")
    detail = caught.value.error_details[0]
    assert detail["message"] == "The requested conversion is not supported."
    assert detail["location"] == "convertTo"


def test_a_format_google_exports_but_the_emulator_does_not_render_is_not_implemented(drive, record):
    with pytest.raises(HttpError) as caught:
        drive.files().export(fileId=record, mimeType="application/vnd.openxmlformats-officedocument."
                                                       "wordprocessingml.document").execute()
    assert caught.value.status_code == 501


def test_an_export_above_ten_megabytes_is_refused(drive, sheets):
    # "Please note that the exported content is limited to 10MB" (files.export); Google answers
    # 403 exportSizeLimitExceeded "This file is too large to be exported." (google-api-ruby-client#906).
    sid = drive.files().create(body={"name": "Big", "mimeType": SHEET}).execute()["id"]
    rows = [["x" * 50_000] * 10 for _ in range(22)]      # 11 MB of text, the largest cells Sheets takes
    sheets.spreadsheets().values().update(spreadsheetId=sid, range="A1", valueInputOption="RAW",
                                          body={"values": rows}).execute()
    with pytest.raises(HttpError) as caught:
        drive.files().export(fileId=sid, mimeType="text/csv").execute()
    assert error_of(caught) == (403, "exportSizeLimitExceeded")
    assert caught.value.error_details[0]["message"] == "This file is too large to be exported."
