"""batchUpdate on rows and columns: insertDimension, deleteDimension, moveDimension,
appendDimension, updateDimensionProperties, autoResizeDimensions; and what moves
with the rows: cells, formats, developer metadata, and every range that names rows
by index (merges, protected and named ranges, conditional formats, filters)."""

from _sheets import batch, refused


def create(sheets, title="Master"):
    return sheets.spreadsheets().create(body={"properties": {"title": title}}).execute()["spreadsheetId"]


def fill(sheets, sid, rows):
    sheets.spreadsheets().values().update(spreadsheetId=sid, range="Sheet1!A1",
                                          valueInputOption="RAW", body={"values": rows}).execute()


def values(sheets, sid, rng="Sheet1"):
    return sheets.spreadsheets().values().get(spreadsheetId=sid, range=rng).execute().get("values", [])


def rows(dimension, start, end, sheet_id=0):
    return {"sheetId": sheet_id, "dimension": dimension, "startIndex": start, "endIndex": end}


def tag_row(sheets, sid, row, key):
    reply = batch(sheets, sid, {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": key, "visibility": "DOCUMENT",
        "location": {"dimensionRange": rows("ROWS", row, row + 1)}}}})
    return reply["replies"][0]["createDeveloperMetadata"]["developerMetadata"]["metadataId"]


def row_of(sheets, sid, metadata_id):
    """The row carrying the metadata, read as a person's tool would see it: the rows'
    developer metadata in spreadsheets.get (None once the row is gone)."""
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["Sheet1"],
                                    fields="sheets.data.rowMetadata.developerMetadata").execute()
    found = [i for i, row in enumerate(got["sheets"][0]["data"][0]["rowMetadata"])
             for meta in row.get("developerMetadata", []) if meta["metadataId"] == metadata_id]
    return found[0] if found else None


def sheet(sheets, sid):
    return sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"][0]


# -- insertDimension ------------------------------------------------------------------
def test_inserting_rows_moves_the_rows_below_down(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["a"], ["b"], ["c"]])
    batch(sheets, sid, {"insertDimension": {"range": rows("ROWS", 1, 3)}})
    assert values(sheets, sid) == [["a"], [], [], ["b"], ["c"]]
    assert sheet(sheets, sid)["properties"]["gridProperties"]["rowCount"] == 1002


def test_inserting_columns_moves_the_cells_to_the_right(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["a", "b", "c"]])
    batch(sheets, sid, {"insertDimension": {"range": rows("COLUMNS", 1, 2)}})
    assert values(sheets, sid) == [["a", "", "b", "c"]]


def test_inserted_rows_inherit_the_format_before_or_after_them(sheets):
    sid = create(sheets)
    bold = {"userEnteredFormat": {"textFormat": {"bold": True}}}
    batch(sheets, sid, {"repeatCell": {"range": {"sheetId": 0, "endRowIndex": 1, "endColumnIndex": 1},
                                       "cell": bold, "fields": "userEnteredFormat"}},
          {"insertDimension": {"range": rows("ROWS", 1, 2), "inheritFromBefore": True}},
          {"insertDimension": {"range": rows("ROWS", 0, 1)}})
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["A1:A3"], includeGridData=True).execute()
    formats = [r.get("values", [{}])[0].get("userEnteredFormat")
               for r in got["sheets"][0]["data"][0]["rowData"]]
    assert formats == [bold["userEnteredFormat"]] * 3


def test_inheriting_from_before_the_first_row_is_refused(sheets):
    sid = create(sheets)
    error = refused(lambda: batch(sheets, sid, {"insertDimension": {
        "range": rows("ROWS", 0, 1), "inheritFromBefore": True}}))
    assert error.status_code == 400 and error.reason.startswith("Invalid requests[0].insertDimension:")


def test_gspread_insert_row_and_delete_rows(sheets, gspread_as):
    sid = create(sheets)
    fill(sheets, sid, [["head"], ["ann"], ["bob"]])
    worksheet = gspread_as().open_by_key(sid).sheet1
    worksheet.insert_row(["new"], index=2)
    assert values(sheets, sid) == [["head"], ["new"], ["ann"], ["bob"]]
    worksheet.delete_rows(3, 4)
    assert values(sheets, sid) == [["head"], ["new"]]


# -- deleteDimension ------------------------------------------------------------------
def test_deleting_rows_moves_the_rows_below_up_and_takes_their_metadata(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["a"], ["b"], ["c"], ["d"]])
    doomed, survivor = tag_row(sheets, sid, 1, "doomed"), tag_row(sheets, sid, 3, "survivor")
    batch(sheets, sid, {"deleteDimension": {"range": rows("ROWS", 1, 3)}})
    assert values(sheets, sid) == [["a"], ["d"]]
    assert row_of(sheets, sid, survivor) == 1
    assert row_of(sheets, sid, doomed) is None
    found = sheets.spreadsheets().developerMetadata().search(spreadsheetId=sid, body={
        "dataFilters": [{"developerMetadataLookup": {"metadataKey": "doomed"}}]}).execute()
    assert found == {}


def test_deleting_columns_removes_their_cells(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["a", "b", "c", "d"]])
    batch(sheets, sid, {"deleteDimension": {"range": rows("COLUMNS", 0, 2)}})
    assert values(sheets, sid) == [["c", "d"]]
    assert sheet(sheets, sid)["properties"]["gridProperties"]["columnCount"] == 24


def test_every_row_cannot_be_deleted(sheets):
    sid = create(sheets)
    error = refused(lambda: batch(sheets, sid, {"deleteDimension": {"range": rows("ROWS", 0, 1000)}}))
    assert error.reason == "Invalid requests[0].deleteDimension: You can't delete all the rows on the sheet."


def test_every_non_frozen_row_cannot_be_deleted(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateSheetProperties": {
        "properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 1}},
        "fields": "gridProperties.frozenRowCount"}})
    error = refused(lambda: batch(sheets, sid, {"deleteDimension": {"range": rows("ROWS", 1, 1000)}}))
    assert "it is not possible to delete all non-frozen rows" in error.reason


# -- moveDimension ----------------------------------------------------------------------
def test_moving_rows_takes_their_cells_and_metadata_along(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["a"], ["b"], ["c"], ["d"]])
    tagged = tag_row(sheets, sid, 0, "student:a")
    # destinationIndex counts rows before the move: row a goes between c and d.
    batch(sheets, sid, {"moveDimension": {"source": rows("ROWS", 0, 1), "destinationIndex": 3}})
    assert values(sheets, sid) == [["b"], ["c"], ["a"], ["d"]]
    assert row_of(sheets, sid, tagged) == 2


def test_moving_columns_moves_their_cells(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["a", "b", "c"]])
    batch(sheets, sid, {"moveDimension": {"source": rows("COLUMNS", 2, 3), "destinationIndex": 0}})
    assert values(sheets, sid) == [["c", "a", "b"]]


# -- appendDimension and properties -----------------------------------------------------
def test_append_dimension_adds_rows_or_columns_at_the_end(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"appendDimension": {"sheetId": 0, "dimension": "ROWS", "length": 10}},
          {"appendDimension": {"sheetId": 0, "dimension": "COLUMNS", "length": 2}})
    assert sheet(sheets, sid)["properties"]["gridProperties"] == {"rowCount": 1010, "columnCount": 28}


def test_dimension_properties_set_pixel_size_and_hide_without_touching_metadata(sheets):
    sid = create(sheets)
    tagged = tag_row(sheets, sid, 2, "keep")
    batch(sheets, sid, {"updateDimensionProperties": {
        "range": rows("ROWS", 1, 3), "properties": {"pixelSize": 40, "hiddenByUser": True},
        "fields": "pixelSize,hiddenByUser"}})
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["A1:A4"],
                                    fields="sheets.data.rowMetadata").execute()
    meta = got["sheets"][0]["data"][0]["rowMetadata"]
    assert [m["pixelSize"] for m in meta] == [21, 40, 40, 21]
    assert [m.get("hiddenByUser", False) for m in meta] == [False, True, True, False]
    assert [d["metadataId"] for d in meta[2]["developerMetadata"]] == [tagged]


def test_auto_resize_fits_a_column_to_its_longest_text(sheets):
    sid = create(sheets)
    fill(sheets, sid, [["a", "a much longer piece of text than the header"]])
    batch(sheets, sid, {"autoResizeDimensions": {"dimensions": rows("COLUMNS", 0, 2)}})
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["A1:B1"],
                                    fields="sheets.data.columnMetadata").execute()
    narrow, wide = [m["pixelSize"] for m in got["sheets"][0]["data"][0]["columnMetadata"]]
    assert narrow < 100 < wide


# -- ranges follow their rows -------------------------------------------------------------
def test_ranges_that_name_rows_move_and_grow_with_inserted_rows(sheets):
    sid = create(sheets)
    area = {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 5, "startColumnIndex": 0, "endColumnIndex": 2}
    batch(sheets, sid,
          {"mergeCells": {"range": {**area, "endRowIndex": 3}}},
          {"addProtectedRange": {"protectedRange": {"range": area, "description": "service"}}},
          {"addNamedRange": {"namedRange": {"name": "students", "range": area}}},
          {"addConditionalFormatRule": {"rule": {"ranges": [area], "booleanRule": {
              "condition": {"type": "NOT_BLANK"}, "format": {"textFormat": {"bold": True}}}}}},
          {"addFilterView": {"filter": {"title": "Mine", "range": area}}},
          {"setBasicFilter": {"filter": {"range": area}}},
          {"insertDimension": {"range": rows("ROWS", 0, 2)}},   # above: everything moves down
          {"insertDimension": {"range": rows("ROWS", 5, 6)}})   # inside: ranges grow
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()
    tab = got["sheets"][0]

    def span(rng):
        return rng["startRowIndex"], rng["endRowIndex"]

    assert span(tab["merges"][0]) == (4, 5)
    assert span(tab["protectedRanges"][0]["range"]) == (4, 8)
    assert span(got["namedRanges"][0]["range"]) == (4, 8)
    assert span(tab["conditionalFormats"][0]["ranges"][0]) == (4, 8)
    assert span(tab["filterViews"][0]["range"]) == (4, 8)
    assert span(tab["basicFilter"]["range"]) == (4, 8)


def test_ranges_shrink_with_deleted_rows_and_go_when_all_their_rows_go(sheets):
    sid = create(sheets)
    batch(sheets, sid,
          {"mergeCells": {"range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2, "endColumnIndex": 2}}},
          {"addNamedRange": {"namedRange": {"name": "block", "range": {
              "sheetId": 0, "startRowIndex": 0, "endRowIndex": 6}}}},
          {"deleteDimension": {"range": rows("ROWS", 0, 3)}})
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()
    assert "merges" not in got["sheets"][0]
    assert got["namedRanges"][0]["range"]["endRowIndex"] == 3


def test_rows_inserted_inside_the_frozen_rows_are_frozen_too(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateSheetProperties": {
        "properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 2}},
        "fields": "gridProperties.frozenRowCount"}},
        {"insertDimension": {"range": rows("ROWS", 1, 2)}})
    assert sheet(sheets, sid)["properties"]["gridProperties"]["frozenRowCount"] == 3


def test_row_and_column_metadata_follow_their_row_and_column_past_insertions(sheets):
    sid = create(sheets)
    tagged_row = tag_row(sheets, sid, 2, "row")
    reply = batch(sheets, sid, {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": "column", "visibility": "DOCUMENT",
        "location": {"dimensionRange": rows("COLUMNS", 1, 2)}}}})
    tagged_column = reply["replies"][0]["createDeveloperMetadata"]["developerMetadata"]["metadataId"]
    batch(sheets, sid, {"insertDimension": {"range": rows("ROWS", 0, 2)}},
          {"insertDimension": {"range": rows("COLUMNS", 0, 3)}})
    assert row_of(sheets, sid, tagged_row) == 4
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["Sheet1"],
                                    fields="sheets.data.columnMetadata.developerMetadata").execute()
    columns = [i for i, c in enumerate(got["sheets"][0]["data"][0]["columnMetadata"])
               if any(m["metadataId"] == tagged_column for m in c.get("developerMetadata", []))]
    assert columns == [4]


def test_moved_rows_take_their_place_in_ranges_with_them(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"addNamedRange": {"namedRange": {"name": "late", "range": {
        "sheetId": 0, "startRowIndex": 2, "endRowIndex": 4, "startColumnIndex": 0, "endColumnIndex": 1}}}},
        {"moveDimension": {"source": rows("ROWS", 0, 2), "destinationIndex": 5}})
    named = sheets.spreadsheets().get(spreadsheetId=sid).execute()["namedRanges"][0]["range"]
    assert (named["startRowIndex"], named["endRowIndex"]) == (0, 2)


def test_filter_and_sort_specs_follow_their_columns(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"setBasicFilter": {"filter": {
        "range": {"sheetId": 0, "endColumnIndex": 6},
        "sortSpecs": [{"dimensionIndex": 3, "sortOrder": "ASCENDING"}],
        "filterSpecs": [{"columnIndex": 1, "filterCriteria": {"hiddenValues": ["x"]}},
                        {"columnIndex": 4, "filterCriteria": {"hiddenValues": ["y"]}}]}}},
        {"insertDimension": {"range": rows("COLUMNS", 0, 1)}},
        {"deleteDimension": {"range": rows("COLUMNS", 2, 3)}})   # the column that was B
    basic = sheet(sheets, sid)["basicFilter"]
    assert basic["range"]["endColumnIndex"] == 6
    assert basic["sortSpecs"] == [{"dimensionIndex": 3, "sortOrder": "ASCENDING"}]
    assert [s["columnIndex"] for s in basic["filterSpecs"]] == [4]
