"""Logging set-up, shared by the command line and the worker processes.

Log records are for developers and administrators: they go to the log file of the
state folder (`Workspace.log_file`, ``var/log/reclam.log``), never to the console, where
the mail room reads only the French lines it acts on (`pipeline.console`). Each line
carries its time in Paris time with its offset, its level, its logger and the id of the
item being processed (`item_scope`), so a warning from deep inside a reader still says
which item it is about. The file is rotated by size (`MAX_BYTES`, `BACKUPS` old files
kept) by the parent process alone; workers append to the same file and follow it when it
is rotated. A warning said once is not repeated by the same process (a follow-up
workbook's bad cell is read back after every batch). Letters' text never goes to logs;
personal numbers (IBAN, NIR, card) are masked in every line (`pipeline.privacy`).
Libraries' own warnings about odd files are noise (the item's outcome says what
matters): they show with --verbose only, which also copies the log to stderr.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import logging.handlers
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from pipeline import clock, privacy

MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(item_id)s] %(message)s"
REMEMBERED = 10_000  # warnings remembered per process, to say each once

_current_item: contextvars.ContextVar[str] = contextvars.ContextVar("item", default="-")
_log_file: Path | None = None  # set by `to_file`; inherited by forked workers
_verbose = False


class _ItemId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.item_id = _current_item.get()
        return True


class _Once(logging.Filter):
    """Drops a warning (or worse) this process has already written, word for word."""

    def __init__(self) -> None:
        super().__init__()
        self._said: set[tuple[str, int, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key = (record.name, record.levelno, record.getMessage())
        if key in self._said:
            return False
        if len(self._said) < REMEMBERED:
            self._said.add(key)
        return True


class ParisFormatter(logging.Formatter):
    """`FORMAT` with the time in Paris time (« 2026-12-04T21:07:31.234+01:00 »), whatever
    the machine's zone, and personal numbers masked."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, clock.PARIS).isoformat(
            timespec="milliseconds")

    def format(self, record: logging.LogRecord) -> str:
        return privacy.mask(super().format(record))


class SharedLogFile(logging.handlers.RotatingFileHandler):
    """A log file several processes append to: the one that rotates it (`max_bytes` > 0,
    the parent) renames it; the others (`max_bytes` 0, the workers) notice that the name
    now leads to another file and reopen it, as `WatchedFileHandler` does."""

    def __init__(self, path: Path, max_bytes: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(path, maxBytes=max_bytes, backupCount=BACKUPS, encoding="utf-8")

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is not None:
            try:
                named = os.stat(self.baseFilename)
                opened = os.fstat(self.stream.fileno())
                moved = (named.st_dev, named.st_ino) != (opened.st_dev, opened.st_ino)
            except OSError:
                moved = True
            if moved:
                self.stream.close()
                self.stream = None  # type: ignore[assignment]  # reopened by emit
        super().emit(record)


def _levels(verbose: bool) -> None:
    logging.getLogger().setLevel(logging.DEBUG if verbose else logging.ERROR)
    logging.getLogger("pipeline").setLevel(logging.DEBUG if verbose else logging.INFO)


def _handler(handler: logging.Handler) -> logging.Handler:
    handler.addFilter(_ItemId())
    handler.addFilter(_Once())
    handler.setFormatter(ParisFormatter(FORMAT))
    return handler


def setup(verbose: bool) -> None:
    """Before the home is known: nothing on the console (stderr too with --verbose)."""
    global _verbose, _log_file
    _verbose, _log_file = verbose, None
    handlers: list[logging.Handler] = [logging.NullHandler()]
    if verbose:
        handlers.append(_handler(logging.StreamHandler(sys.stderr)))
    logging.getLogger().handlers[:] = handlers
    _levels(verbose)


def to_file(path: Path) -> None:
    """From now on, this process logs to `path` (rotated by it), and so do the workers it
    forks (`in_worker`). A file that cannot be opened leaves logging as it was: logs
    must never stop the run."""
    global _log_file
    try:
        handler = _handler(SharedLogFile(path, MAX_BYTES))
    except OSError:
        return
    _log_file = path
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if isinstance(h, logging.StreamHandler)
                        and not isinstance(h, logging.FileHandler)] + [handler]


def in_worker() -> None:
    """In a forked worker: the parent's log file, appended to and never rotated here."""
    handlers: list[logging.Handler] = [logging.NullHandler()]
    if _verbose:
        handlers.append(_handler(logging.StreamHandler(sys.stderr)))
    if _log_file is not None:
        with contextlib.suppress(OSError):
            handlers.append(_handler(SharedLogFile(_log_file, 0)))
    logging.getLogger().handlers[:] = handlers
    _levels(_verbose)


@contextlib.contextmanager
def item_scope(item_id: str) -> Iterator[None]:
    token = _current_item.set(item_id)
    try:
        yield
    finally:
        _current_item.reset(token)
