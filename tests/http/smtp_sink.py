"""smtp_sink.py: a real SMTP server on 127.0.0.1 for the mail tests (Debian's
python3-aiosmtpd), keeping every message it accepts. It can be stopped and
started again on the same port, told to refuse (a 5xx reply), or to be slow
with the next message (to stop shokai in the middle of a delivery)."""
import email
import email.policy
import logging
import socket
import ssl
import sys
import threading
import time
import warnings

try:
    from aiosmtpd.controller import Controller
except ImportError:  # a Python other than Debian's: use Debian's package
    sys.path.append("/usr/lib/python3/dist-packages")
    from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

# A refused TLS handshake (the test of an unknown certificate) is expected:
# no traceback in the test's output.
logging.getLogger("mail.log").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", message="Session.login_data is deprecated")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.sink.refuse:
            return self.sink.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.sink.slow:
            delay, self.sink.slow = self.sink.slow, 0
            self.sink.slow_started.set()
            time.sleep(delay)  # holds the connection, as a slow server does
        raw = envelope.original_content or envelope.content
        with self.sink.lock:
            self.sink.received.append((envelope.mail_from, list(envelope.rcpt_tos), raw))
        return "250 2.0.0 Ok: queued as test"


class SmtpSink:
    def __init__(self, tls=None, login=None):
        """tls: (certificate file, key file): STARTTLS offered and required
        before MAIL; login: (user, password): AUTH required."""
        self.tls = tls
        self.login = login
        self.port = free_port()
        self.refuse = None  # e.g. "550 5.7.1 No thanks": every RCPT refused
        self.slow = 0       # seconds the next DATA takes
        self.slow_started = threading.Event()
        self.lock = threading.Lock()
        self.received = []  # (envelope from, [rcpt], raw bytes)
        self.controller = None

    @property
    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def start(self):
        kwargs = {}
        if self.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*self.tls)
            kwargs.update(tls_context=context, require_starttls=True)
        if self.login:
            kwargs.update(auth_required=True, authenticator=self._authenticate)
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (getattr(auth_data, "login", None) == self.login[0].encode() and
              getattr(auth_data, "password", None) == self.login[1].encode())
        return AuthResult(success=ok, handled=False)

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def messages(self):
        """The messages received so far, parsed: (rcpt list, message, raw)."""
        with self.lock:
            got = list(self.received)
        return [(rcpt, email.message_from_bytes(raw, policy=email.policy.default), raw)
                for _, rcpt, raw in got]

    def wait_for(self, n, timeout=15):
        """Waits until at least n messages arrived; returns the messages."""
        end = time.time() + timeout
        while time.time() < end:
            if len(self.received) >= n:
                break
            time.sleep(0.1)
        return self.messages()
