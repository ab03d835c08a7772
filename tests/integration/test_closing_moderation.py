"""`cas moderation`: a pack of students' records for the IB's moderators, in a
"Moderation <day>" folder of the cohort folder, shared view-only until a day
(Drive's expirationTime, which the emulator ends by its clock), revocable, each
grant and revocation in the Sync log; the same pack again makes nothing twice."""

import csv
import io
import re

import pytest
from googleapiclient.errors import HttpError

from _closing import (COORDINATOR, DOC, FOLDER, MODERATOR, STATUSES, advance,
                      children, in_days, make_record, pdf_text, set_column,
                      statuses_round_robin, sync_log, tagged)
from _sync import propose, reflect
from service.sync import experience_code

OTHER_MODERATOR = "second.moderator@ibo.example"


@pytest.fixture
def roster(cohort, sample_rows):
    master, ids = cohort
    return master, ids, {r["Student ID"]: r for r in sample_rows()}


def pack_students(out):
    return re.findall(r"^  student: (.+ \((DS\d+)\))$", out, re.M)


def the_pack(drive):
    [pack] = tagged(drive, "moderation_pack")
    return pack


def test_a_sample_spreads_over_statuses_and_advisors_and_its_seed_draws_it_again(
        roster, cas, sheets_as, drive_as):
    master, ids, students = roster
    statuses_round_robin(sheets_as(COORDINATOR), master, sorted(students))
    args = ("moderation", "--sample", 5, "--seed", 42, "--moderators", MODERATOR,
            "--expires", in_days(30))
    code, out, err = cas(*args)
    assert code == 0, err + out
    drawn = [sid for _, sid in pack_students(out)]
    assert len(drawn) == 5 and len(set(drawn)) == 5
    statuses = {STATUSES[sorted(students).index(sid) % 5] for sid in drawn}
    assert statuses == set(STATUSES)                 # one of each status
    advisors = {students[sid]["Advisor email"] for sid in drawn}
    assert len(advisors) == 5                        # and no advisor twice
    assert "--seed 42" in out

    drive = drive_as(COORDINATOR)
    pack = the_pack(drive)
    folders = sorted(f["name"] for f in children(drive, pack["id"]) if f["mimeType"] == FOLDER)
    assert folders == sorted(label for label, _ in pack_students(out))
    before = {f["id"] for f in drive.files().list(q=f"'{pack['id']}' in parents",
                                                  fields="files(id)").execute()["files"]}

    code, out_again, err = cas(*args)               # the same pack, the same day
    assert code == 0, err
    assert [sid for _, sid in pack_students(out_again)] == drawn
    assert "  made " not in out_again and "granted" not in out_again
    assert len(tagged(drive, "moderation_pack")) == 1
    after = {f["id"] for f in drive.files().list(q=f"'{pack['id']}' in parents",
                                                 fields="files(id)").execute()["files"]}
    assert after == before
    grants = [p for p in drive.permissions().list(
        fileId=pack["id"], fields="permissions(emailAddress,role)").execute()["permissions"]
        if p.get("emailAddress") == MODERATOR]
    assert grants == [{"emailAddress": MODERATOR, "role": "reader"}]

    code, out_other, _ = cas("moderation", "--sample", 5, "--seed", 43, "--moderators",
                             MODERATOR, "--expires", in_days(30), "--today", in_days(1))
    assert code == 0
    assert [sid for _, sid in pack_students(out_other)] != drawn   # another seed, another draw


def test_the_pack_holds_each_record_as_pdf_the_experiences_and_the_starred_reflections(
        roster, cas, emulator, sheets_as, drive_as):
    master, ids, students = roster
    drive, sheets = drive_as(COORDINATOR), sheets_as(COORDINATOR)
    zoe, jose = "DS1001", "DS1002"
    email = students[zoe]["Email"]
    proposal = propose(emulator, ids, email, "Beach clean-up")
    code_ = experience_code(proposal["responseId"])
    kept = reflect(emulator, ids, email, code_, text="I learned to lead a team of ten.")
    later = reflect(emulator, ids, email, code_, text="A reflection nobody starred.")
    assert cas("sync", "--today", "2026-11-20")[0] == 0
    set_column(sheets, master, "Reflections", "Star", {kept["responseId"]: True})
    outline = drive.files().create(body={"name": "CAS programme outline", "mimeType": DOC,
                                         "parents": [ids["root"]]}, fields="id").execute()["id"]

    code, out, err = cas("moderation", "--students", f"{zoe},{jose}", "--moderators",
                         f"{MODERATOR},{OTHER_MODERATOR}", "--expires", in_days(20))
    assert code == 0, err + out
    assert "CAS programme outline" in out

    pack = the_pack(drive)
    files = {f["name"]: f for f in children(drive, pack["id"])}
    assert "Programme outline.pdf" in files
    zoe_folder = next(f for name, f in files.items() if name.endswith(f"({zoe})"))
    inside = {f["name"]: f for f in children(drive, zoe_folder["id"])}
    record = next(f for name, f in inside.items() if name.endswith("CAS record.pdf"))
    data = drive.files().get_media(fileId=record["id"]).execute()
    record_text = pdf_text(data)   # the record the sync keeps in her folder
    assert "Zoë Abernathy (DS1001)" in record_text and "lead a team of ten" in record_text
    table = next(f for name, f in inside.items() if name.endswith("experiences.csv"))
    rows = list(csv.DictReader(io.StringIO(
        drive.files().get_media(fileId=table["id"]).execute().decode("utf-8"))))
    assert [(r["Experience code"], r["Title"]) for r in rows] == [(code_, "Beach clean-up")]
    starred = next(f for name, f in inside.items() if name.endswith("starred reflections"))
    text = drive.files().export(fileId=starred["id"], mimeType="text/plain").execute().decode()
    assert "lead a team of ten" in text and "nobody starred" not in text
    jose_folder = next(f for name, f in files.items() if name.endswith(f"({jose})"))
    jose_pdfs = [f for f in children(drive, jose_folder["id"]) if f["name"].endswith(".pdf")]
    assert len(jose_pdfs) == 1    # his record, made by the records step

    [line] = [l for l in sync_log(sheets, master) if l["Trigger"] == "moderation"]
    assert f"granted {MODERATOR} view-only until the end of {in_days(20)}" in line["What was done"]
    assert f"granted {OTHER_MODERATOR}" in line["What was done"]
    assert jose not in line.get("Errors", "")

    # A new star: the pack is brought up to date in place, same files, same links.
    before = sorted(f["id"] for f in children(drive, zoe_folder["id"]))
    set_column(sheets, master, "Reflections", "Star", {later["responseId"]: True})
    code, out, _ = cas("moderation", "--students", f"{zoe},{jose}", "--moderators",
                       f"{MODERATOR},{OTHER_MODERATOR}", "--expires", in_days(20))
    assert code == 0 and "granted" not in out and "  made " not in out
    assert f"updated  Zoë Abernathy ({zoe}): starred reflections (2)" in out
    assert sorted(f["id"] for f in children(drive, zoe_folder["id"])) == before
    text = drive.files().export(fileId=starred["id"], mimeType="text/plain").execute().decode()
    assert "lead a team of ten" in text and "nobody starred" in text
    assert outline


def test_a_moderator_reads_the_pack_until_the_expiry_and_then_cannot(roster, cas, emulator,
                                                                      drive_as):
    master, ids, students = roster
    code, out, err = cas("moderation", "--students", "DS1003", "--moderators", MODERATOR,
                         "--expires", in_days(10))
    assert code == 0, err + out
    drive = drive_as(COORDINATOR)
    pack = the_pack(drive)
    [student] = children(drive, pack["id"])
    csv_file = next(f for f in children(drive, student["id"]) if f["name"].endswith(".csv"))
    moderator = drive_as(MODERATOR)
    assert moderator.files().get(fileId=csv_file["id"], fields="name").execute()["name"]
    with pytest.raises(HttpError) as caught:     # view-only
        moderator.files().update(fileId=csv_file["id"], body={"name": "mine"}).execute()
    assert caught.value.status_code == 403
    with pytest.raises(HttpError) as caught:     # and nothing else of the cohort
        moderator.files().get(fileId=ids["master_sheet"]).execute()
    assert caught.value.status_code == 404

    advance(emulator, 9)
    assert moderator.files().get(fileId=csv_file["id"], fields="name").execute()["name"]
    advance(emulator, 2.1)                        # past the end of the expiry day
    with pytest.raises(HttpError) as caught:
        moderator.files().get(fileId=csv_file["id"]).execute()
    assert caught.value.status_code == 404
    emails = [p.get("emailAddress") for p in drive.permissions().list(
        fileId=pack["id"], fields="permissions(emailAddress)").execute()["permissions"]]
    assert MODERATOR not in emails


def test_revoking_takes_the_moderators_access_away_now_and_says_so_in_the_sync_log(
        roster, cas, drive_as, sheets_as):
    master, ids, students = roster
    assert cas("moderation", "--students", "DS1004", "--moderators",
               f"{MODERATOR},{OTHER_MODERATOR}", "--expires", in_days(10))[0] == 0
    drive = drive_as(COORDINATOR)
    pack = the_pack(drive)
    code, out, err = cas("moderation", "--revoke", "--moderators", OTHER_MODERATOR)
    assert code == 0, err
    assert f"revoked {OTHER_MODERATOR}'s access" in out
    with pytest.raises(HttpError):
        drive_as(OTHER_MODERATOR).files().get(fileId=pack["id"]).execute()
    assert drive_as(MODERATOR).files().get(fileId=pack["id"], fields="id").execute()
    code, out, _ = cas("moderation", "--revoke")
    assert f"revoked {MODERATOR}'s access" in out
    with pytest.raises(HttpError):
        drive_as(MODERATOR).files().get(fileId=pack["id"]).execute()
    code, out, _ = cas("moderation", "--revoke")          # again: nothing to revoke
    assert code == 0 and "No moderator's access to revoke" in out
    revoked = [l["What was done"] for l in sync_log(sheets_as(COORDINATOR), master)
               if "revoked" in l.get("What was done", "")]
    assert len(revoked) == 2
    emails = [p.get("emailAddress") for p in drive.permissions().list(
        fileId=pack["id"], fields="permissions(emailAddress)").execute()["permissions"]]
    assert emails == [COORDINATOR]


@pytest.mark.parametrize("args,says", [
    (("--students", "DS9999"), "Not in the Students tab: DS9999"),
    (("--students", "DS1001", "--expires", "2020-01-01"), "is past"),
    (("--students", "DS1001", "--expires", in_days(400)), "more than a year away"),
    (("--sample", "3", "--moderators", "not-an-address"), "not addresses: not-an-address"),
])
def test_wrong_input_is_refused_and_nothing_is_made(roster, cas, drive_as, args, says):
    full = ["moderation", "--moderators", MODERATOR, "--expires", in_days(10), *args]
    code, out, err = cas(*full)
    assert code == 2 and says in err
    assert tagged(drive_as(COORDINATOR), "moderation_pack") == []
