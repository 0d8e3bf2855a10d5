"""test_slowloris.py (RELIABILITY.md E3/E4, the CI smoke): three times as many
slow clients as worker threads, each dripping its headers (or, for a third
of them, its body) a byte at a time and never finishing. The server must cut
every one of them off by itself (so the threads come back), serve every
legitimate request sent meanwhile, and be healthy afterwards. No assertion
is made on how long anything took."""
import socket
import threading
import time

from harness import run_tests

THREADS = 16           # the harness starts the server with --threads 16
SLOW_CLIENTS = 3 * THREADS
GIVE_UP_AFTER = 25.0   # a slow client still open by then was never cut off


def slow_client(port, kind, result, index):
    s = socket.create_connection(("127.0.0.1", port), timeout=GIVE_UP_AFTER)
    if kind == "body":
        s.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n")
    else:
        s.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    s.settimeout(0.3)
    deadline = time.monotonic() + GIVE_UP_AFTER
    cut = False
    while time.monotonic() < deadline:
        try:
            s.sendall(b"a" if kind == "body" else b"X-Drip: a\r\n"[:1])
            if s.recv(4096) == b"":
                cut = True
                break
            cut = True  # an answer (408/400) then a close also frees the thread
            break
        except socket.timeout:
            continue
        except OSError:
            cut = True
            break
    s.close()
    result[index] = cut


def run(t, s):
    result = [None] * SLOW_CLIENTS
    attackers = [threading.Thread(target=slow_client, args=(s.port, "body" if i % 3 == 0 else "headers", result, i))
                 for i in range(SLOW_CLIENTS)]
    for a in attackers:
        a.start()
    time.sleep(0.5)
    statuses = []
    for _ in range(10):
        try:
            statuses.append(s.request("GET", "/healthz", timeout=GIVE_UP_AFTER).status)
        except OSError as e:
            statuses.append(str(e))
    for a in attackers:
        a.join()
    t.eq(statuses, [200] * 10, "every legitimate request during the attack was served")
    t.eq(result.count(True), SLOW_CLIENTS, "the server cut off all %d slow clients by itself" % SLOW_CLIENTS)
    t.eq(s.request("GET", "/healthz").status, 200, "healthy afterwards")
    log = s.log_text()
    t.ok("body_deadline" in log, "slow bodies are logged as body_deadline")


if __name__ == "__main__":
    run_tests(run, extra_args=["--request-timeout", "1000", "--body-timeout", "1500"])
