"""The folders of one installation (its *home*), per spec/workspace.md.

    config/cabinet.toml   config/registre/   inbox/   outbox/   reports/
    quarantaine/          files that could not be processed, each beside its reason
    var/                  runtime state (configurable: [traitement] dossier_etat)
      journal.sqlite3     the journal: every item's state and the audit log
      work/               files taken from inbox/ while they are processed
      reclam.lock         held (flock) by the one run that may write the home
      log/reclam.log      the developers' log, Paris time, rotated (pipeline/logs.py)
      cache/              what is built from the client register (pipeline/register_cache.py)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import SetupError

HOME_ENV = "RECLAM_HOME"


def resolve_home(explicit: str | os.PathLike[str] | None) -> Path:
    """--home, else the default home (`default_home`)."""
    if explicit:
        return Path(explicit).resolve()
    return default_home()[0]


def default_home() -> tuple[Path, str]:
    """The home when --home is not given, and where it comes from: $RECLAM_HOME
    (``"env"``), else the repository root when it holds config/cabinet.toml
    (``"repository"``), else the current folder (``"cwd"``)."""
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).resolve(), "env"
    repo_root = Path(__file__).resolve().parents[1]
    if (repo_root / "config" / "cabinet.toml").is_file():
        return repo_root, "repository"
    return Path.cwd().resolve(), "cwd"


@dataclass(frozen=True)
class Workspace:
    """The paths of one home; `state_dir_name` is `[traitement] dossier_etat` (spec/cabinet.md)."""

    home: Path
    state_dir_name: str = "var"
    config_file: Path = field(init=False)  # config/cabinet.toml
    client_register_dir: Path = field(init=False)  # config/registre/
    inbox: Path = field(init=False)
    outbox: Path = field(init=False)
    quarantine: Path = field(init=False)  # quarantaine/
    reports: Path = field(init=False)
    state: Path = field(init=False)  # var/, or the configured state folder
    work: Path = field(init=False)  # <state>/work/
    journal_file: Path = field(init=False)  # <state>/journal.sqlite3
    lock_file: Path = field(init=False)  # <state>/reclam.lock
    log_file: Path = field(init=False)  # <state>/log/reclam.log
    cache: Path = field(init=False)  # <state>/cache/

    def __post_init__(self) -> None:
        state = self.home / self.state_dir_name
        paths = {
            "config_file": self.home / "config" / "cabinet.toml",
            "client_register_dir": self.home / "config" / "registre",
            "inbox": self.home / "inbox", "outbox": self.home / "outbox",
            "quarantine": self.home / "quarantaine", "reports": self.home / "reports",
            "state": state, "work": state / "work",
            "journal_file": state / "journal.sqlite3", "lock_file": state / "reclam.lock",
            "log_file": state / "log" / "reclam.log",
            "cache": state / "cache",
        }
        for name, path in paths.items():
            object.__setattr__(self, name, path)  # a frozen dataclass's computed fields

    def ensure(self) -> None:
        for folder in (self.inbox, self.outbox, self.quarantine, self.reports, self.work):
            folder.mkdir(parents=True, exist_ok=True)

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.home).as_posix()


@contextlib.contextmanager
def exclusive_run(ws: Workspace) -> Iterator[None]:
    """One run per home: an advisory lock (flock) on the state folder's lock file, held for
    the whole run and released by the kernel whatever way the process ends. A second run
    stops at once with a French message; commands that only read need no lock."""
    ws.state.mkdir(parents=True, exist_ok=True)
    fd = os.open(ws.lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise SetupError(
                f"un traitement est déjà en cours sur ce dossier (processus {holder}) : "
                "attendez qu'il se termine, ou arrêtez-le (Ctrl-C ou kill), puis relancez."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def one_writer(folder: Path) -> Iterator[None]:
    """Writers of one folder's files (the daily registers: the run and `reclam register`)
    take turns: a blocking advisory lock on the folder itself, released by the kernel
    however the holder ends. No lock file is left for the users to see."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)

