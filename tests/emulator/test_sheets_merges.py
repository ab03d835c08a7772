"""Merged cells as Google keeps them: a new merge replaces the merges it covers, and
only the top-left cell of a merge holds a value, however it is read (by A1 range,
by a named range, or by a named range after its sheet's name)."""

from _sheets import batch, refused


def create(sheets):
    return sheets.spreadsheets().create(body={"properties": {"title": "Merges"}}).execute()["spreadsheetId"]


def grid(r0, r1, c0, c1):
    return {"sheetId": 0, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}


def merges(sheets, sid):
    return sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"][0].get("merges", [])


def write(sheets, sid, rng, rows):
    sheets.spreadsheets().values().update(spreadsheetId=sid, range=rng, valueInputOption="RAW",
                                          body={"values": rows}).execute()


def read(sheets, sid, rng):
    return sheets.spreadsheets().values().get(spreadsheetId=sid, range=rng).execute().get("values", [])


def test_merging_a_range_that_contains_merges_replaces_them(sheets):
    # Observed against Google: mergeCells over a range holding existing merges succeeds,
    # and the sheet is left with the new merge alone.
    sid = create(sheets)
    batch(sheets, sid, {"mergeCells": {"range": grid(1, 3, 1, 3), "mergeType": "MERGE_ALL"}},
          {"mergeCells": {"range": grid(5, 6, 0, 2), "mergeType": "MERGE_ALL"}})
    batch(sheets, sid, {"mergeCells": {"range": grid(0, 4, 0, 4), "mergeType": "MERGE_ALL"}})
    assert merges(sheets, sid) == [grid(5, 6, 0, 2), grid(0, 4, 0, 4)]


def test_merging_the_same_range_again_and_by_rows_over_a_merge_both_succeed(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"mergeCells": {"range": grid(0, 2, 0, 3), "mergeType": "MERGE_ALL"}})
    batch(sheets, sid, {"mergeCells": {"range": grid(0, 2, 0, 3), "mergeType": "MERGE_ALL"}})
    assert merges(sheets, sid) == [grid(0, 2, 0, 3)]
    batch(sheets, sid, {"mergeCells": {"range": grid(0, 2, 0, 3), "mergeType": "MERGE_ROWS"}})
    assert merges(sheets, sid) == [grid(0, 1, 0, 3), grid(1, 2, 0, 3)]


def test_a_merge_only_partly_inside_the_new_range_is_refused_and_nothing_changes(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"mergeCells": {"range": grid(0, 2, 0, 2), "mergeType": "MERGE_ALL"}})
    error = refused(lambda: batch(sheets, sid, {"mergeCells": {"range": grid(1, 4, 0, 4),
                                                               "mergeType": "MERGE_ALL"}}))
    assert error.status_code == 400
    assert merges(sheets, sid) == [grid(0, 2, 0, 2)]


def test_only_the_top_left_cell_of_a_merge_holds_a_value_even_when_written_after(sheets, gspread_as):
    sid = create(sheets)
    batch(sheets, sid, {"mergeCells": {"range": grid(0, 2, 0, 2), "mergeType": "MERGE_ALL"}})
    write(sheets, sid, "Sheet1!A1:C2", [["top-left", "hidden", "c1"], ["hidden", "hidden", "c2"]])
    assert read(sheets, sid, "Sheet1!A1:C2") == [["top-left", "", "c1"], ["", "", "c2"]]
    batch(sheets, sid, {"updateCells": {"start": {"sheetId": 0, "rowIndex": 1}, "fields": "userEnteredValue",
                                        "rows": [{"values": [{"userEnteredValue": {"stringValue": "x"}}]}]}})
    assert gspread_as().open_by_key(sid).sheet1.get("A1:B2") == [["top-left"]]


def test_a_named_range_is_read_by_its_name_after_its_sheets_name(sheets):
    # Observed against Google: 'Sheet1'!NamedRange reads the named range; merged cells
    # read as Google gives them, the value in the top-left cell and the others empty.
    sid = create(sheets)
    write(sheets, sid, "Sheet1!A1:B3", [["Total", "x"], ["1", "2"], ["3", "4"]])
    batch(sheets, sid, {"mergeCells": {"range": grid(0, 1, 0, 2), "mergeType": "MERGE_ALL"}},
          {"addNamedRange": {"namedRange": {"name": "Totals", "range": grid(0, 3, 0, 2)}}})
    expected = [["Total"], ["1", "2"], ["3", "4"]]
    for rng in ("'Sheet1'!Totals", "Sheet1!Totals", "Totals"):
        got = sheets.spreadsheets().values().get(spreadsheetId=sid, range=rng).execute()
        assert (got["range"], got["values"]) == ("Sheet1!A1:B3", expected)


def test_a_named_range_after_another_sheets_name_or_an_unknown_name_is_unparsable(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"addSheet": {"properties": {"title": "Other", "sheetId": 7}}},
          {"addNamedRange": {"namedRange": {"name": "Totals", "range": grid(0, 3, 0, 2)}}})
    for rng in ("Other!Totals", "Sheet1!Nothing"):
        error = refused(lambda: sheets.spreadsheets().values().get(spreadsheetId=sid, range=rng).execute())
        assert error.status_code == 400 and error.reason == f"Unable to parse range: {rng}"
