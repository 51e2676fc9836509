"""A real IMAP server for the tests: Dovecot (Debian package ``dovecot-imapd``, installed by
``make test`` with Tesseract), started on 127.0.0.1 with its own throwaway configuration,
user, passwd-file and self-signed TLS certificate (made by the ``openssl`` program).

Its files live in a folder of /tmp readable by Dovecot's own users: when the tests run as
root, Dovecot's login processes must run as ``dovenull`` and the mail as ``dovecot`` (it
refuses both as root); otherwise everything runs as the current user.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "reclam", "secret-de-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", f"/CN={name}",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True)
    return cert, key


@dataclass
class Dovecot:
    root: Path
    imap_port: int  # plain, STARTTLS offered
    imaps_port: int  # implicit TLS
    ca: Path  # the server's self-signed certificate, its own CA
    proc: subprocess.Popen[bytes] | None = None

    def connect(self) -> imaplib.IMAP4_SSL:
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.imaps_port,
                                 ssl_context=ssl.create_default_context(cafile=str(self.ca)))
        conn.login(USER, PASSWORD)
        return conn

    def deliver(self, messages: list[bytes], folder: str = "INBOX") -> None:
        """IMAP APPEND, the way a mail server delivers (no MTA needed)."""
        self.deliver_as(PASSWORD, messages, folder)

    def deliver_as(self, password: str, messages: list[bytes], folder: str = "INBOX") -> None:
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.imaps_port,
                                 ssl_context=ssl.create_default_context(cafile=str(self.ca)))
        conn.authenticate("PLAIN", lambda _: f"\0{USER}\0{password}".encode())
        try:
            for data in messages:
                typ, detail = conn.append(folder, None, None, data)
                assert typ == "OK", detail
        finally:
            conn.logout()

    def uids(self, folder: str = "INBOX") -> list[int]:
        conn = self.connect()
        try:
            typ, _ = conn.select(f'"{folder}"')
            if typ != "OK":
                return []
            _, data = conn.uid("SEARCH", "ALL")
            return [int(n) for n in data[0].split()]
        finally:
            conn.logout()

    def bodies(self, folder: str) -> list[bytes]:
        conn = self.connect()
        try:
            conn.select(f'"{folder}"', readonly=True)
            _, data = conn.uid("FETCH", "1:*", "(BODY.PEEK[])")
            return [part[1] for part in data if isinstance(part, tuple)]
        finally:
            conn.logout()

    def start(self) -> None:
        self.proc = subprocess.Popen(["dovecot", "-F", "-c", str(self.root / "dovecot.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot stopped: {self.proc.stderr.read()!r}"  # type: ignore[union-attr]
                                   f" {self.log()}")
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.imaps_port), timeout=1), socket.create_connection(
                    ("127.0.0.1", self.imap_port), timeout=1):
                return
            time.sleep(0.1)
        raise RuntimeError(f"dovecot did not listen: {self.log()}")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _conf(root: Path, imap_port: int, imaps_port: int, cert: Path, key: Path) -> str:
    me = pwd.getpwuid(os.getuid())
    if os.getuid() == 0:
        internal, login, mail = "dovecot", "dovenull", pwd.getpwnam("dovecot")
    else:
        internal, login, mail = me.pw_name, me.pw_name, me
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
auth_failure_delay = 0
first_valid_uid = 1
default_internal_user = {internal}
default_login_user = {login}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail.pw_uid} gid={mail.pw_gid} home={root}/mail/%u
}}
"""


@contextlib.contextmanager
def dovecot_server() -> Iterator[Dovecot]:
    if shutil.which("dovecot") is None:
        raise RuntimeError("dovecot is missing: `make test` installs dovecot-imapd")
    root = Path(tempfile.mkdtemp(prefix="reclam-dovecot-"))
    try:
        os.chmod(root, 0o755)
        for sub in ("run", "state", "mail"):
            (root / sub).mkdir()
        cert, key = self_signed(root, "localhost")
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
        if os.getuid() == 0:
            mail = pwd.getpwnam("dovecot")
            os.chown(root / "mail", mail.pw_uid, mail.pw_gid)
            os.chmod(key, 0o644)
        imap_port, imaps_port = free_port(), free_port()
        (root / "dovecot.conf").write_text(_conf(root, imap_port, imaps_port, cert, key),
                                           encoding="utf-8")
        server = Dovecot(root, imap_port, imaps_port, cert)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
