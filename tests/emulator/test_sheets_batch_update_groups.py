"""Row and column groups: addDimensionGroup, deleteDimensionGroup and
updateDimensionGroup, kept in the sheet's rowGroups/columnGroups with depth as the
reference's examples give them
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#AddDimensionGroupRequest)."""

from _sheets import batch, refused


def create(sheets):
    return sheets.spreadsheets().create(body={"properties": {"title": "Groups"}}).execute()["spreadsheetId"]


def columns(a, b):
    return {"sheetId": 0, "dimension": "COLUMNS", "startIndex": a, "endIndex": b}


def rows(a, b):
    return {"sheetId": 0, "dimension": "ROWS", "startIndex": a, "endIndex": b}


def spans(groups):
    return [(g["range"]["startIndex"], g["range"]["endIndex"], g["depth"]) for g in groups]


B, C, D, E = 1, 2, 3, 4   # column indexes


def sheet_of(sheets, sid):
    return sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"][0]


def test_a_superset_deepens_the_group_inside_it(sheets):
    # "a group [C:D, depth 1] + [B:E] results in groups [B:E, depth 1] and [C:D, depth 2]"
    sid = create(sheets)
    first = batch(sheets, sid, {"addDimensionGroup": {"range": columns(C, D + 1)}})
    assert spans(first["replies"][0]["addDimensionGroup"]["dimensionGroups"]) == [(C, D + 1, 1)]
    reply = batch(sheets, sid, {"addDimensionGroup": {"range": columns(B, E + 1)}})["replies"][0]
    assert spans(reply["addDimensionGroup"]["dimensionGroups"]) == [(B, E + 1, 1), (C, D + 1, 2)]
    assert spans(sheet_of(sheets, sid)["columnGroups"]) == [(B, E + 1, 1), (C, D + 1, 2)]
    assert sheet_of(sheets, sid)["columnGroups"][0]["range"] == columns(B, E + 1)


def test_a_subset_nests_and_an_overlap_grows_the_group_to_the_union(sheets):
    # "[B:E, depth 1] + [C:D] results in [B:E, depth 1] and [C:D, depth 2]";
    # "[B:D, depth 1] + [C:E] results in [B:E, depth 1] and [C:D, depth 2]"
    sid = create(sheets)
    batch(sheets, sid, {"addDimensionGroup": {"range": columns(B, E + 1)}},
          {"addDimensionGroup": {"range": columns(C, D + 1)}})
    assert spans(sheet_of(sheets, sid)["columnGroups"]) == [(B, E + 1, 1), (C, D + 1, 2)]
    other = create(sheets)
    batch(sheets, other, {"addDimensionGroup": {"range": columns(B, D + 1)}},
          {"addDimensionGroup": {"range": columns(C, E + 1)}})
    assert spans(sheet_of(sheets, other)["columnGroups"]) == [(B, E + 1, 1), (C, D + 1, 2)]


def test_deleting_a_group_decrements_the_depth_of_its_range(sheets):
    # "assume the sheet has a depth-1 group over B:E and a depth-2 group over C:D.
    # Deleting a group over D:E leaves the sheet with a depth-1 group over B:D and a
    # depth-2 group over C:C."
    sid = create(sheets)
    batch(sheets, sid, {"addDimensionGroup": {"range": columns(B, E + 1)}},
          {"addDimensionGroup": {"range": columns(C, D + 1)}})
    reply = batch(sheets, sid, {"deleteDimensionGroup": {"range": columns(D, E + 1)}})["replies"][0]
    assert spans(reply["deleteDimensionGroup"]["dimensionGroups"]) == [(B, D + 1, 1), (C, C + 1, 2)]
    batch(sheets, sid, {"deleteDimensionGroup": {"range": columns(B, D + 1)}},
          {"deleteDimensionGroup": {"range": columns(C, C + 1)}})
    assert "columnGroups" not in sheet_of(sheets, sid)
    error = refused(lambda: batch(sheets, sid, {"deleteDimensionGroup": {"range": columns(B, C)}}))
    assert error.status_code == 400 and error.reason.startswith("Invalid requests[0].deleteDimensionGroup:")


def test_collapsing_a_group_hides_its_rows_and_expanding_shows_them(sheets):
    # DimensionGroup.collapsed: "when this property is updated, all dimensions within it
    # are set to hidden if this field is true, or set to visible if this field is false".
    sid = create(sheets)
    batch(sheets, sid, {"addDimensionGroup": {"range": rows(1, 4)}})
    batch(sheets, sid, {"updateDimensionGroup": {"dimensionGroup": {"range": rows(1, 4), "depth": 1,
                                                                    "collapsed": True},
                                                 "fields": "collapsed"}})
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["A1:A5"], includeGridData=True).execute()
    tab = got["sheets"][0]
    assert tab["rowGroups"] == [{"range": rows(1, 4), "depth": 1, "collapsed": True}]
    assert [m.get("hiddenByUser", False) for m in tab["data"][0]["rowMetadata"]] == [False, True, True, True, False]
    batch(sheets, sid, {"updateDimensionGroup": {"dimensionGroup": {"range": rows(1, 4), "depth": 1,
                                                                    "collapsed": False},
                                                 "fields": "*"}})
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["A1:A5"], includeGridData=True).execute()
    assert "collapsed" not in got["sheets"][0]["rowGroups"][0]
    assert not any(m.get("hiddenByUser") for m in got["sheets"][0]["data"][0]["rowMetadata"])
    error = refused(lambda: batch(sheets, sid, {"updateDimensionGroup": {
        "dimensionGroup": {"range": rows(1, 4), "depth": 2, "collapsed": True}, "fields": "collapsed"}}))
    assert error.status_code == 400


def test_groups_move_with_inserted_and_deleted_rows(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"addDimensionGroup": {"range": rows(2, 5)}})
    batch(sheets, sid, {"insertDimension": {"range": rows(3, 5)}})      # inside: the group grows
    assert spans(sheet_of(sheets, sid)["rowGroups"]) == [(2, 7, 1)]
    batch(sheets, sid, {"insertDimension": {"range": rows(0, 1)}})      # above: it moves down
    assert spans(sheet_of(sheets, sid)["rowGroups"]) == [(3, 8, 1)]
    batch(sheets, sid, {"deleteDimension": {"range": rows(3, 8)}})      # all its rows: it goes
    assert "rowGroups" not in sheet_of(sheets, sid)


def test_gspread_groups_rows_and_columns(sheets, gspread_as):
    sid = create(sheets)
    worksheet = gspread_as().open_by_key(sid).sheet1
    worksheet.add_dimension_group_rows(1, 3)
    worksheet.add_dimension_group_columns(0, 2)
    assert spans(worksheet.list_dimension_group_rows()) == [(1, 3, 1)]
    assert spans(worksheet.list_dimension_group_columns()) == [(0, 2, 1)]
    worksheet.delete_dimension_group_rows(1, 3)
    assert worksheet.list_dimension_group_rows() == []
