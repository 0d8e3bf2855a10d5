"""test_restore.py (RELIABILITY.md D6, the drill): `shokai backup` then
`shokai restore` while the server is serving a writer. The restored database
holds exactly the backed-up answers, the server keeps answering without a
restart and without a 5xx, the restore is audited, and a bad backup (not a
database, or from a newer release) is refused with the database unchanged.
Finding 7 of issue #15: a backup whose schema is not exactly what the
migrations create for its version (a planted trigger that makes an org
account ministry at login and deletes the audit rows, an extra table or view,
a missing index, an unrelated database with user_version 8) is refused before
anything is swapped, and the server keeps serving the data it had; /healthz
answers 503 when the live database's schema is changed underneath it."""
import os
import shutil
import sqlite3
import subprocess
import threading
import time

from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD, ORG_A, ORG_B, R7


def shokai(s, *args):
    p = subprocess.run([s.binary] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def run(t, s):
    s.set_clock(FEB_5_2025)
    a, b = s.token("orga"), s.token("orgb")
    path_a, path_b = R7 + "/responses/" + ORG_A, R7 + "/responses/" + ORG_B
    before = {**GOOD, "challenges": ["コスト"]}
    t.eq(s.api("PUT", path_a, {"answers": before}, token=a).status, 200, "an answer saved before the backup")
    backup = os.path.join(s.dir, "backup.db")
    rc, out = shokai(s, "backup", "--db", s.db, "--to", backup)
    t.eq(rc, 0, "backup while serving")
    t.eq(s.api("PUT", path_a, {"answers": {**GOOD, "challenges": ["その他"]}}, token=a).status, 200,
         "an answer saved after the backup")

    statuses, stop = [], threading.Event()

    def writer():
        while not stop.is_set():
            statuses.append(s.api("PUT", path_b, {"answers": GOOD}, token=b).status)
            statuses.append(s.api("GET", path_b, token=b).status)

    load = threading.Thread(target=writer)
    load.start()
    while len(statuses) < 20:
        time.sleep(0.01)
    rc, out = shokai(s, "restore", "--db", s.db, "--from", backup)
    during = len(statuses)
    while len(statuses) < during + 20:
        time.sleep(0.01)
    stop.set()
    load.join()
    t.ok(rc == 0 and "restored" in out, "restore while a writer is busy", out)
    t.ok(statuses and all(x in (200, 409) for x in statuses), "the writer saw no error during the restore (%d requests)"
         % len(statuses), sorted(set(statuses)))
    got = s.api("GET", path_a, token=a).json()
    t.eq(got["answers"], before, "the server serves the restored answers without a restart")
    con = sqlite3.connect(s.db)
    t.eq(con.execute("PRAGMA integrity_check").fetchone()[0], "ok", "integrity_check after the restore")
    t.eq(con.execute("SELECT count(*) FROM audit WHERE action = 'db.restore'").fetchone()[0], 1,
         "the restore is in the audit log")
    con.close()

    junk = os.path.join(s.dir, "junk.db")
    with open(junk, "wb") as f:
        f.write(b"not a database " * 500)
    rc, out = shokai(s, "restore", "--db", s.db, "--from", junk)
    t.ok(rc == 1 and "unchanged" in out, "a file that is not a database is refused", out)
    newer = os.path.join(s.dir, "newer.db")
    shutil.copy(backup, newer)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    rc, out = shokai(s, "restore", "--db", s.db, "--from", newer)
    t.ok(rc == 1 and "schema version 99" in out, "a backup from a newer release is refused", out)
    rc, out = shokai(s, "restore", "--db", s.db, "--from", os.path.join(s.dir, "missing.db"))
    t.ok(rc == 1 and "unchanged" in out, "a missing file is refused", out)
    t.eq(s.api("GET", path_a, token=a).json()["answers"], before, "and the database is as restored")
    rc, out = shokai(s, "restore", "--db", s.db)
    t.ok(rc == 2 and "--from" in out, "restore without --from: exit 2", out)
    planted_schemas(t, s, backup, path_a, a, before)
    healthz_on_a_changed_schema(t, s)


# The attack of finding 7: every login (a new session) makes the account
# ministry and deletes the audit rows.
PLANTED_TRIGGER = """CREATE TRIGGER sessions_audit AFTER INSERT ON sessions BEGIN
  UPDATE users SET role = 'ministry' WHERE id = NEW.user_id; DELETE FROM audit; END"""


def planted_copy(s, backup, name, *sql, user_version=None):
    path = os.path.join(s.dir, name)
    shutil.copy(backup, path)
    con = sqlite3.connect(path)
    for stmt in sql:
        con.execute(stmt)
    if user_version is not None:
        con.execute("PRAGMA user_version = %d" % user_version)
    con.commit()
    con.close()
    return path


def live_state(s):
    con = sqlite3.connect(s.db)
    state = (con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY 1, 2").fetchall(),
             con.execute("SELECT login, role FROM users ORDER BY login").fetchall(),
             con.execute("SELECT count(*) FROM audit").fetchone()[0])
    con.close()
    return state


def planted_schemas(t, s, backup, path_a, a, before):
    unrelated = os.path.join(s.dir, "unrelated.db")
    con = sqlite3.connect(unrelated)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("PRAGMA user_version = 8")
    con.commit()
    con.close()
    cases = [
        ("an unrelated database with user_version 8", unrelated, "lacks the index"),
        ("a backup with a planted trigger (org account made ministry at login, audit deleted)",
         planted_copy(s, backup, "trigger.db", PLANTED_TRIGGER), "trigger sessions_audit"),
        ("a backup with an extra table",
         planted_copy(s, backup, "table.db", "CREATE TABLE stash (x)"), "table stash"),
        ("a backup with an extra view",
         planted_copy(s, backup, "view.db", "CREATE VIEW everyone AS SELECT * FROM users"),
         "view everyone"),
        ("a backup missing an index",
         planted_copy(s, backup, "index.db", "DROP INDEX sessions_by_user"), "sessions_by_user"),
        ("a backup whose table's definition was changed",
         planted_copy(s, backup, "altered.db", "ALTER TABLE users ADD COLUMN note TEXT"),
         "table users"),
        # Migrations after 7 add columns, tables and indexes: the message names
        # whichever of them the comparison meets first (any name will do).
        ("a backup of an older version with later migrations' objects",
         planted_copy(s, backup, "older.db", user_version=7), ""),
    ]
    for what, path, named in cases:
        state = live_state(s)
        rc, out = shokai(s, "restore", "--db", s.db, "--from", path)
        t.ok(rc == 1 and "not a shokai database" in out and named in out and "unchanged" in out,
             "%s: refused, naming %s" % (what, named), out)
        t.eq(live_state(s), state, "%s: schema, accounts and audit rows of the live database unchanged"
             % what)
    cookie, _ = s.login("orga")
    t.eq(s.api("GET", path_a, token=a).json()["answers"], before,
         "after the refusals the server still serves the data it had")
    con = sqlite3.connect(s.db)
    t.eq(con.execute("SELECT role FROM users WHERE login = 'orga'").fetchone()[0], "org",
         "a login after the refused restore leaves the org account org")
    t.ok(con.execute("SELECT count(*) FROM audit").fetchone()[0] > 0, "and the audit rows are there")
    con.close()
    rc, out = shokai(s, "restore", "--db", s.db, "--from", backup)
    t.ok(rc == 0 and "restored" in out, "the genuine backup still restores", out)
    t.eq(s.api("GET", "/healthz").status, 200, "and /healthz is 200 after it")


def healthz_on_a_changed_schema(t, s):
    t.eq(s.api("GET", "/healthz").status, 200, "/healthz is 200 on the expected schema")
    con = sqlite3.connect(s.db)
    con.execute(PLANTED_TRIGGER)
    con.commit()
    r = s.api("GET", "/healthz")
    t.ok(r.status == 503 and "schema" in r.text, "a trigger added to the live database underneath: "
         "/healthz 503", (r.status, r.text))
    t.ok("schema_unexpected" in s.log_text() and "sessions_audit" in s.log_text(),
         "and the log names the trigger")
    con.execute("DROP TRIGGER sessions_audit")
    con.commit()
    con.close()
    t.eq(s.api("GET", "/healthz").status, 200, "the trigger dropped again: /healthz 200")


if __name__ == "__main__":
    run_tests(run)
