"""Items read and decided on a Dask cluster: the only module that imports Dask.

`reclam run --cluster tcp://HOST:8786` (or `[traitement] cluster`) hands the runner a
`ClusterExecutor` instead of its local process pool: the same `submit` and futures, so
the runner only takes it (`remote`) and quarantines a `WorkersLost` item, and the parent
stays the one process that takes files, writes the journal and files originals (it
alone calls `Runner.finish`, once per future: an item is never filed twice).

- Context: `ReclamPlugin`, a Dask worker plugin registered by the parent, builds on each
  worker, once, the same `WorkerContext` a local worker has (settings, the client
  register and its index, read from the register cache, OCR, spaCy on first use), from
  the home the worker can read: its own `RECLAM_HOME` (`reclam worker --home DIR`), else
  the parent's home path (shared storage), and the parent's settings (they travel with
  the plugin, a few kilobytes; the register never does). A worker whose client register
  or program differs from the parent's (`register_cache.cache_key`) is refused with a
  French message: its records would not be the parent's.
- Tasks: the item's record and the bytes of its file travel with the task; the result
  comes back as the record's JSON, as from a local worker.
- A worker that dies mid-item (kill -9, the OOM killer): the scheduler runs the task
  again on another worker, up to `tentatives_max` deaths (the parent sets the scheduler's
  `allowed_failures`), then the runner quarantines the item (`WorkersLost`) as a local
  run does. The scheduler sends a worker a task only when its thread is free, so a
  death costs a try to the item being read alone.
- The scheduler going away: every future fails with a `SetupError` in French, the run
  stops, and the next run resumes from the journal what was not filed.

`reclam worker` (`start_worker`) starts a Dask worker for a home with the options the
product needs: one process, one thread, one Tesseract thread (OMP_THREAD_LIMIT=1). A home
without a client register, or a scheduler that refuses the connection at start
(`check_reachable`, which the parent's run uses too), is one French line; the Dask
worker's output goes to the home's log file, but for the French lines its process says
for the console (`SAY`: a register the parent refuses).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import replace
from pathlib import Path
from typing import Any

from distributed import Client, KilledWorker
from distributed.comm.addressing import parse_address, parse_host_port
from distributed.diagnostics.plugin import WorkerPlugin

from pipeline import logs
from pipeline.context import WorkerContext, build_worker_context, check_worker_home
from pipeline.errors import SetupError, WorkersLost, os_reason
from pipeline.letters.drafts import Drafting
from pipeline.record import Item
from pipeline.register_cache import cache_key
from pipeline.settings import Settings
from pipeline.worker import Result, die_with_parent, read_and_draft, run_in_worker
from pipeline.workspace import HOME_ENV, Workspace

log = logging.getLogger(__name__)

PLUGIN_NAME = "reclam"
CONNECT_TIMEOUT_S = 10
DEFAULT_PORT = 8786

# -- both sides ----------------------------------------------------------------------


def _why(exc: OSError) -> str:
    """Why a connection failed, in French."""
    if isinstance(exc, socket.gaierror):
        return "nom d'hôte inconnu"
    if isinstance(exc, TimeoutError) and not exc.errno:
        return f"pas de réponse en {CONNECT_TIMEOUT_S} s"
    return os_reason(exc, with_file=False)


def check_reachable(address: str) -> None:
    """SetupError (French) when nothing answers at the scheduler's address: a refused
    connection is said at once, where Dask's own connect would retry it for its whole
    timeout (10 s for the run, 30 s for a worker) and end in a traceback. Only tcp:// and
    tls:// (TCP underneath) are checked; Dask checks the others itself."""
    scheme, location = parse_address(address)
    if scheme not in ("tcp", "tls"):
        return
    try:
        host, port = parse_host_port(location, DEFAULT_PORT)
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
    except (OSError, ValueError) as exc:
        why = _why(exc) if isinstance(exc, OSError) else "adresse mal formée"
        log.info("scheduler %s unreachable: %r", address, exc)
        raise SetupError(
            f"ordonnanceur Dask {address} injoignable ({why}) : vérifiez qu'il est démarré "
            "(dask scheduler) sur le poste principal, l'adresse et le port, et qu'aucun "
            "pare-feu ne les bloque, puis relancez.") from None

# -- worker side ---------------------------------------------------------------------

_CONTEXT: tuple[str, WorkerContext] | None = None  # (its key, the context)
_REFUSED: str | None = None  # why this worker cannot work for the parent, in French
_LOCK = threading.Lock()


def worker_home(default: str) -> Path:
    """The worker's own home (`reclam worker --home`, or RECLAM_HOME), else the parent's."""
    return Path(os.environ.get(HOME_ENV) or default).resolve()


class ReclamPlugin(WorkerPlugin):
    """Builds the worker's context once, with the parent's settings, from the client
    register of the home it reads (see the module docstring)."""

    name = PLUGIN_NAME

    def __init__(self, home: str, settings: Settings, key: str, drafting: Drafting) -> None:
        self.home = home
        self.settings = settings
        self.key = key
        self.drafting = drafting  # the parent's letter templates: its letters, not the worker's

    def setup(self, worker: Any) -> None:
        global _CONTEXT, _REFUSED
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread per task thread
        with _LOCK:
            if _CONTEXT is not None and _CONTEXT[0] == self.key:
                _REFUSED = None
                return  # a new run of the same parent: the context is still good
            home = worker_home(self.home)
            ws = Workspace(home, self.settings.processing.state_dir)
            try:
                key = cache_key(ws, self.settings)
                if key != self.key:
                    raise SetupError(
                        f"le travailleur {worker.address} (dossier {home}) n'a pas le même "
                        "registre client (config/registre/) ou la même version du programme "
                        "que le poste principal : recopiez le registre et mettez le programme "
                        "à jour, puis relancez-le.")
                _CONTEXT = (self.key, build_worker_context(ws, self.settings, key, self.drafting))
                _REFUSED = None
            except SetupError as exc:
                _CONTEXT, _REFUSED = None, str(exc)
                _say_from_worker(f"reclam : {exc}")
                raise
        log.info("worker %s: context built from %s", worker.address, home)


def run_remote(item_json: dict[str, Any], data: bytes) -> Result:
    """The task: one item's record and bytes in, its record's JSON and its letters out."""
    if _CONTEXT is None:
        raise SetupError(_REFUSED or "travailleur sans contexte : le greffon reclam n'a pas "
                                     "été installé (relancez le traitement)")
    with tempfile.NamedTemporaryFile(prefix="reclam-") as f:
        f.write(data)
        f.flush()
        return read_and_draft(Item.from_json(item_json), Path(f.name), _CONTEXT[1])


def _configure_scheduler(failures: int, dask_scheduler: Any = None) -> None:
    """On the scheduler: a task is given up once `failures + 1` workers died running it, and
    a worker is sent a task only when a thread is free (worker saturation 1), so that a
    worker that dies holds only the item it was reading, not the next ones."""
    dask_scheduler.allowed_failures = failures
    dask_scheduler.WORKER_SATURATION = 1.0


# -- parent side ---------------------------------------------------------------------


def _lost_scheduler(address: str) -> SetupError:
    return SetupError(
        f"l'ordonnanceur Dask {address} ne répond plus : traitement arrêté. Les courriers "
        "en cours restent dans le dossier d'état et seront repris au prochain lancement.")


class ClusterExecutor(Executor):
    """The runner's pool on a Dask cluster: `submit(run_in_worker, item_json, work_path)`
    sends the item and its file's bytes; the futures are concurrent.futures ones."""

    def __init__(self, address: str, home: Path, settings: Settings, register_key: str,
                 drafting: Drafting) -> None:
        max_attempts = settings.processing.max_attempts
        self.address = address
        if not log.isEnabledFor(logging.DEBUG):  # without --verbose: the French lines only
            for name in ["distributed", *logging.root.manager.loggerDict]:
                if name.split(".")[0] == "distributed":  # Dask's config sets some by name
                    logging.getLogger(name).setLevel(logging.CRITICAL)
        check_reachable(address)
        try:
            self._client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError) as exc:  # it listens, but Dask does not answer
            log.info("scheduler %s: Dask client failed: %r", address, exc)
            raise SetupError(
                f"ordonnanceur Dask {address} injoignable ({exc.__class__.__name__}) : "
                "vérifiez qu'il est démarré (dask scheduler) et l'adresse, puis relancez."
            ) from None
        try:
            self._client.run_on_scheduler(_configure_scheduler, max_attempts - 1)
            self._client.register_plugin(ReclamPlugin(str(home), settings, register_key, drafting))
        except BaseException:
            self._client.close()
            raise
        self._futures: set[Any] = set()

    def threads(self) -> int:
        """The worker threads connected now (each reads one item at a time)."""
        info = self._client.scheduler_info(n_workers=-1)
        return sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if self._client.status != "running":
            raise _lost_scheduler(self.address)
        if fn is run_in_worker:  # the item's bytes travel, not the parent's path
            item_json, work_path = args
            remote = self._client.submit(run_remote, item_json, Path(work_path).read_bytes(),
                                         key=f"reclam-{item_json['source']['id']}-"
                                             f"{os.urandom(4).hex()}",
                                         pure=False)
        else:
            remote = self._client.submit(fn, *args, pure=False, **kwargs)
        future: Future[Any] = Future()
        self._futures.add(remote)
        remote.add_done_callback(lambda done: self._settle(done, future))
        return future

    def _settle(self, remote: Any, future: Future[Any]) -> None:
        self._futures.discard(remote)
        if remote.status == "cancelled":
            future.set_exception(_lost_scheduler(self.address))
            return
        try:
            future.set_result(remote.result())
        except KilledWorker as exc:
            future.set_exception(WorkersLost(int(getattr(exc, "allowed_failures", 0)) + 1))
        except BaseException as exc:
            future.set_exception(exc)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures and self._futures and self._client.status == "running":
            self._client.cancel(list(self._futures))
        self._client.close(timeout=CONNECT_TIMEOUT_S)


def attach(address: str, home: Path, context: WorkerContext,
           say: Callable[[str], None]) -> tuple[WorkerContext, ClusterExecutor]:
    """The runner's context and pool for a run on the cluster at `address`: as many items
    in flight as the workers connected now can take (four at least, for those that join).
    The runner keeps twice `workers` in flight: more than twice the threads, so that the
    scheduler queues them as "root-ish" tasks and hands each worker one at a time
    (`_configure_scheduler`), instead of assigning them all at once."""
    executor = ClusterExecutor(address, home, context.deciding.settings, context.register_key,
                               context.drafting)
    threads = executor.threads()
    say(f"Grappe Dask {address} : {threads} travailleur(s) connecté(s).")
    options = replace(context.options, workers=max(threads + 1, 4))
    return replace(context, options=options), executor


# -- reclam worker -------------------------------------------------------------------


def worker_command(scheduler: str, name: str | None = None) -> list[str]:
    """The `dask worker` command line `reclam worker` runs."""
    command = [sys.executable, "-m", "distributed.cli.dask_worker", scheduler,
               "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
    if name:
        command += ["--name", name]
    return command


RESTART_PAUSE_S = 10
SAY = "reclam-dit: "  # a worker process's line for the `reclam worker` console, not the log


def _say_from_worker(line: str) -> None:
    """From inside the Dask worker process: one French line for the console of the
    `reclam worker` that started it (`_relay` reads its output)."""
    print(SAY + line.replace("\n", " "), file=sys.stderr, flush=True)


def _relay(stream: Any, say: Callable[[str], None]) -> None:
    """The Dask worker's output: its logs (and tracebacks) to the log file, its French
    lines (`SAY`) to the console."""
    dask_log = logging.getLogger("pipeline.cluster.dask")
    for raw in stream:
        line = raw.decode("utf-8", "replace").rstrip()
        if line.startswith(SAY):
            say(line[len(SAY):])
        elif line:
            dask_log.info("%s", line)


def start_worker(scheduler: str, home: Path, name: str | None = None,
                 say: Callable[[str], None] = print) -> int:
    """Runs a Dask worker for `home` until Ctrl-C or SIGTERM (passed on to it). A home
    without a client register, or a scheduler that cannot be reached at start, is one
    French line (SetupError), the details in the home's log file. A worker that ends on its
    own later (the scheduler went away) is started again once the scheduler answers."""
    check_worker_home(home)
    logs.to_file(Workspace(home).log_file)
    check_reachable(scheduler)
    env = {**os.environ, HOME_ENV: str(home), "OMP_THREAD_LIMIT": "1"}
    stop = threading.Event()
    child: list[subprocess.Popen[bytes]] = []

    def request_stop(signum: int, frame: object) -> None:
        stop.set()
        for proc in child:
            proc.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    parent = os.getpid()
    say(f"Travailleur de la grappe {scheduler} pour {home} (Ctrl-C pour arrêter).")
    while True:
        proc = subprocess.Popen(worker_command(scheduler, name), env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                preexec_fn=lambda: die_with_parent(parent))
        child[:] = [proc]
        relay = threading.Thread(target=_relay, args=(proc.stdout, say), daemon=True)
        relay.start()
        code = proc.wait()
        relay.join(timeout=5)
        log.info("dask worker ended with status %s", code)
        if stop.is_set():
            return 0
        say(f"Le travailleur s'est arrêté (ordonnanceur {scheduler} injoignable ?) : il "
            f"repartira dès que l'ordonnanceur répondra (essai toutes les {RESTART_PAUSE_S} s).")
        while not stop.wait(RESTART_PAUSE_S):
            try:
                check_reachable(scheduler)
                break
            except SetupError:
                continue
        if stop.is_set():
            return code
        say(f"Ordonnanceur {scheduler} de retour : le travailleur repart.")
