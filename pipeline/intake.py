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
finds on restart, so no file is ever lost between inbox/ and the journal.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from pipeline import clock
from pipeline.journal import Claim, Journal
from pipeline.record import Channel, Item, Source
from pipeline.text.entry import MAX_ENTRY_BYTES, entry_channel
from pipeline.text.sniff import sniff
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

TEMPORARY_SUFFIXES = {".part", ".partial", ".tmp", ".temp", ".crdownload", ".download",
                      ".filepart", ".swp", ".lock"}
SYSTEM_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}
EMAIL_KINDS = {"eml", "msg", "tnef"}
SNIFF_BYTES = 8192
PARTIAL_COPY = ".copie-en-cours"  # a cross-device copy not finished: the source still exists


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
        size = path.stat().st_size
        with path.open("rb") as f:
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

    def candidates(self) -> list[Path]:
        """Files that may be taken, oldest first (the first drop of some bytes is the item)."""
        found: list[tuple[float, str, Path]] = []
        for root, dirs, files in os.walk(self.inbox):
            dirs[:] = [d for d in dirs if not is_waiting_name(d)]
            for name in files:
                if is_waiting_name(name):
                    continue
                path = Path(root) / name
                with contextlib.suppress(OSError):
                    found.append((path.stat().st_mtime, path.as_posix(), path))
        return [path for *_, path in sorted(found)]

    def ready(self) -> list[Path]:
        """Files unchanged for the stability delay (and complete, or waited on long enough)."""
        now = time.monotonic()
        ready: list[Path] = []
        current = self.candidates()
        for path in current:
            try:
                st = path.stat()
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
        self._seen = {p: s for p, s in self._seen.items() if p in set(current)}
        return ready

    def waiting(self) -> int:
        """How many files are seen but not yet ready."""
        return len(self._seen)

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)


def _work_name(token: str, source_file: str) -> str:
    return f"{token}__{quote(source_file, safe='')}"


def parse_work_name(name: str) -> tuple[str, str]:
    token, _, encoded = name.partition("__")
    return token, unquote(encoded)


def _move(src: Path, dst: Path) -> None:
    """Rename, or copy and remove across file systems (a network inbox)."""
    try:
        os.rename(src, dst)
    except OSError as exc:
        if exc.errno != 18:  # EXDEV
            raise
        tmp = dst.with_name(dst.name + PARTIAL_COPY)
        shutil.copyfile(src, tmp)
        with tmp.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dst)
        src.unlink()


def take(path: Path, ws: Workspace) -> Path:
    """Move one ready file from inbox/ into work/; returns its work path."""
    source_file = path.relative_to(ws.inbox).as_posix()
    work_path = ws.work / _work_name(secrets.token_hex(6), source_file)
    _move(path, work_path)
    return work_path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def register(work_path: Path, ws: Workspace, journal: Journal) -> Claim:
    """Record a file that lies in work/ (just taken, or an orphan after a crash)."""
    token, source_file = parse_work_name(work_path.name)
    st = work_path.stat()
    with work_path.open("rb") as f:
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
            )
        )

    claim = journal.record_drop(token, source_file, sha, ws.relative(work_path), new_item)
    log.info("%s: took %s (%s)", claim.item_id, token, kind)
    return claim


def _channel(kind: str, work_path: Path) -> Channel:
    """Email or letter from the format; an entry file's own `canal` (web form when unreadable:
    the text stage then quarantines it with the reason)."""
    if kind in EMAIL_KINDS:
        return Channel.EMAIL
    if kind == "saisie":
        with work_path.open("rb") as f:
            canal = entry_channel(f.read(MAX_ENTRY_BYTES + 1))
        return Channel(canal) if canal else Channel.WEB_FORM
    return Channel.LETTER


def orphans(ws: Workspace, journal: Journal) -> Iterable[Path]:
    """Files in work/ that the journal does not know (a crash after the rename)."""
    known = journal.known_tokens()
    for path in sorted(ws.work.iterdir()):
        if path.name.endswith(PARTIAL_COPY):
            path.unlink()  # its source is still in inbox/ and will be taken again
        elif path.is_file() and "__" in path.name and parse_work_name(path.name)[0] not in known:
            yield path
