"""test_cli.py: the shokai command line: help, bad arguments, migrate, seed, user."""
import os
import subprocess
import sys
import tempfile

from harness import Tap


def run(binary, *args, stdin=None):
    p = subprocess.run([binary] + list(args), input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    t = Tap()
    b = sys.argv[1]
    d = tempfile.mkdtemp(prefix="shokai-cli-")
    db = os.path.join(d, "t.db")

    rc, out, _ = run(b, "--help")
    t.ok(rc == 0 and all(c in out for c in ["serve", "migrate", "seed", "user"]), "shokai --help lists commands")
    for cmd in ["serve", "migrate", "seed", "routes"]:
        rc, out, _ = run(b, cmd, "--help")
        t.ok(rc == 0 and "usage: shokai " + cmd in out, "shokai %s --help" % cmd)
    rc, out, _ = run(b, "user", "--help")
    t.ok(rc == 0 and "user add" in out and "passwd" in out, "shokai user --help")
    rc, _, err = run(b, "frobnicate")
    t.ok(rc == 2 and len(err.strip().splitlines()) == 1, "unknown command: exit 2, one line", err)
    rc, _, err = run(b, "migrate", "--bogus")
    t.ok(rc == 2 and "--bogus" in err, "unknown option: exit 2 naming it", err)
    rc, _, err = run(b, "migrate", "--db")
    t.ok(rc == 2 and "needs a value" in err, "missing value: exit 2", err)
    rc, _, err = run(b, "migrate")
    t.ok(rc == 2 and "--db" in err, "missing --db: exit 2", err)
    rc, _, err = run(b, "serve", "--db", db, "--threads", "zero")
    t.ok(rc == 2 and "--threads" in err, "non-numeric --threads: exit 2", err)

    rc, _, err = run(b, "health", "--listen", "127.0.0.1:1")
    t.ok(rc == 1 and "no answer" in err, "health with no server: exit 1 and why", err)
    rc, _, err = run(b, "health", "--listen", "localhost")
    t.ok(rc == 2 and "ADDR:PORT" in err, "health with a bad --listen: exit 2", err)

    rc, _, err = run(b, "seed", "--db", db)
    t.ok(rc == 1 and "does not exist" in err, "seed on a missing database: clear error", err)
    rc, _, err = run(b, "serve", "--db", db)
    t.ok(rc == 1 and "does not exist" in err, "serve on a missing database: clear error", err)
    junk = os.path.join(d, "junk.db")
    with open(junk, "w") as f:
        f.write("this is not a database" * 100)
    rc, _, err = run(b, "migrate", "--db", junk)
    t.ok(rc == 1 and "shokai:" in err, "migrate on a non-database: clear error", err)

    rc, out, _ = run(b, "migrate", "--db", db)
    t.ok(rc == 0 and "applied" in out, "migrate creates and applies", out)
    rc, out, _ = run(b, "migrate", "--db", db)
    t.ok(rc == 0 and "up to date" in out, "migrate again is a no-op", out)
    rc, _, err = run(b, "user", "list", "--db", db)
    t.eq(rc, 0, "user list on an empty database")
    rc, out, _ = run(b, "seed", "--db", db)
    t.ok(rc == 0 and "追加 1788" in out, "seed loads 1,788 団体", out)
    rc, out, _ = run(b, "seed", "--db", db)
    t.ok(rc == 0 and "変更なし 1788" in out, "seed again changes nothing", out)

    rc, out, _ = run(b, "user", "list", "--db", db)
    t.ok(rc == 0 and out == "", "no default account after install", out)
    rc, _, err = run(b, "user", "add", "--db", db, "--login", "min1", "--role", "ministry",
                     "--password-stdin", stdin="short\n")
    t.ok(rc == 2 and "12文字" in err, "short password: exit 2 with the rule", err)
    rc, _, err = run(b, "user", "add", "--db", db, "--login", "min1", "--role", "boss",
                     "--password-stdin", stdin="long enough password\n")
    t.ok(rc == 2 and "--role" in err, "bad role: exit 2", err)
    rc, _, err = run(b, "user", "add", "--db", db, "--login", "org1", "--role", "org",
                     "--password-stdin", stdin="long enough password\n")
    t.ok(rc == 2 and "--org" in err, "org without --org: exit 2", err)
    rc, _, err = run(b, "user", "add", "--db", db, "--login", "min1", "--role", "ministry",
                     "--password", "x")
    t.eq(rc, 2, "a password argument is not accepted")
    rc, out, err = run(b, "user", "add", "--db", db, "--login", "org1", "--role", "org", "--org", "011002",
                       "--password-stdin", stdin="十二文字の日本語パスワードです\n")
    t.ok(rc == 0 and "added org1" in out, "org account with a Japanese password", err)
    rc, _, err = run(b, "user", "add", "--db", db, "--login", "org1", "--role", "org", "--org", "011002",
                     "--password-stdin", stdin="long enough password\n")
    t.ok(rc == 1 and "既に" in err, "duplicate login refused", err)
    rc, out, _ = run(b, "user", "list", "--db", db)
    t.ok(rc == 0 and "org1\torg\t011002\t札幌市\tactive" in out, "user list shows the account", out)
    rc, out, err = run(b, "user", "passwd", "--db", db, "--login", "org1", "--password-stdin",
                       stdin="another long password\n")
    t.ok(rc == 0, "user passwd", err)
    rc, out, err = run(b, "user", "passwd", "--db", db, "--login", "nobody", "--password-stdin",
                       stdin="another long password\n")
    t.ok(rc == 1 and "nobody" in err, "passwd of an unknown account: clear error", err)
    rc, out, _ = run(b, "user", "disable", "--db", db, "--login", "org1")
    t.ok(rc == 0, "user disable")
    rc, out, _ = run(b, "user", "list", "--db", db)
    t.ok("disabled" in out, "list shows it disabled", out)
    # backup: a consistent copy while a writer holds an open transaction
    import sqlite3
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE organizations SET name = 'uncommitted' WHERE code = '011002'")
    copy = os.path.join(d, "backup.db")
    rc, out, err = run(b, "backup", "--db", db, "--to", copy)
    writer.execute("COMMIT")
    writer.close()
    t.ok(rc == 0 and "backup written" in out, "backup while a write transaction is open", err)
    con = sqlite3.connect(copy)
    t.eq(con.execute("SELECT count(*), sum(name = 'uncommitted') FROM organizations").fetchone(), (1788, 0),
         "the copy has every 団体 and nothing uncommitted")
    t.eq(con.execute("PRAGMA integrity_check").fetchone()[0], "ok", "the copy is a sound database")
    con.close()
    rc, out, err = run(b, "backup", "--db", db, "--to", copy)
    t.ok(rc == 0 and not os.path.exists(copy + ".partial"), "a second backup replaces the first", err)
    con = sqlite3.connect(copy)
    t.eq(con.execute("SELECT count(*) FROM organizations WHERE name = 'uncommitted'").fetchone()[0], 1,
         "and holds what was committed since")
    con.close()
    rc, out, _ = run(b, "migrate", "--db", copy)
    t.ok(rc == 0 and "up to date" in out, "a restored backup is a current database", out)
    rc, _, err = run(b, "backup", "--db", db, "--to", os.path.join(d, "no-such-dir", "b.db"))
    t.ok(rc == 1 and "backup failed" in err and "unchanged" in err, "backup into a missing directory: exit 1, why", err)
    rc, _, err = run(b, "backup", "--db", db)
    t.ok(rc == 2 and "--to" in err, "backup without --to: exit 2", err)

    rc, out, _ = run(b, "routes")
    t.ok(rc == 0 and "POST\t/login\tpublic\tform" in out and "GET\t/api/v1/organizations\tministry" in out,
         "routes lists methods, paths, roles", out)
    import sqlite3
    con = sqlite3.connect(db)
    actions = [r[0] for r in con.execute("SELECT action FROM audit ORDER BY id")]
    t.ok(actions.count("user.add") == 1 and "user.passwd" in actions and "user.disable" in actions
         and "org.import" in actions, "every change is audited", actions)
    con.execute("PRAGMA user_version=99")
    con.commit()
    con.close()
    rc, _, err = run(b, "migrate", "--db", db)
    t.ok(rc == 1 and "newer" in err, "a database newer than the binary is refused", err)
    t.done()


if __name__ == "__main__":
    main()
