"""Shared resources, built once and handed to the stages.

`load_installation` reads the home's configuration (validated once, before any file
is touched); `build_worker_context` builds what the workers need (the OCR engine, the
language model, the client register and its index) once, in the parent, before the
workers are forked: they share it instead of each loading the register again (and a
start after the first reads the register's look-ups from `pipeline.register_cache`). The
heavy models themselves load in each worker on first use (Tesseract's on the first
page, spaCy's on the first letter that needs it).
"""

from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.decide import Deciding
from pipeline.errors import SetupError
from pipeline.letters.drafts import Drafting
from pipeline.letters.templates import check_all
from pipeline.matching.index import ClientIndex
from pipeline.register_cache import cache_key, register_lookups
from pipeline.settings import Settings
from pipeline.settings_load import load_settings
from pipeline.text.extract import TextReader
from pipeline.text.model import TextLimits
from pipeline.text.ocr import OcrEngine
from pipeline.understand.stage import Reading, build_reading
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    """What the runner needs from the settings (picklable, handed to workers)."""

    workers: int
    stable_s: float
    rescan_s: float
    max_attempts: int
    item_timeout_s: float
    limits: TextLimits


@dataclass(frozen=True)
class WorkerContext:
    options: RunOptions
    reader: TextReader
    reading: Reading
    clients: ClientIndex
    deciding: Deciding
    register_key: str  # `register_cache.cache_key`: the register and program it was built from
    drafting: Drafting  # the letters' templates, checked: workers draft the letters owed


def load_installation(home: Path) -> tuple[Workspace, Settings]:
    ws = Workspace(home)
    if not ws.config_file.is_file():
        raise SetupError(f"configuration introuvable : {ws.config_file} (voir README)")
    settings = load_settings(ws.config_file)
    return Workspace(home, settings.processing.state_dir), settings


def check_worker_home(home: Path) -> None:
    """`reclam worker`'s home: it needs the client register there (the settings come from
    the parent's run); checked before Dask is imported."""
    register = Workspace(home).client_register_dir
    if register.is_dir():
        return
    if not (home / "config").is_dir():
        raise SetupError(f"{home} n'est pas un dossier de reclam (ni config/cabinet.toml ni "
                         "config/registre/) : donnez --home vers le dossier partagé du poste "
                         "principal, ou vers un dossier où vous avez copié son config/registre/")
    raise SetupError(f"registre client introuvable : {register} (copiez config/registre/ "
                     "du poste principal, ou donnez --home vers le dossier partagé)")


def run_options(settings: Settings) -> RunOptions:
    p = settings.processing
    limits = settings.text_limits()
    return RunOptions(
        workers=p.worker_count(),
        stable_s=p.stability_delay_s,
        rescan_s=p.rescan_interval_s,
        max_attempts=p.max_attempts,
        item_timeout_s=max(300.0, limits.ocr_timeout_s * 4),
        limits=limits,
    )


# Failure injection for tests (as OCRmyPDF's test plugins do): "module:function", a
# function taking the real TextReader and returning an object with the same interface.
READER_PLUGIN_ENV = "RECLAM_READER_PLUGIN"


def build_worker_context(ws: Workspace, settings: Settings, register_key: str | None = None,
                         drafting: Drafting | None = None) -> WorkerContext:
    """Environment problems stop the run here, before any file is touched (SetupError).
    Rows of the client register that cannot be used are reported, and the rest loads.
    `register_key`: the register's `cache_key`, when the caller has just computed it;
    `drafting`: the parent's templates, for a cluster worker (else this home's, checked:
    a bad template stops the run with its file and line)."""
    drafting = drafting or Drafting(settings, check_all(ws.home / settings.letters.templates_dir))
    options = run_options(settings)
    reader = TextReader(options.limits, OcrEngine(options.limits))
    plugin = os.environ.get(READER_PLUGIN_ENV)
    if plugin:
        module, _, function = plugin.partition(":")
        reader = getattr(importlib.import_module(module), function)(reader)
    register_key = register_key or cache_key(ws, settings)
    lookups = register_lookups(ws, settings, register_key)  # cached in the state folder
    register = lookups.register
    for problem in register.problems:
        log.warning("client register: %s", problem)
    return WorkerContext(options, reader, build_reading(settings, register, lookups.names),
                         lookups.index, Deciding(settings, register), register_key, drafting)
