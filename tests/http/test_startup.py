"""test_startup.py (RELIABILITY.md D3, D4): `shokai serve` checks its database
before it accepts a request. A copy with one b-tree page header overwritten
fails PRAGMA quick_check: the server refuses to start, says why and what to
do, and logs it; the intact copy starts. A server listening beyond the
loopback warns that direct exposure is not supported (#15 finding 11). (WAL and synchronous=FULL are read
back at every start, so every other test starts through that check too.)"""
import os
import re
import sqlite3
import subprocess

from harness import run_tests


def serve(s, db, log, listen="127.0.0.1:0"):
    p = subprocess.Popen([s.binary, "serve", "--db", db, "--listen", listen, "--log", log],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=s.env)
    line = p.stdout.readline()
    if "listening" in line:
        p.terminate()
        _, err = p.communicate(timeout=30)
        return 0, err
    return p.wait(timeout=60), p.stderr.read()


def run(t, s):
    intact = os.path.join(s.dir, "intact.db")
    broken = os.path.join(s.dir, "broken.db")
    con = sqlite3.connect(s.db)
    con.execute("VACUUM INTO ?", (intact,))
    con.execute("VACUUM INTO ?", (broken,))
    con.close()
    con = sqlite3.connect(broken)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'users'").fetchone()[0]
    con.close()
    with open(broken, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x07")  # not a b-tree page type
    log = os.path.join(s.dir, "startup.log")
    status, err = serve(s, broken, log)
    t.eq(status, 1, "a database failing quick_check: the server does not start")
    t.ok("quick_check" in err and "shokai restore" in err, "and says why and what to do", err)
    with open(log, encoding="utf-8") as f:
        t.ok(re.search(r"startup_refused .*quick_check", f.read()), "the refusal is logged")
    status, err = serve(s, intact, log)
    t.eq(status, 0, "the intact copy starts")
    t.ok("warning" not in err, "on 127.0.0.1: no warning about the address", err)
    for what, sql, named in (
            ("a planted trigger", "CREATE TRIGGER promote AFTER INSERT ON sessions BEGIN "
             "UPDATE users SET role = 'ministry' WHERE id = NEW.user_id; END", "trigger promote"),
            ("a planted view", "CREATE VIEW everyone AS SELECT * FROM users", "view everyone")):
        planted = os.path.join(s.dir, "planted.db")
        if os.path.exists(planted):
            os.unlink(planted)
        con = sqlite3.connect(intact)
        con.execute("VACUUM INTO ?", (planted,))
        con.close()
        con = sqlite3.connect(planted)
        con.execute(sql)
        con.commit()
        con.close()
        status, err = serve(s, planted, log)
        t.eq(status, 1, "a database with %s: the server does not start" % what)
        t.ok(named in err and "shokai restore" in err, "and names it and what to do", err)
    listen_warning(t, s, intact)


def listen_warning(t, s, db):
    """#15 finding 11: slow clients that reach CivetWeb directly tie up its
    threads; nginx in front absorbs them. A server listening beyond the
    loopback says so at start, on standard error and in the log. (It only
    binds 0.0.0.0; the test sends nothing over the network.)"""
    for listen, warned in [("0.0.0.0:0", True), ("127.0.0.1:0,0.0.0.0:0", True),
                           ("127.0.0.2:0", False), ("127.0.0.1:0", False)]:
        log = os.path.join(s.dir, "listen-%s.log" % listen.replace(":", "_").replace(",", "_"))
        status, err = serve(s, db, log, listen)
        with open(log, encoding="utf-8") as f:
            logged = re.search(r"listen_not_loopback listen=%s see=docs/operations.md" % re.escape(listen),
                               f.read())
        said = "warning" in err and "not supported" in err and "docs/operations.md" in err
        if warned:
            t.ok(status == 0 and said and logged,
                 "--listen %s: starts, warns on standard error that direct exposure is not supported, "
                 "and logs it" % listen, err)
        else:
            t.ok(status == 0 and not said and not logged, "--listen %s: starts without a warning" % listen, err)


if __name__ == "__main__":
    run_tests(run)
