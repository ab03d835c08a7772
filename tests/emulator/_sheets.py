"""Helpers shared by the Sheets tests."""

import pytest
from googleapiclient.errors import HttpError


def batch(sheets, spreadsheet_id, *requests, **options):
    """spreadsheets.batchUpdate with these requests (and body options)."""
    body = {"requests": list(requests), **options}
    return sheets.spreadsheets().batchUpdate(spreadsheetId=spreadsheet_id, body=body).execute()


def refused(call) -> HttpError:
    """The HttpError a call answers (the test fails if it succeeds)."""
    with pytest.raises(HttpError) as caught:
        call()
    return caught.value
