"""A worker's side of the run: one item read, understood, matched and decided
(`process_item`, the one place that catches its errors), then the letters it is owed made
(`read_and_draft`); the record's JSON and the letters' bytes go back to the parent, which
alone writes. A local worker is a forked process (`init_worker`); a cluster's runs the
same task (`pipeline.cluster`).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline import clock, filing, logs
from pipeline.context import WorkerContext
from pipeline.decide import decide
from pipeline.errors import DocumentError, SetupError
from pipeline.letters.drafts import Draft
from pipeline.matching.stage import link_item
from pipeline.record import FilingStatus, Item, Outcome
from pipeline.time_limit import TimeLimit, time_limit
from pipeline.understand.stage import understand

log = logging.getLogger(__name__)

_WORKER: WorkerContext | None = None


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """The kernel kills this worker when its parent dies, however it dies (kill -9, the OOM
    killer): no orphan worker holds memory after a crash. Checked once more after the
    request, in case the parent died before it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def init_worker(context: WorkerContext, verbose: bool, parent: int) -> None:
    """Pool initializer: the parent's context, inherited through the fork (never pickled),
    serves every item of this worker."""
    global _WORKER
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # forked: drop the parent's graceful stop
    logs.in_worker()
    _WORKER = context


Result = tuple[dict[str, Any], tuple[Draft, ...]]  # what a worker sends back


def run_in_worker(item_json: dict[str, Any], work_path: str) -> Result:
    assert _WORKER is not None, "init_worker was not called"
    return read_and_draft(Item.from_json(item_json), Path(work_path), _WORKER)


def read_and_draft(item: Item, work_path: Path, ctx: WorkerContext) -> Result:
    """A worker's task: the item's record, and the letters it is owed made (the parent
    only writes them). A letter that cannot be made costs the item nothing: the parent
    drafts it after filing, and says why if it fails again."""
    item = process_item(item, work_path, ctx)
    return item.to_json(), ctx.drafting.draft(item, clock.now().date())


def process_item(item: Item, work_path: Path, ctx: WorkerContext) -> Item:
    """The recipe for one item, top to bottom, and the one place that catches its errors."""
    try:
        with logs.item_scope(item.id), time_limit(ctx.options.item_timeout_s):
            data = work_path.read_bytes()
            item = replace(item, extracted=ctx.reader.read(data, item.source.source_file))
            item = understand(item, ctx.reading)
            item = link_item(item, ctx.clients)
            item = decide(item, ctx.deciding)
        return replace(item, outcome=Outcome(FilingStatus.FILED, ""))
    except DocumentError as exc:
        log.info("%s: quarantined (%s)", item.id, exc.code)
        return filing.quarantined(item, exc.code, exc.reason)
    except TimeLimit:
        return filing.quarantined(
            item, "traitement-trop-long",
            f"Le traitement a dépassé {ctx.options.item_timeout_s:.0f} secondes : document trop "
            "long ou trop lourd. Scindez-le ou scannez-le à plus faible résolution.",
        )
    except MemoryError:
        return filing.quarantined(
            item, "memoire",
            "Le document demande plus de mémoire que permis : il est probablement "
            "corrompu ou démesuré. Vérifiez-le et rescannez-le.",
        )
    except SetupError:
        raise
    except Exception as exc:  # a bug of ours must not lose the file nor stop the batch
        log.exception("%s: internal error", item.id)
        return filing.quarantined(
            item, "erreur-interne",
            f"Erreur interne du programme ({type(exc).__name__}) : le fichier est conservé ; "
            "signalez-le à l'administrateur avec l'identifiant du courrier.",
        )
