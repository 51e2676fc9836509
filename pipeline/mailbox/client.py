"""The one module that speaks IMAP: a session on one `[[boites_mail]]` mailbox.

Stdlib `imaplib` over `ssl` (implicit TLS or STARTTLS; the certificate and the host name are
always verified, against the system's CAs or `certificat_ca`). Login with the password, or
XOAUTH2 with a bearer token (Microsoft 365, Gmail). Messages are read with ``BODY.PEEK[]``
(never marking them seen) and, once recorded, moved with ``UID MOVE`` (RFC 6851) to the
processed folder, or flagged in place with the keyword ``$ReclamTraite``. A server without
MOVE gets ``UID COPY`` then the keyword: the original stays where it was, never flagged
``\\Deleted``. Nothing here ever deletes or expunges.

Every failure becomes a `MailboxError` whose `reason` is one French sentence for the mail
room; the fetch stage catches it once per mailbox.
"""

from __future__ import annotations

import base64
import contextlib
import email
import email.header
import errno
import imaplib
import logging
import os
import re
import socket
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from pipeline.settings import Mailbox, MailTls

log = logging.getLogger(__name__)

PROCESSED_KEYWORD = "$ReclamTraite"
TIMEOUT_S = 30.0


class MailboxError(Exception):
    """A mailbox cannot be read now; `reason` says why, in French, for the mail room."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class MessageInfo:
    uid: int
    size: int
    received: datetime  # the server's INTERNALDATE (when it received the message)


# -- folder names: IMAP's modified UTF-7 (RFC 3501, 5.1.3) ------------------------------------

def encode_folder(name: str) -> str:
    """« Traité » as the server spells it: ``Trait&AOk-``."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def decode_folder(name: str) -> str:
    def one(match: re.Match[str]) -> str:
        body = match.group(1)
        if not body:
            return "&"
        raw = body.replace(",", "/")
        return base64.b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-16-be")

    return re.sub(r"&([A-Za-z0-9+,]*)-", one, name)


def _quoted(folder: str) -> str:
    encoded = encode_folder(folder)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uid_set(uids: Iterable[int]) -> str:
    """``1:5,7,9:12``: consecutive UIDs as ranges, to keep commands short."""
    ordered = sorted(set(uids))
    parts: list[str] = []
    start = prev = ordered[0]
    for uid in ordered[1:] + [-1]:
        if uid == prev + 1:
            prev = uid
            continue
        parts.append(str(start) if start == prev else f"{start}:{prev}")
        start = prev = uid
    return ",".join(parts)


# -- French for what the system and the TLS library say -----------------------------------

_VERIFY = {  # OpenSSL's X509 verification codes the mail room may meet
    10: "certificat expiré", 18: "certificat auto-signé",
    19: "chaîne signée par une autorité inconnue", 20: "autorité de certification inconnue",
    21: "autorité de certification inconnue", 62: "le certificat n'est pas au nom de ce serveur",
}


def network_problem(exc: OSError) -> str:
    """« connexion refusée », « nom de serveur inconnu »…: the system's error in French."""
    if isinstance(exc, socket.gaierror):
        return "nom de serveur inconnu : vérifiez « serveur » et le réseau"
    if isinstance(exc, ConnectionRefusedError):
        return "connexion refusée : aucun service IMAP sur ce port"
    if isinstance(exc, ConnectionResetError):
        return "connexion coupée par le serveur"
    if isinstance(exc, TimeoutError):
        return "pas de réponse du serveur"
    if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "réseau ou serveur inaccessible"
    return f"erreur réseau ({exc.strerror or exc})"


def _file_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "introuvable"
    if isinstance(exc, PermissionError):
        return "illisible (droits insuffisants)"
    return f"illisible ({exc.strerror or exc})"


def server_said(exc: imaplib.IMAP4.error) -> str:
    text = exc.args[0] if exc.args else ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).strip()


# -- the secret ---------------------------------------------------------------------------

def read_secret(box: Mailbox, home: Path) -> str:
    """The password or token, read now (a token file rotated by another program is re-read
    at each poll). Never logged."""
    key = box.secret_keys[0]
    if key.endswith("_env"):
        variable = box.password_env or box.token_env or ""
        value = os.environ.get(variable, "").strip()
        if not value:
            raise MailboxError(f"la variable d'environnement {variable} ({key}) est absente ou "
                               "vide : définissez-la pour le compte qui lance reclam")
        return value
    path = home / (box.password_file or box.token_file or "")
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise MailboxError(f"le fichier du secret {path} ({key}) est {_file_problem(exc)} : "
                           "vérifiez son chemin et ses droits") from None
    if not value:
        raise MailboxError(f"le fichier du secret {path} ({key}) est vide")
    return value


# -- the session --------------------------------------------------------------------------

def _ok(answer: tuple[str, Sequence[object]], what: str) -> list[object]:
    typ, data = answer[0], list(answer[1])
    if typ != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
        raise MailboxError(f"le serveur a refusé {what} ({detail or typ})")
    return data


class ImapSession:
    """One connection, logged in; a context manager that always logs out."""

    def __init__(self, box: Mailbox, home: Path, timeout: float | None = None) -> None:
        self.box = box
        self.home = home
        self.timeout = timeout or TIMEOUT_S
        self.capabilities: set[str] = set()
        self._conn: imaplib.IMAP4 | None = None

    @property
    def conn(self) -> imaplib.IMAP4:
        assert self._conn is not None, "the session is not open"
        return self._conn

    def __enter__(self) -> ImapSession:
        secret = read_secret(self.box, self.home)
        self._conn = self._connect()
        try:
            self._login(secret)
            caps = _ok(self.conn.capability(), "la liste de ses capacités")
            self.capabilities = {c.upper() for c in b" ".join(
                d for d in caps if isinstance(d, bytes)).decode("ascii", "replace").split()}
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.logout()
        except (OSError, imaplib.IMAP4.error):
            with contextlib.suppress(OSError):
                self._conn.shutdown()
        self._conn = None

    def _connect(self) -> imaplib.IMAP4:
        box = self.box
        where = f"{box.host}:{box.port_number}"
        try:
            context = ssl.create_default_context(
                cafile=str(self.home / box.ca_file) if box.ca_file else None)
        except (OSError, ssl.SSLError) as exc:
            problem = _file_problem(exc) if isinstance(exc, OSError) and not isinstance(
                exc, ssl.SSLError) else "illisible (ce n'est pas un certificat PEM)"
            raise MailboxError(f"le certificat d'autorité {box.ca_file} (certificat_ca) est "
                               f"{problem}") from None
        try:
            if box.tls == MailTls.IMPLICIT:
                return imaplib.IMAP4_SSL(box.host, box.port_number, ssl_context=context,
                                         timeout=self.timeout)
            conn = imaplib.IMAP4(box.host, box.port_number, timeout=self.timeout)
            if "STARTTLS" not in conn.capabilities:
                conn.shutdown()
                raise MailboxError(f"le serveur {where} ne propose pas STARTTLS : la connexion "
                                   "n'est pas chiffrée, reclam refuse de s'y connecter "
                                   "(essayez tls = \"implicite\" et le port 993)")
            conn.starttls(context)
            return conn
        except ssl.SSLCertVerificationError as exc:
            why = _VERIFY.get(exc.verify_code, exc.verify_message)
            raise MailboxError(
                f"certificat du serveur {where} refusé ({why}) : la connexion "
                "n'est pas sûre ; vérifiez le nom du serveur, ou donnez le certificat de "
                "l'autorité interne dans « certificat_ca »") from None
        except ssl.SSLError as exc:
            raise MailboxError(f"échec de la négociation TLS avec {where} ({exc.reason}) : "
                               "vérifiez « tls » (implicite ou starttls) et « port »") from None
        except TimeoutError:
            raise MailboxError(f"serveur {where} injoignable (pas de réponse en "
                               f"{self.timeout:.0f} s ; vérifiez aussi « tls » et « port »)"
                               ) from None
        except OSError as exc:
            raise MailboxError(f"serveur {where} injoignable ({network_problem(exc)})") from None
        except imaplib.IMAP4.error as exc:
            raise MailboxError(f"le serveur {where} ne parle pas IMAP comme attendu "
                               f"({exc})") from None

    def _login(self, secret: str) -> None:
        box = self.box
        try:
            if box.token_file or box.token_env:
                sent: list[bool] = []

                def answer(challenge: bytes) -> bytes:
                    if sent:  # the server's error detail: end the exchange
                        return b""
                    sent.append(True)
                    return f"user={box.user}\x01auth=Bearer {secret}\x01\x01".encode()

                self.conn.authenticate("XOAUTH2", answer)
            elif box.user.isascii() and secret.isascii():
                self.conn.login(box.user, secret)
            else:  # LOGIN is ASCII only: SASL PLAIN carries UTF-8 (RFC 4616)
                plain = b"\0" + box.user.encode() + b"\0" + secret.encode()
                self.conn.authenticate("PLAIN", lambda challenge: plain)
        except imaplib.IMAP4.abort as exc:
            raise MailboxError("connexion perdue pendant l'identification (réponse du serveur : "
                               f"{server_said(exc)})") from None
        except imaplib.IMAP4.error as exc:
            what = "jeton OAuth2" if box.token_file or box.token_env else "mot de passe"
            raise MailboxError(f"identifiant ou {what} refusé pour {box.user} (réponse du "
                               f"serveur : {server_said(exc)}) : vérifiez "
                               f"{box.secret_keys[0]}") from None

    def folders(self) -> list[str]:
        data = _ok(self.conn.list(), "la liste des dossiers")
        names = []
        for line in data:
            if isinstance(line, bytes):
                found = re.match(rb'\(.*?\) (?:"[^"]*"|NIL) (.*)$', line)
                if found:
                    names.append(decode_folder(found[1].decode("ascii", "replace").strip('"')))
        return names

    def open_folder(self, folder: str) -> int:
        """Select `folder` (read-write, to move from it); returns its UIDVALIDITY."""
        typ, _ = self.conn.select(_quoted(folder))
        if typ != "OK":
            present = ", ".join(f"« {f} »" for f in self.folders())
            raise MailboxError(f"le dossier « {folder} » n'existe pas sur le serveur (renommé "
                               f"ou supprimé ?) ; dossiers présents : {present} ; corrigez "
                               "« dossier » dans config/cabinet.toml")
        _, values = self.conn.response("UIDVALIDITY")
        if not values or not isinstance(values[0], bytes):
            raise MailboxError(f"le serveur ne donne pas l'UIDVALIDITY du dossier « {folder} »")
        return int(values[0])

    def unprocessed_uids(self) -> list[int]:
        """The folder's messages not flagged as processed, oldest first."""
        data = _ok(self.conn.uid("SEARCH", "UNKEYWORD", PROCESSED_KEYWORD), "la recherche")
        found = b" ".join(d for d in data if isinstance(d, bytes))
        return sorted(int(n) for n in found.split())

    def infos(self, uids: list[int]) -> list[MessageInfo]:
        data = _ok(self.conn.uid("FETCH", uid_set(uids), "(UID RFC822.SIZE INTERNALDATE)"),
                   "la lecture des messages")
        out = []
        for line in data:
            text = line[0] if isinstance(line, tuple) else line
            if not isinstance(text, bytes):
                continue
            uid = re.search(rb"UID (\d+)", text)
            size = re.search(rb"RFC822\.SIZE (\d+)", text)
            when = re.search(rb'INTERNALDATE "([^"]+)"', text)
            if uid and size and when:
                received = datetime.strptime(when[1].decode().strip(), "%d-%b-%Y %H:%M:%S %z")
                out.append(MessageInfo(int(uid[1]), int(size[1]), received))
        return out

    def bodies(self, uids: list[int]) -> dict[int, bytes]:
        """The exact bytes of each message (``BODY.PEEK[]``: not marked as read)."""
        data = _ok(self.conn.uid("FETCH", uid_set(uids), "(UID BODY.PEEK[])"),
                   "la lecture des messages")
        out: dict[int, bytes] = {}
        for i, part in enumerate(data):
            if not isinstance(part, tuple) or len(part) != 2:
                continue
            head, body = part
            uid = re.search(rb"UID (\d+)", head)
            after = data[i + 1] if i + 1 < len(data) else b""
            if uid is None and isinstance(after, bytes):
                uid = re.search(rb"UID (\d+)", after)
            if uid is not None and isinstance(body, bytes):
                out[int(uid[1])] = body
        return out

    def summary(self, uid: int) -> str:
        """« de X, objet Y » for a message the mail room must find by hand."""
        data = _ok(self.conn.uid("FETCH", str(uid),
                                 "(BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])"), "la lecture")
        raw = next((p[1] for p in data if isinstance(p, tuple)), b"")
        message = email.message_from_bytes(raw if isinstance(raw, bytes) else b"")

        def field(name: str) -> str:
            value = message.get(name, "")
            return str(email.header.make_header(email.header.decode_header(value)))[:80]

        return f"de {field('From') or '?'}, objet « {field('Subject')} »"

    def ensure_folder(self, folder: str) -> None:
        """Create the processed folder when the server has none of that name."""
        data = _ok(self.conn.list('""', _quoted(folder)), "la liste des dossiers")
        if any(isinstance(d, bytes) for d in data):
            return
        _ok(self.conn.create(_quoted(folder)), f"de créer le dossier « {folder} »")
        log.info("%s: created folder %r", self.box.name, folder)

    def move(self, uids: list[int], folder: str) -> str:
        """Move to `folder`; returns the state recorded: ``deplace``, or ``copie`` on a server
        without MOVE (copied, then flagged with the keyword; never deleted)."""
        if "MOVE" in self.capabilities:
            _ok(self.conn.uid("MOVE", uid_set(uids), _quoted(folder)),
                f"de déplacer des messages vers « {folder} »")
            return "deplace"
        _ok(self.conn.uid("COPY", uid_set(uids), _quoted(folder)),
            f"de copier des messages vers « {folder} »")
        self.flag(uids)
        return "copie"

    def flag(self, uids: list[int]) -> str:
        _ok(self.conn.uid("STORE", uid_set(uids), "+FLAGS.SILENT", f"({PROCESSED_KEYWORD})"),
            f"de marquer des messages ({PROCESSED_KEYWORD})")
        return "marque"
