"""Colours come back both ways, as Google returns them: every colour field with a
``…Style`` twin (backgroundColor/backgroundColorStyle, textFormat.foregroundColor/
foregroundColorStyle, a border's color/colorStyle, tabColor/tabColorStyle, the
colours of conditional formats) reads back with both, whichever was set
(https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/other#ColorStyle:
"If <plain> is also set, this field takes precedence"; a theme colour reads as the
theme's RGB)."""

from _sheets import batch

RED = {"red": 1}
BLUE = {"blue": 1}
ACCENT1 = {"red": 0.25882353, "green": 0.52156863, "blue": 0.95686275}   # #4285f4


def create(sheets):
    return sheets.spreadsheets().create(body={"properties": {"title": "Colours"}}).execute()["spreadsheetId"]


def grid(r0, r1, c0, c1):
    return {"sheetId": 0, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}


def cell(sheets, sid, a1="A1"):
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=[a1], includeGridData=True).execute()
    return got["sheets"][0]["data"][0]["rowData"][0]["values"][0]


def test_a_background_and_text_colour_set_plain_come_back_with_their_style_twins(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"repeatCell": {"range": grid(0, 1, 0, 1), "cell": {"userEnteredFormat": {
        "backgroundColor": RED, "textFormat": {"foregroundColor": BLUE, "bold": True}}},
        "fields": "userEnteredFormat(backgroundColor,textFormat)"}})
    got = cell(sheets, sid)
    for fmt in (got["userEnteredFormat"], got["effectiveFormat"]):
        assert (fmt["backgroundColor"], fmt["backgroundColorStyle"]) == (RED, {"rgbColor": RED})
        assert (fmt["textFormat"]["foregroundColor"], fmt["textFormat"]["foregroundColorStyle"]) == (
            BLUE, {"rgbColor": BLUE})


def test_a_style_set_alone_fills_the_plain_colour_and_a_theme_colour_reads_as_its_rgb(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredFormat", "rows": [
        {"values": [{"userEnteredFormat": {"backgroundColorStyle": {"themeColor": "ACCENT1"},
                                           "textFormat": {"foregroundColorStyle": {"rgbColor": RED}}}}]}]}})
    fmt = cell(sheets, sid)["userEnteredFormat"]
    assert fmt["backgroundColorStyle"] == {"themeColor": "ACCENT1"}
    assert fmt["backgroundColor"] == ACCENT1
    assert fmt["textFormat"]["foregroundColor"] == RED


def test_a_mask_naming_one_twin_updates_both_so_they_never_disagree(sheets):
    sid = create(sheets)
    batch(sheets, sid, {"repeatCell": {"range": grid(0, 1, 0, 1), "fields": "userEnteredFormat.backgroundColorStyle",
                                       "cell": {"userEnteredFormat": {"backgroundColorStyle": {"rgbColor": RED}}}}})
    batch(sheets, sid, {"repeatCell": {"range": grid(0, 1, 0, 1), "fields": "userEnteredFormat.backgroundColor",
                                       "cell": {"userEnteredFormat": {"backgroundColor": BLUE}}}})
    fmt = cell(sheets, sid)["userEnteredFormat"]
    assert (fmt["backgroundColor"], fmt["backgroundColorStyle"]) == (BLUE, {"rgbColor": BLUE})
    batch(sheets, sid, {"repeatCell": {"range": grid(0, 1, 0, 1), "fields": "userEnteredFormat.backgroundColor",
                                       "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}}}})
    got = sheets.spreadsheets().get(spreadsheetId=sid, ranges=["A1"], includeGridData=True).execute()
    assert "rowData" not in got["sheets"][0]["data"][0]   # cleared both ways: nothing is left


def test_gspread_format_and_borders_come_back_with_both_fields(sheets, gspread_as):
    sid = create(sheets)
    worksheet = gspread_as().open_by_key(sid).sheet1
    worksheet.format("B2", {"backgroundColor": RED})
    batch(sheets, sid, {"updateBorders": {"range": grid(1, 2, 1, 2),
                                          "top": {"style": "SOLID", "color": BLUE},
                                          "bottom": {"style": "DASHED", "colorStyle": {"rgbColor": RED}}}})
    fmt = cell(sheets, sid, "B2")["userEnteredFormat"]
    assert fmt["backgroundColorStyle"] == {"rgbColor": RED}
    assert fmt["borders"]["top"]["colorStyle"] == {"rgbColor": BLUE}
    assert fmt["borders"]["bottom"]["color"] == RED


def test_conditional_formats_and_tab_colours_come_back_with_both_fields(sheets):
    sid = create(sheets)
    batch(sheets, sid,
          {"addConditionalFormatRule": {"rule": {"ranges": [grid(0, 10, 0, 1)], "booleanRule": {
              "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": "At risk"}]},
              "format": {"backgroundColor": RED, "textFormat": {"foregroundColorStyle": {"rgbColor": BLUE}}}}}}},
          {"addConditionalFormatRule": {"rule": {"ranges": [grid(0, 10, 1, 2)], "gradientRule": {
              "minpoint": {"type": "MIN", "color": RED}, "maxpoint": {"type": "MAX", "colorStyle": {"rgbColor": BLUE}}}}}},
          {"updateSheetProperties": {"properties": {"sheetId": 0, "tabColorStyle": {"themeColor": "ACCENT1"}},
                                     "fields": "tabColorStyle"}})
    sheet = sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"][0]
    gradient, boolean = (r.get("gradientRule") or r["booleanRule"] for r in sheet["conditionalFormats"])
    assert boolean["format"]["backgroundColorStyle"] == {"rgbColor": RED}
    assert boolean["format"]["textFormat"]["foregroundColor"] == BLUE
    assert gradient["minpoint"]["colorStyle"] == {"rgbColor": RED} and gradient["maxpoint"]["color"] == BLUE
    props = sheet["properties"]
    assert (props["tabColor"], props["tabColorStyle"]) == (ACCENT1, {"themeColor": "ACCENT1"})


def test_the_default_format_and_a_new_spreadsheets_cells_report_both_fields(sheets):
    sid = sheets.spreadsheets().create(body={"sheets": [{"data": [{"rowData": [{"values": [
        {"userEnteredValue": {"stringValue": "x"},
         "userEnteredFormat": {"backgroundColor": RED}}]}]}]}]}).execute()["spreadsheetId"]
    got = sheets.spreadsheets().get(spreadsheetId=sid).execute()["properties"]
    assert got["defaultFormat"]["backgroundColorStyle"] == {"rgbColor": {"red": 1, "green": 1, "blue": 1}}
    assert got["defaultFormat"]["textFormat"]["foregroundColorStyle"] == {"rgbColor": {}}
    assert cell(sheets, sid)["effectiveFormat"]["backgroundColorStyle"] == {"rgbColor": RED}
