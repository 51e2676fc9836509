"""Intake: which files in inbox/ are ready, and taking them.

A file is taken only when it is final and complete:
- its name is not hidden or temporary (``.x``, ``~$x``, ``x.part``, ``x.tmp``…);
- its size and mtime have not changed for the stability delay, as observed here
  (a copy that preserves timestamps still changes size);
- its format looks complete (a PDF ends with ``%%EOF``, a PNG with ``IEND``, a JPEG
  with its end marker); a file that never completes is taken after a longer wait
  and then quarantined as truncated by the text stage.

Taking a file renames it into ``var/work/<token>__<name>`` first, then records it in
the journal. A crash between the two leaves an orphan in work/ that `orphans()`
finds on restart, so no file is ever lost between inbox/ and the journal. A message
read from a mailbox (`pipeline.mailbox.fetch`) is written into work/ under the same
`work_name` and recorded by the same `journal_taken`, its mtime the server's INTERNALDATE.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import secrets
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from pipeline import clock
from pipeline.entry import MAX_ENTRY_BYTES, entry_channel
from pipeline.errors import os_reason
from pipeline.journal import Journal
from pipeline.journal_model import Claim
from pipeline.mailbox import ledger
from pipeline.record import Channel, Item, Source
from pipeline.safe_files import (
    NotRegularFile,
    fitting_name,
    kind_of,
    move_original,
    open_regular,
)
from pipeline.sniff import sniff
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

TEMPORARY_SUFFIXES = {".part", ".partial", ".tmp", ".temp", ".crdownload", ".download",
                      ".filepart", ".swp", ".lock"}
SYSTEM_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}
EMAIL_KINDS = {"eml", "msg", "tnef"}
SNIFF_BYTES = 8192


def is_waiting_name(name: str) -> bool:
    """Hidden, temporary and system names wait in inbox/ until renamed."""
    lower = name.lower()
    return (
        name.startswith((".", "~$", "~"))
        or Path(lower).suffix in TEMPORARY_SUFFIXES
        or lower in SYSTEM_NAMES
    )


def looks_complete(path: Path) -> bool:
    """True unless the file's own format says it is still being written."""
    try:
        fd = open_regular(path)
        with os.fdopen(fd, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(8)
            f.seek(max(0, size - 2048))
            tail = f.read()
    except OSError:
        return False
    if b"%PDF" in head or head.startswith(b"\xef\xbb\xbf%PDF"):
        return b"%%EOF" in tail
    if head.startswith(b"\x89PNG"):
        return b"IEND" in tail[-64:]
    if head.startswith(b"\xff\xd8"):
        return b"\xff\xd9" in tail
    return True


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float


class InboxTracker:
    """Remembers what it saw in inbox/ and says which files are ready to take."""

    def __init__(self, inbox: Path, stable_s: float, give_up_s: float | None = None) -> None:
        self.inbox = inbox
        self.stable_s = stable_s
        self.give_up_s = give_up_s if give_up_s is not None else max(1.0, 12 * stable_s)
        self._seen: dict[Path, _Seen] = {}
        self.refused: dict[Path, str] = {}  # not regular files: never opened (see report)

    def candidates(self) -> list[Path]:
        """Regular files that may be taken, oldest first (the first drop of some bytes is
        the item). Links are never followed (a linked folder is not walked); a link, a FIFO,
        a socket or a device is left in place, untouched, and listed in `refused`."""
        found: list[tuple[float, str, Path]] = []
        refused: dict[Path, str] = {}
        for root, dirs, files in os.walk(self.inbox, followlinks=False):
            for name in [d for d in dirs if os.path.islink(os.path.join(root, d))]:
                refused[Path(root) / name] = "lien symbolique"
            dirs[:] = [d for d in dirs if not is_waiting_name(d)
                       and not os.path.islink(os.path.join(root, d))]
            for name in files:
                if is_waiting_name(name):
                    continue
                path = Path(root) / name
                try:
                    st = os.lstat(path)
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    found.append((st.st_mtime, path.as_posix(), path))
                else:
                    refused[path] = kind_of(st.st_mode)
        self.refused = refused
        return [path for *_, path in sorted(found)]

    def ready(self) -> list[Path]:
        """Files unchanged for the stability delay (and complete, or waited on long enough)."""
        now = time.monotonic()
        ready: list[Path] = []
        current = self.candidates()
        for path in current:
            try:
                st = os.lstat(path)
            except OSError:
                continue
            seen = self._seen.get(path)
            if seen is None or (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
                self._seen[path] = _Seen(st.st_size, st.st_mtime_ns, now)
                if self.stable_s > 0:
                    continue
                seen = self._seen[path]
            waited = now - seen.since
            if waited >= self.stable_s and (looks_complete(path) or waited >= self.give_up_s):
                ready.append(path)
        still = set(current)
        self._seen = {p: s for p, s in self._seen.items() if p in still}
        return ready

    def waiting(self) -> int:
        """How many files are seen but not yet ready."""
        return len(self._seen)

    def waiting_files(self) -> list[Path]:
        """The files seen but not yet ready (being copied, or waiting out the delay)."""
        return list(self._seen)

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)


def work_name(token: str, source_file: str) -> str:
    """`<token>__<name, %-encoded>`, cut to fit the file system's name limit (a long name
    keeps its full spelling in the journal; only an orphan recovered after a crash would
    show the cut one)."""
    return fitting_name(f"{token}__{quote(source_file, safe='')}")


def parse_work_name(name: str) -> tuple[str, str]:
    token, _, encoded = name.partition("__")
    return token, unquote(encoded)


def take(path: Path, ws: Workspace) -> tuple[Path, str]:
    """Move one ready file from inbox/ into work/ (pipeline.safe_files: never a link,
    never a shared inode); returns its work path and its name in inbox/."""
    source_file = path.relative_to(ws.inbox).as_posix()
    os.close(open_regular(path))  # readable, and a regular file: else it waits in inbox/
    work_path = ws.work / work_name(secrets.token_hex(6), source_file)
    move_original(path, work_path)
    return work_path, source_file


def refusal(exc: OSError) -> str:
    """Why a file could not be taken, in French, for the mail room (it waits in inbox/)."""
    if isinstance(exc, NotRegularFile):
        return f"{exc.kind} : non suivi, laissé en place sans y toucher ; déposez le fichier lui-même"
    if isinstance(exc, PermissionError):
        return ("illisible (droits insuffisants) : le fichier attend dans inbox/ ; "
                "donnez-lui le droit de lecture")
    if exc.errno == errno.ENAMETOOLONG:
        return "nom de fichier trop long : renommez-le plus court"
    return (f"erreur système ({os_reason(exc, with_file=False)}) : le fichier attend dans inbox/ "
            "et sera repris au prochain passage")


def shown(name: str) -> str:
    """A file name as printed on one console line: control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def journal_taken(work_path: Path, ws: Workspace, journal: Journal,
                  source_file: str | None = None) -> Claim:
    """Record a file that lies in work/ (just taken, or an orphan after a crash)."""
    token, named = parse_work_name(work_path.name)
    source_file = source_file or named
    with os.fdopen(open_regular(work_path), "rb") as f:
        st = os.fstat(f.fileno())
        kind = sniff(f.read(SNIFF_BYTES)) if st.st_size else "empty"
    sha = sha256_of(work_path)
    channel = _channel(kind, work_path)

    def new_item(item_id: str) -> Item:
        return Item(
            source=Source(
                id=item_id,
                source_file=source_file,
                sha256=sha,
                received_at=clock.iso(clock.from_timestamp(st.st_mtime)),
                taken_at=clock.iso(clock.now()),
                channel=channel,
                size=st.st_size,
                kind=kind,
                mailbox=mailbox,
            )
        )

    mailbox = ledger.mailbox_of(journal, token)  # a message read from a mailbox, or a file
    claim = journal.record_drop(token, source_file, sha, ws.relative(work_path), new_item)
    log.info("%s: took %s (%s)", claim.item_id, token, kind)
    return claim


def _channel(kind: str, work_path: Path) -> Channel:
    """Email or letter from the format; an entry file's own `canal` (web form when unreadable:
    the text stage then quarantines it with the reason)."""
    if kind in EMAIL_KINDS:
        return Channel.EMAIL
    if kind == "saisie":
        with os.fdopen(open_regular(work_path), "rb") as f:
            canal = entry_channel(f.read(MAX_ENTRY_BYTES + 1))
        return Channel(canal) if canal else Channel.WEB_FORM
    return Channel.LETTER


def orphans(ws: Workspace, journal: Journal) -> Iterable[Path]:
    """Files in work/ that the journal does not know (a crash after the rename)."""
    known = journal.known_tokens()
    for path in sorted(ws.work.iterdir()):
        if path.name.startswith("."):
            path.unlink()  # an unfinished copy: its source is still in inbox/, taken again
        elif path.is_file() and "__" in path.name and parse_work_name(path.name)[0] not in known:
            yield path
