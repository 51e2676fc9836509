"""The folders of one installation (its *home*), per spec/workspace.md.

    config/cabinet.toml   config/registre/   inbox/   outbox/   reports/
    quarantaine/          files that could not be processed, each beside its reason
    var/                  runtime state (configurable: [traitement] dossier_etat)
      journal.sqlite3     the journal: every item's state and the audit log
      work/               files taken from inbox/ while they are processed
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "RECLAM_HOME"


def resolve_home(explicit: str | os.PathLike[str] | None) -> Path:
    """--home, else $RECLAM_HOME, else the repository root (where config/ lives), else cwd."""
    if explicit:
        return Path(explicit).resolve()
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).resolve()
    repo_root = Path(__file__).resolve().parents[1]
    if (repo_root / "config" / "cabinet.toml").is_file():
        return repo_root
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Workspace:
    home: Path
    state_dir_name: str = "var"

    @property
    def config_file(self) -> Path:
        return self.home / "config" / "cabinet.toml"

    @property
    def client_register_dir(self) -> Path:
        return self.home / "config" / "registre"

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def outbox(self) -> Path:
        return self.home / "outbox"

    @property
    def quarantine(self) -> Path:
        return self.home / "quarantaine"

    @property
    def reports(self) -> Path:
        return self.home / "reports"

    @property
    def state(self) -> Path:
        return self.home / self.state_dir_name

    @property
    def work(self) -> Path:
        return self.state / "work"

    @property
    def journal_file(self) -> Path:
        return self.state / "journal.sqlite3"

    def ensure(self) -> None:
        for folder in (self.inbox, self.outbox, self.quarantine, self.reports, self.work):
            folder.mkdir(parents=True, exist_ok=True)

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.home).as_posix()
