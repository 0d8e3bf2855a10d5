"""test_tls_proxy.py (RELIABILITY.md E5, the proxy branch): Debian's nginx
terminates TLS in front of shokai with the shipped docs/ops/nginx-shokai.conf
(ports, certificate paths and the upstream port put in for the test, all on
127.0.0.1) and a self-signed certificate made here with openssl. Through it:
TLS 1.2+ only, HSTS, the __Host- session cookie with Secure, a logged-in page,
the client address from X-Forwarded-For, HTTP redirected to HTTPS, and
requests nginx must stop before shokai (an oversized body, CL+TE)."""
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import warnings

from harness import PASSWORD, Server, Tap

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_site(conf, https_port, http_port, upstream_port, cert, key, snippet):
    """The shipped site config with only addresses and paths replaced."""
    site = conf[:conf.index("# /etc/nginx/snippets/shokai-proxy.conf")]
    site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.M)
    site = site.replace("listen 443 ssl http2;", "listen 127.0.0.1:%d ssl http2;" % https_port)
    site = site.replace("listen 80;", "listen 127.0.0.1:%d;" % http_port)
    site = site.replace("server 127.0.0.1:8080;", "server 127.0.0.1:%d;" % upstream_port)
    site = site.replace("/etc/ssl/shokai/fullchain.pem", cert).replace("/etc/ssl/shokai/privkey.pem", key)
    site = site.replace("/etc/nginx/snippets/shokai-proxy.conf", snippet)
    return site


def snippet_of(conf):
    """The proxy snippet the shipped file gives in its closing comment."""
    part = conf[conf.index("# /etc/nginx/snippets/shokai-proxy.conf"):]
    return "".join(line[4:] + "\n" for line in part.splitlines() if line.startswith("#   "))


def main():
    t = Tap()
    work = tempfile.mkdtemp(prefix="shokai-tls-")
    s = Server(sys.argv[1], ["--secure-cookies", "--trusted-proxy", "127.0.0.1"])
    nginx = None
    try:
        cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        with open(os.path.join(ROOT, "docs", "ops", "nginx-shokai.conf")) as f:
            conf = f.read()
        https_port, http_port = free_port(), free_port()
        snippet = os.path.join(work, "shokai-proxy.conf")
        with open(snippet, "w") as f:
            f.write(snippet_of(conf))
        site = render_site(conf, https_port, http_port, s.port, cert, key, snippet)
        temp = "".join("%s %s;\n" % (d, os.path.join(work, d)) for d in
                       ["client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path", "uwsgi_temp_path",
                        "scgi_temp_path"])
        main_conf = os.path.join(work, "nginx.conf")
        with open(main_conf, "w") as f:
            f.write("%sdaemon off;\npid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\n"
                    "http {\naccess_log off;\n%s%s\n}\n"
                    % ("user root;\n" if os.getuid() == 0 else "", work, work, temp, site))
        check = subprocess.run(["nginx", "-t", "-p", work, "-c", main_conf], capture_output=True, text=True)
        if not t.ok(check.returncode == 0, "the shipped nginx config is valid for Debian's nginx", check.stderr):
            t.done()
        nginx = subprocess.Popen(["nginx", "-p", work, "-c", main_conf], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        context = ssl.create_default_context(cafile=cert)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)

        def https(method, path, body=None, headers=None, cookie=None):
            conn = http.client.HTTPSConnection("127.0.0.1", https_port, context=context, timeout=10)
            h = dict(headers or {})
            if cookie:
                h["Cookie"] = cookie
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            out = (r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
            conn.close()
            return out

        status, headers, body = https("GET", "/healthz")
        t.eq((status, body), (200, b"ok\n"), "/healthz through TLS")
        t.ok(headers.get("strict-transport-security", "").startswith("max-age="), "HSTS on every response", headers)
        t.ok("server" not in headers or "nginx/" not in headers["server"], "no nginx version shown", headers)
        t.ok("content-security-policy" in headers, "shokai's own security headers pass through")

        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.load_verify_locations(cert)
        with warnings.catch_warnings():  # the old versions are deprecated: that is the point
            warnings.simplefilter("ignore", DeprecationWarning)
            old.maximum_version = ssl.TLSVersion.TLSv1_1
            old.minimum_version = ssl.TLSVersion.TLSv1
        try:
            with socket.create_connection(("127.0.0.1", https_port), timeout=5) as raw:
                with old.wrap_socket(raw, server_hostname="127.0.0.1"):
                    refused = False
        except (ssl.SSLError, OSError):
            refused = True
        t.ok(refused, "TLS 1.1 and older are refused")

        form = urllib.parse.urlencode({"login": "orga", "password": PASSWORD})
        status, headers, _ = https("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                            "Origin": "https://127.0.0.1:%d" % https_port})
        cookie = headers.get("set-cookie", "")
        t.eq(status, 303, "login through the proxy")
        t.ok(cookie.startswith("__Host-") and "; Secure" in cookie and "HttpOnly" in cookie,
             "the session cookie is __Host- with Secure and HttpOnly", cookie)
        status, _, body = https("GET", "/", cookie=cookie.split(";")[0])
        t.ok(status == 200 and "orga" in body.decode(), "a logged-in page through the proxy")
        # The request line is written after the response is sent: wait for it.
        logged = False
        for _ in range(100):
            logged = re.search(r"request id=\w+ ip=127\.0\.0\.1 user=orga", s.log_text()) is not None
            if logged:
                break
            time.sleep(0.05)
        t.ok(logged, "shokai logs the address nginx forwarded")

        conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
        conn.request("GET", "/surveys")
        r = conn.getresponse()
        t.ok(r.status == 301 and r.getheader("Location", "").startswith("https://"), "HTTP is redirected to HTTPS",
             (r.status, r.getheader("Location")))
        conn.close()

        status, _, _ = https("POST", "/login", b"x" * (1024 * 1024 + 1),
                             {"Content-Type": "application/x-www-form-urlencoded"})
        t.eq(status, 413, "a body over 1 MiB is stopped by nginx")
        with socket.create_connection(("127.0.0.1", https_port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                tls.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n"
                            b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                reply = tls.recv(200)
        t.ok(reply.startswith(b"HTTP/1.1 400"), "Content-Length with Transfer-Encoding is refused", reply[:60])
        t.eq(s.request("GET", "/healthz").status, 200, "shokai is still serving")
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        s.stop()
        shutil.rmtree(work, ignore_errors=True)
    t.done()


if __name__ == "__main__":
    main()
