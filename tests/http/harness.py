"""harness.py: start the real `shokai serve` on 127.0.0.1 with a temporary
database, drive it over HTTP, and report as TAP. Standard library only."""
import base64
import contextlib
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

PASSWORD = "correct horse battery staple"
SECOND_FACTOR_ROLES = ("ministry", "admin")


def totp(key_b32, step):
    """RFC 6238 (HMAC-SHA1, 6 digits) at a time step, written here apart from
    the server's liboath so that each checks the other."""
    key = base64.b32decode(key_b32.replace(" ", "") + "=" * (-len(key_b32.replace(" ", "")) % 8))
    mac = hmac.new(key, step.to_bytes(8, "big"), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    return "%06d" % ((int.from_bytes(mac[off:off + 4], "big") & 0x7FFFFFFF) % 1000000)


class SecondFactor:
    """What a person with the authenticator app does: keys by login, and the
    last time step used, so that no code is offered twice (the server refuses
    a reused code)."""

    def __init__(self):
        self.keys = {}
        self.last_step = {}

    def code(self, server, login):
        """A code the server accepts now, moving the server's injected clock
        forward for the login only when every step in its window was used
        (the clock is put back after): no test waits for real time to pass.
        A test that moves the clock back after a code was used makes the next
        login happen at the later time, and a login purges the sessions idle
        by then."""
        now = server.now()
        step = now // 30
        use = max(step - 1, self.last_step.get(login, 0) + 1)
        self.last_step[login] = use
        if use <= step + 1:
            return totp(self.keys[login], use), None
        server.set_clock(use * 30)
        return totp(self.keys[login], use), now


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=None):
        self.n += 1
        if not cond:
            self.failed += 1
        print(("ok" if cond else "not ok") + " %d - %s" % (self.n, name), flush=True)
        if not cond and detail is not None:
            for line in str(detail).splitlines()[:20]:
                print("#   " + line, flush=True)
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, "got  %r\nwant %r" % (got, want))

    def done(self):
        print("1..%d" % self.n, flush=True)
        sys.exit(1 if self.failed else 0)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Server:
    """A shokai server with its own temp directory, database and log."""

    def __init__(self, binary, extra_args=(), users=True, prefix=(), threads=16):
        self.binary = binary
        self.threads = threads
        self.prefix = list(prefix)  # a command the server runs under (fiu-run ...)
        self.dir = tempfile.mkdtemp(prefix="shokai-http-")
        self.db = os.path.join(self.dir, "t.db")
        self.log = os.path.join(self.dir, "server.log")
        self.clock = os.path.join(self.dir, "clock")
        self.set_clock(int(time.time()))
        # Undefined behaviour stops the server (as under scripts/test.sh) even
        # when a test file is run by hand, so no test passes over it.
        self.env = dict(os.environ, SHOKAI_TEST_CLOCK_FILE=self.clock,
                        UBSAN_OPTIONS=os.environ.get("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1"))
        self.cli("migrate")
        self.cli("seed")
        self.second_factor = SecondFactor()
        if users:
            for login, role, org in USERS:
                args = ["user", "add", "--login", login, "--role", role, "--password-stdin"]
                if org:
                    args += ["--org", org]
                self.cli(*args, stdin=PASSWORD + "\n")
                if role in SECOND_FACTOR_ROLES:
                    self.enrol(login)
        self.extra_args = list(extra_args)
        self.start()

    def start(self):
        """Starts `shokai serve` on the database (again, after a crash)."""
        self.proc = subprocess.Popen(
            self.prefix + [self.binary, "serve", "--db", self.db, "--listen", "127.0.0.1:0", "--log", self.log,
             "--threads", str(self.threads)] + self.extra_args,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r":(\d+)/", line)
        if not m:
            raise RuntimeError("server did not start: %r %s" % (line, self.proc.stderr.read()))
        self.port = int(m.group(1))

    def restart(self, extra_args):
        """Stops the server as SIGTERM does (it must exit 0) and starts it again
        with extra_args; returns the stopped server's exit status."""
        self.proc.terminate()
        status = self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.extra_args = list(extra_args)
        self.start()
        return status

    def crash(self):
        """kill -9: no handler runs, nothing is flushed."""
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()

    def cli(self, *args, stdin=None, check=True):
        p = subprocess.run([self.binary] + list(args) + ["--db", self.db], input=stdin,
                           capture_output=True, text=True, env=getattr(self, "env", None))
        if check and p.returncode != 0:
            raise RuntimeError("shokai %s failed: %s" % (" ".join(args), p.stderr))
        return p

    @contextlib.contextmanager
    def code_for(self, login):
        """A code of login's authenticator app that the server accepts now;
        the clock, if it had to move for it, is put back when the block ends."""
        code, put_back = self.second_factor.code(self, login)
        try:
            yield code
        finally:
            if put_back is not None:
                self.set_clock(put_back)

    def enrol(self, login):
        """Gives a Ministry or admin account a key from the command line."""
        out = self.cli("user", "second-factor", "--login", login).stdout
        self.second_factor.keys[login] = re.search(r"^key\t(\S+)$", out, re.M).group(1)

    def now(self):
        with open(self.clock) as f:
            return int(f.read().strip())

    def set_clock(self, t):
        with open(self.clock, "w") as f:
            f.write("%d\n" % t)

    def advance_clock(self, seconds):
        with open(self.clock) as f:
            t = int(f.read().strip())
        self.set_clock(t + seconds)

    def request(self, method, path, body=None, headers=None, cookie=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = {"Host": "127.0.0.1:%d" % self.port}
        if cookie:
            h["Cookie"] = cookie
        h.update(headers or {})
        if isinstance(body, str):
            body = body.encode()
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        conn.close()
        return resp

    def form(self, path, fields, cookie=None, headers=None):
        body = urllib.parse.urlencode(fields)
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body, h, cookie)

    def api(self, method, path, obj=None, token=None, headers=None, raw=None, timeout=30):
        h = {}
        if token:
            h["Authorization"] = "Bearer " + token
        body = raw
        if obj is not None:
            body = json.dumps(obj, ensure_ascii=False)
        if body is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        return self.request(method, path, body, h, timeout=timeout)

    def raw(self, data, timeout=10):
        """Sends raw bytes and returns what came back until the server closed or went quiet."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        s.sendall(data)
        out = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
                if b"\r\n\r\n" in out:
                    head, _, rest = out.partition(b"\r\n\r\n")
                    m = re.search(rb"Content-Length: (\d+)", head)
                    if m and len(rest) >= int(m.group(1)):
                        break
        except socket.timeout:
            pass
        s.close()
        return out

    def login(self, login, password=None):
        """Logs in through the form, with the code of the authenticator app
        when the account has a second factor (its key set up on the page the
        first time); returns (cookie header value, csrf token)."""
        if password is None:
            password = self.accounts[login][1] if hasattr(self, "accounts") else PASSWORD
        r = self.form("/login", {"login": login, "password": password})
        if r.status != 303:
            raise RuntimeError("login %s failed: %d" % (login, r.status))
        cookie = r.header("Set-Cookie").split(";")[0]
        if r.header("Location").startswith("/login/second-factor"):
            cookie = self.second_factor_step(login, cookie)
        page = self.request("GET", "/", cookie=cookie).text
        m = re.search(r'name="csrf" value="([^"]+)"', page)
        return cookie, m.group(1) if m else None

    def second_factor_step(self, login, cookie):
        """The page after the password: sets up the key if it shows one, and
        enters the code; returns the new session's cookie."""
        page = self.request("GET", "/login/second-factor", cookie=cookie).text
        shown = re.search(r'id="secret-text" class="secret">([A-Z2-7 ]+)<', page)
        if shown:
            self.second_factor.keys[login] = shown.group(1).replace(" ", "")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        with self.code_for(login) as code:
            r = self.form("/login/second-factor", {"csrf": csrf, "code": code}, cookie=cookie)
        if r.status != 303:
            raise RuntimeError("second factor of %s failed: %d %s" % (login, r.status, r.text[-300:]))
        return r.header("Set-Cookie").split(";")[0]

    def org_tokens(self, codes, prefix):
        """An org account for each 団体 code (login prefix-code) and its API token."""
        tokens = {}
        for code in codes:
            login = prefix + code
            self.cli("user", "add", "--login", login, "--role", "org", "--org", code, "--password-stdin",
                     stdin=PASSWORD + "\n")
            tokens[code] = self.token(login)
        return tokens

    def token(self, login, password=PASSWORD):
        """An API token, with the authenticator's code when the account has one."""
        body = {"login": login, "password": password}
        if login not in self.second_factor.keys:
            r = self.api("POST", "/api/v1/tokens", body)
        else:
            with self.code_for(login) as body["code"]:
                r = self.api("POST", "/api/v1/tokens", body)
        return r.json()["token"] if r.status == 200 else None

    def log_text(self):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        died = self.proc.poll()
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        # A server that died by itself, or a sanitizer report, is shown with
        # the test's output (a crash is otherwise only "connection closed").
        problem = None
        if died is not None or "Sanitizer" in (err or "") or "runtime error" in (err or ""):
            problem = "died (status %s)" % died if died is not None else "reported an error"
            print("# the server %s; its standard error:" % problem, file=sys.stderr)
            for line in (err or "").splitlines()[-60:]:
                print("#   " + line, file=sys.stderr)
        shutil.rmtree(self.dir, ignore_errors=True)
        return problem


# What the migrations after 0010 added, taken out again, so that a test that
# rebuilds an older schema does not meet them when it migrates (each later
# migration adds its undo here).
UNDO_AFTER_0010 = """
    DROP TABLE survey_drafts;
    DROP TABLE mail_outbox;
    DROP TABLE mail_schedule_done;
    DROP TABLE report_bullet_sources;
    DROP TABLE report_bullets;
    DROP TABLE report_sections;
    DROP TABLE report_curations;
    DROP TABLE past_rounds;
    ALTER TABLE groupings DROP COLUMN composed_at;
    DELETE FROM schema_migrations WHERE version > 10;
"""

# api_tokens as migrations 0001-0008 left it (0009 rebuilt it with an expiry),
# and nothing of the migrations after 0010, for tests that migrate a database
# of an older schema.
API_TOKENS_BEFORE_0010 = UNDO_AFTER_0010 + """
    DROP TABLE api_tokens;
    CREATE TABLE api_tokens (token_hash BLOB PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL, revoked_at INTEGER) WITHOUT ROWID;
"""

# What migration 0011 added (accounts' profiles and one-time links), undone,
# for tests that migrate a database of an older schema.
ACCOUNTS_BEFORE_0011 = """
    DROP TABLE account_links;
    DROP INDEX users_by_org;
    ALTER TABLE users DROP COLUMN full_name;
    ALTER TABLE users DROP COLUMN department;
    ALTER TABLE users DROP COLUMN phone;
    DELETE FROM schema_migrations WHERE version >= 11;
"""

@contextlib.contextmanager
def scratch_database(binary, prefix):
    """A migrated and seeded database in a temporary directory of its own
    (removed afterwards): yields (path, cli), cli(*args, stdin=None) running
    `shokai ARGS --db path` and failing on a non-zero exit."""
    d = tempfile.mkdtemp(prefix=prefix)
    db = os.path.join(d, "t.db")

    def cli(*args, stdin=None):
        return subprocess.run([binary, *args, "--db", db], input=stdin, text=True, capture_output=True,
                              check=True)
    try:
        cli("migrate")
        cli("seed")
        yield db, cli
    finally:
        shutil.rmtree(d, ignore_errors=True)


# Eight 一般市 of 北海道, for tests that need many 団体 answering at once.
MANY_ORGS = ["012033", "012041", "012050", "012068", "012076", "012084", "012092", "012106"]

# (login, role, 団体 code): A and B are municipalities of 北海道; the pref of A's
# prefecture and one of another prefecture (青森県).
USERS = [
    ("ministry1", "ministry", None),
    ("admin1", "admin", None),
    ("orga", "org", "011002"),
    ("orgb", "org", "012025"),
    ("prefa", "pref", "010006"),
    ("prefother", "pref", "020001"),
]


def run_tests(run, extra_args=(), clock=None, threads=16):
    """The main() of a test file: a server, run(t, s), TAP plan and exit status."""
    t = Tap()
    s = Server(sys.argv[1], extra_args, threads=threads)
    try:
        if clock is not None:
            s.set_clock(clock)
        run(t, s)
    finally:
        problem = s.stop()
    t.ok(problem is None, "the server ran without a crash or a sanitizer report", problem)
    t.done()


def run_demo_tests(run):
    """The main() of a test file on the demo database: run(t, s) against a
    DemoServer, TAP plan and exit status."""
    t = Tap()
    s = DemoServer(sys.argv[1])
    try:
        run(t, s)
    finally:
        s.stop()
    t.done()


class DemoServer:
    """`shokai serve --demo` on a fresh database, with the accounts it printed."""

    def __init__(self, binary, db_dir=None, extra_args=()):
        self.dir = db_dir or tempfile.mkdtemp(prefix="shokai-demo-")
        self.db = os.path.join(self.dir, "demo.db")
        self.binary = binary
        # The injectable clock, as for Server: a second code within the same
        # 30 seconds moves it on instead of waiting for the time to pass.
        self.clock = os.path.join(self.dir, "clock")
        self.set_clock(int(time.time()))
        self.env = dict(os.environ, SHOKAI_TEST_CLOCK_FILE=self.clock)
        self.extra_args = list(extra_args)
        self.start()

    def start(self):
        self.second_factor = SecondFactor()
        self.tokens = {}  # one per Ministry or admin account: each costs a code, good once
        self.proc = subprocess.Popen([self.binary, "serve", "--demo", "--db", self.db, "--listen",
                                      "127.0.0.1:0", "--log", self.db + ".log"] + self.extra_args,
                                     stdout=subprocess.PIPE, text=True, env=self.env)
        self.accounts = {}
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("demo server exited")
            m = re.match(r"\s+(demo-\S+)\s+(\S+)\s+(\S+)$", line)
            if m:
                self.accounts[m.group(1)] = (m.group(2), m.group(3))
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                return

    def stop(self, remove=True):
        self.proc.terminate()
        self.proc.wait()
        if remove:
            shutil.rmtree(self.dir, ignore_errors=True)

    # The request helpers of Server work unchanged on a DemoServer.
    request = Server.request
    api = Server.api
    form = Server.form
    login = Server.login
    second_factor_step = Server.second_factor_step
    code_for = Server.code_for

    now = Server.now
    set_clock = Server.set_clock
    advance_clock = Server.advance_clock

    def token(self, login):
        """An API token; those of Ministry and admin accounts are kept, since
        each costs a code of its own."""
        if login in self.tokens:
            return self.tokens[login]
        if self.accounts[login][0] in SECOND_FACTOR_ROLES and login not in self.second_factor.keys:
            self.login(login)  # the first login sets up the authenticator app
        token = Server.token(self, login, self.accounts[login][1])
        if self.accounts[login][0] in SECOND_FACTOR_ROLES:
            self.tokens[login] = token
        return token

    def cli(self, *args, stdin=None, check=True):
        return Server.cli(self, *args, stdin=stdin, check=check)
