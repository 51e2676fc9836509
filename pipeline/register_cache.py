"""The client register's look-ups, built once and kept in the state folder (`var/cache/`).

With 100 000 clients, loading the register's files and building its index takes tens of
seconds; every start would pay it. `register_lookups(ws, settings)` returns what the
stages build from the register (the register itself, the match stage's `ClientIndex`,
the understand stage's `RegisterNames`) from a pickle in `<state>/cache/`, keyed by a
hash of:

- the bytes of every file of `config/registre/` (a changed, added or removed file),
- the settings, but for `[traitement]` (the register's columns, staff and organisations
  shape its rows; a worker of a cluster gets the parent's: `pipeline.cluster`),
- the product's own sources (`pipeline/**/*.py`) and `CACHE_VERSION`, so that a new
  version of the code never reads an old build.

A key that differs, a missing, truncated or unreadable cache file: the look-ups are
built from the files as before and the cache is written again (atomically, `swap_in`);
never an error for the user, one log line. The cache holds nothing the register's files
do not: it lives in the state folder, which only the product writes.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import pickle
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from pipeline.client_register import ClientRegister
from pipeline.client_register_load import load_client_register
from pipeline.matching.index import ClientIndex
from pipeline.safe_files import swap_in
from pipeline.settings import Processing, Settings
from pipeline.understand.register_names import RegisterNames
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

CACHE_VERSION = 1  # bump when what is pickled changes shape without a source change
CACHE_NAME = "registre-client.pickle"
_MAGIC = b"reclam-register-cache\n"
_SOURCES = Path(__file__).resolve().parent  # pipeline/


@dataclass(frozen=True)
class RegisterLookups:
    """What the stages build from the client register, once."""

    register: ClientRegister
    index: ClientIndex
    names: RegisterNames


def build_lookups(ws: Workspace, settings: Settings) -> RegisterLookups:
    register = load_client_register(ws.client_register_dir, settings)
    return RegisterLookups(register, ClientIndex.build(register),
                           RegisterNames.of(register.clients.values()))


def cache_key(ws: Workspace, settings: Settings) -> str:
    """The hash the cache is valid for (see the module's docstring)."""
    digest = hashlib.sha256(f"{CACHE_VERSION} {sys.version_info[:2]}\n".encode())
    digest.update(repr(replace(settings, source="", processing=Processing())).encode())
    folder = ws.client_register_dir
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    for label, paths in (("register", files), ("code", sorted(_SOURCES.rglob("*.py")))):
        for path in paths:
            name = path.name if label != "code" else path.relative_to(_SOURCES).as_posix()
            digest.update(f"{label}:{name}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_path(ws: Workspace) -> Path:
    return ws.cache / CACHE_NAME


def register_lookups(ws: Workspace, settings: Settings,
                     key: str | None = None) -> RegisterLookups:
    """The look-ups from the cache when it is valid for the register's files, else built
    from them (and cached); `key`: `cache_key` when the caller has just computed it."""
    key = key or cache_key(ws, settings)
    path = cache_path(ws)
    cached = _read(path, key)
    if cached is not None:
        log.info("client register: look-ups read from %s", path)
        return cached
    lookups = build_lookups(ws, settings)
    try:
        _write(path, key, lookups)
    except OSError as exc:  # a read-only state folder costs the next start time, nothing else
        log.warning("client register: cache not written (%s): %s", path, exc)
    return lookups


def _read(path: Path, key: str) -> RegisterLookups | None:
    try:
        with path.open("rb") as f:
            head = f.read(len(_MAGIC) + len(key) + 1)
            if head != _MAGIC + key.encode() + b"\n":
                log.info("client register: cache out of date, rebuilding (%s)", path)
                return None
            lookups = _unpickle(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # truncated, garbled, unreadable: rebuilt, never an error
        log.warning("client register: cache unreadable, rebuilding (%s: %s)", path,
                    type(exc).__name__)
        return None
    if not isinstance(lookups, RegisterLookups):
        log.warning("client register: cache unreadable, rebuilding (%s)", path)
        return None
    return lookups


def _unpickle(f: BinaryIO) -> object:
    """pickle.load without the cyclic garbage collector, which would otherwise walk the
    million objects being made again and again (it halves the time); they live as long as
    the process, so they are then moved out of its sight (`gc.freeze`), which also keeps
    forked workers from touching, hence copying, their pages."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        loaded = pickle.load(f)
        gc.freeze()
        return loaded
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, key: str, lookups: RegisterLookups) -> None:
    def write(tmp: Path) -> None:
        with tmp.open("wb") as f:
            f.write(_MAGIC + key.encode() + b"\n")
            pickle.dump(lookups, f, protocol=pickle.HIGHEST_PROTOCOL)

    swap_in(path, write)
