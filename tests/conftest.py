"""Shared fixtures: a fresh home (workspace) per test, with the shipped configuration."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS_REAL = REPO.parent / "shared" / "corpus-real"


def make_home(root: Path, **processing: object) -> Path:
    """A home with the shipped config, its [traitement] values overridden."""
    (root / "config").mkdir(parents=True, exist_ok=True)
    text = (REPO / "config" / "cabinet.toml").read_text(encoding="utf-8")
    values = {"delai_stabilite_s": 0, "intervalle_rescan_s": 1, "travailleurs": 2, **processing}
    for key, value in values.items():
        rendered = f'"{value}"' if isinstance(value, str) else str(value)
        text, n = re.subn(rf"(?m)^{key}\s*=.*$", f"{key} = {rendered}", text)
        assert n == 1, key
    (root / "config" / "cabinet.toml").write_text(text, encoding="utf-8")
    if (REPO / "config" / "registre").is_dir():
        shutil.copytree(REPO / "config" / "registre", root / "config" / "registre",
                        dirs_exist_ok=True)
    for folder in ("inbox", "outbox", "reports"):
        (root / folder).mkdir(exist_ok=True)
    return root


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return make_home(tmp_path / "home")
