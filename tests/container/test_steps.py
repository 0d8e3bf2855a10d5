"""test_steps.py: performs container/Containerfile's steps without a container
engine (none runs on our machines) and checks the image would work:

- the build stage: only the paths the Containerfile COPYs are copied into a
  clean directory and container/build.sh builds the release binary there;
- the runtime stage: every shared library the binary links comes from a
  package in container/runtime-packages.txt or one of their dependencies;
- the start: container/entrypoint.sh, as an unprivileged user when this runs
  as root, creates and seeds the database on the "volume", serves, answers the
  HEALTHCHECK command exactly as the Containerfile writes it, stops on
  SIGTERM, and starts again on the same volume without re-seeding.
"""
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
from harness import Tap  # noqa: E402

UNPRIVILEGED = "nobody"


def containerfile_stages(text):
    """The Containerfile as a list of stages, each a list of (instruction, argument)."""
    stages, logical = [], ""
    for line in text.splitlines():
        if line.strip().startswith("#") or not line.strip():
            continue
        logical += line.rstrip("\\").strip() + " "
        if line.endswith("\\"):
            continue
        word, _, rest = logical.strip().partition(" ")
        logical = ""
        if word == "FROM":
            stages.append([])
        stages[-1].append((word, rest.strip()))
    return stages


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def package_of(path):
    """The package that installed a library. With merged /usr, dpkg knows a
    file by the path its package shipped (/lib/... or /usr/lib/...), which
    is not always where the link resolves to: every spelling is tried."""
    real = os.path.realpath(path)
    for candidate in (real, path, real.replace("/usr/lib/", "/lib/", 1), real.replace("/lib/", "/usr/lib/", 1)):
        out = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True).stdout
        if out:
            return out.split(":")[0]
    return None


def depends_closure(packages):
    """Packages and everything they depend on, as installed here."""
    seen, todo = set(), list(packages)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        deps = subprocess.run(["dpkg-query", "-W", "-f=${Depends},${Pre-Depends}", p],
                              capture_output=True, text=True).stdout
        for alternative in deps.split(","):
            name = alternative.split("|")[0].strip().split(" ")[0].split(":")[0]
            if name:
                todo.append(name)
    return seen


def copy_into(root, workdir, arg):
    """One build-stage COPY, with WORKDIR at workdir. Absolute destinations
    (the package lists under /tmp) are outside the source tree and skipped."""
    *sources, dest = arg.split()
    if dest.startswith("/"):
        return
    for source in sources:
        origin = os.path.join(root, source)
        if dest.endswith("/"):
            target = os.path.join(workdir, dest)
            os.makedirs(target, exist_ok=True)
            if os.path.isdir(origin):
                shutil.copytree(origin, target, dirs_exist_ok=True)
            else:
                shutil.copy(origin, target)
        else:
            os.makedirs(os.path.dirname(os.path.join(workdir, dest)), exist_ok=True)
            shutil.copy(origin, os.path.join(workdir, dest))


def wait_healthy(listen, env, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        p = subprocess.run(["sh", "-c", HEALTHCHECK], env=dict(env, SHOKAI_LISTEN=listen),
                           capture_output=True, text=True)
        if p.returncode == 0:
            return True
        time.sleep(0.2)
    return False


HEALTHCHECK = ""


def main():
    global HEALTHCHECK
    t = Tap()
    root = sys.argv[1]
    with open(os.path.join(root, "container", "Containerfile")) as f:
        stages = containerfile_stages(f.read())
    t.eq(len(stages), 2, "two stages: build and runtime")
    build, runtime = stages
    t.ok(build[0][1].startswith("docker.io/library/debian:12 ") and runtime[0][1] == "docker.io/library/debian:12-slim",
         "built on Debian 12, run from debian:12-slim", (build[0], runtime[0]))
    user = [arg for word, arg in runtime if word == "USER"]
    t.ok(user and user[-1] not in ("root", "0"), "the runtime runs as a non-root user", user)
    t.ok(("VOLUME", "/data") in runtime, "the database lives on the /data volume")
    env = dict(arg.split("=", 1) for word, args in runtime if word == "ENV" for arg in args.split())
    t.ok(env.get("SHOKAI_DB", "").startswith("/data/"), "SHOKAI_DB points into the volume", env)
    health = [arg for word, arg in runtime if word == "HEALTHCHECK"]
    m = re.search(r"CMD (.*)$", health[0]) if health else None
    t.ok(m and "shokai health" in m.group(1), "HEALTHCHECK runs shokai health", health)
    HEALTHCHECK = m.group(1) if m else "false"
    entry = [arg for word, arg in runtime if word == "ENTRYPOINT"]
    t.ok(entry and "shokai-entrypoint" in entry[0], "the entrypoint is container/entrypoint.sh", entry)

    work = tempfile.mkdtemp(prefix="shokai-container-")
    try:
        # --- build stage: copy only what the Containerfile copies, run its RUN step
        src = os.path.join(work, "src")
        os.makedirs(src)
        for word, arg in build:
            if word == "COPY":
                copy_into(root, src, arg)
        out = os.path.join(work, "out")
        p = subprocess.run(["sh", os.path.join(src, "container", "build.sh"), src, out],
                           capture_output=True, text=True)
        binary = os.path.join(out, "bin", "shokai")
        if not t.ok(p.returncode == 0 and os.access(binary, os.X_OK),
                    "the build stage builds the binary from the copied paths alone", p.stdout + p.stderr):
            t.done()
        t.ok(not os.path.exists(os.path.join(src, "tests")), "the image is built without the tests")

        # --- runtime stage: the listed packages provide every linked library
        with open(os.path.join(root, "container", "runtime-packages.txt")) as f:
            listed = f.read().split()
        libs = re.findall(r"=> (/\S+)", subprocess.run(["ldd", binary], capture_output=True, text=True).stdout)
        provided = depends_closure(listed)
        missing = sorted({package_of(lib) for lib in libs} - provided - {None})
        t.ok(not missing, "runtime-packages.txt covers every linked library", missing)
        unneeded = [p for p in listed if not any(p in depends_closure([q]) for q in {package_of(lib) for lib in libs} if q)]
        t.ok(not unneeded, "runtime-packages.txt lists nothing the binary does not link", unneeded)

        # --- start: the entrypoint on an empty volume, as an unprivileged user
        volume = os.path.join(work, "data")
        os.makedirs(volume, mode=0o700)
        as_user = []
        if os.getuid() == 0:
            shutil.chown(volume, UNPRIVILEGED)
            for d in (work, out, os.path.dirname(binary)):
                os.chmod(d, 0o755)
            as_user = ["setpriv", "--reuid=" + UNPRIVILEGED, "--regid=nogroup", "--clear-groups", "--"]
        run_env = dict(os.environ, PATH=os.path.dirname(binary) + ":/usr/bin:/bin",
                       SHOKAI_DB=os.path.join(volume, "shokai.db"))
        entrypoint = os.path.join(src, "container", "entrypoint.sh")
        shutil.copy(os.path.join(root, "container", "entrypoint.sh"), entrypoint)
        os.chmod(entrypoint, 0o755)

        def start():
            listen = "0.0.0.0:%d" % free_port()
            proc = subprocess.Popen(as_user + [entrypoint], env=dict(run_env, SHOKAI_LISTEN=listen),
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            return proc, listen

        proc, listen = start()
        healthy = wait_healthy(listen, run_env)
        t.ok(healthy, "the HEALTHCHECK command passes once the server is up")
        if healthy and as_user:
            owner = os.stat(os.path.join(volume, "shokai.db")).st_uid
            t.eq(owner, int(subprocess.run(["id", "-u", UNPRIVILEGED], capture_output=True, text=True).stdout),
                 "the database is created by the unprivileged user")
        con = sqlite3.connect(os.path.join(volume, "shokai.db"))
        t.eq(con.execute("SELECT count(*) FROM organizations").fetchone()[0] if healthy else None, 1788,
             "a new volume gets the 1,788 団体")
        con.execute("UPDATE organizations SET name = name || '（変更）' WHERE code = '011002'")
        con.commit()
        con.close()
        proc.terminate()
        try:
            output, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
        t.eq(proc.returncode, 0, "SIGTERM stops the server cleanly")
        t.ok("applied" in output and "schema version" in output, "the first start migrates", output)

        proc, listen = start()
        t.ok(wait_healthy(listen, run_env), "it starts again on the same volume")
        proc.terminate()
        output, _ = proc.communicate(timeout=20)
        t.ok("up to date" in output, "the second start finds the schema current", output)
        con = sqlite3.connect(os.path.join(volume, "shokai.db"))
        name = con.execute("SELECT name FROM organizations WHERE code = '011002'").fetchone()[0]
        con.close()
        t.ok(name.endswith("（変更）"), "a restart does not re-seed over the 団体 master", name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    t.done()


if __name__ == "__main__":
    main()
