"""Runs items through the stages.

Workers (one process per core) read and decide, then make the letters the item is owed
(`read_and_draft`); the parent alone takes files from inbox/, writes the journal, files
the originals and writes the letters beside them, so the journal stays the single source
of truth and the parent's own work per item stays small. The recipe one worker follows
for one item is `worker.process_item`:

    text (TextReader.read) -> understand -> match (link_item) -> decide -> outcome

Errors: a stage raises `DocumentError` for a bad file; `process_item` is the one place
that catches it, and the item is quarantined with its French reason. A `SetupError`
stops the run. A worker that dies (a library crash, the OOM killer) breaks the pool:
the items it held are retried alone, and one that kills its worker `tentatives_max`
times is quarantined.

Workers are forked from the parent once it has imported everything and built the
`WorkerContext` (client register and index included), so they start at once and share
it. They never touch the journal: its SQLite connection, inherited across the fork,
is used by the parent alone (workers end with os._exit, so it is never closed there).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from pipeline import clock, console, filing, french, intake, privacy
from pipeline.context import RunOptions, WorkerContext
from pipeline.errors import WorkersLost
from pipeline.followup_edits import refresh_followup
from pipeline.journal import Journal
from pipeline.journal_model import ItemState, PendingItem
from pipeline.letters.drafts import Draft
from pipeline.letters.owed import letters_owed
from pipeline.letters.write import LetterWriter
from pipeline.mailbox.fetch import MailPoller
from pipeline.record import FilingStatus, Item, Outcome
from pipeline.registers.daily import daily_register_path, rewrite_day
from pipeline.related import OpenComplaints, as_follow_up, is_open_complaint
from pipeline.safe_files import NotRegularFile
from pipeline.summary import summary
from pipeline.worker import Result, init_worker, run_in_worker
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)


# -- parent side ---------------------------------------------------------------------

class Runner:
    """Takes, dispatches and files; owns the journal and the worker pool."""

    def __init__(self, ws: Workspace, context: WorkerContext, journal: Journal, say: console.Say,
                 verbose: bool = False, letters: LetterWriter | None = None,
                 remote: Executor | None = None) -> None:
        self.ws = ws
        self.verbose = verbose
        self.context = context
        self.options: RunOptions = context.options
        self.journal = journal
        self.staff_names = context.deciding.settings.staff_names
        self.say = say
        self.mail = console.MailRoom(say, self.staff_names)  # what the mail room reads
        self._pool: Executor | None = None
        self._remote = remote  # a Dask cluster's (pipeline.cluster), instead of local workers
        self._days_touched: set[str] = set()  # days whose register must be rewritten
        self._refused: dict[Path, str] = {}  # files of inbox/ not taken, and why (said once)
        self._open: OpenComplaints | None = None  # read once per batch
        self._stop_said = False
        self.letters = letters or LetterWriter(ws, context.drafting)
        self._letters_due: list[Item] = []  # filed, their letters to draft here (not the worker)
        self._letters_written: list[Item] = []  # this batch's, as the worker drafted them
        # the letters' files are written (and synced) by a thread, off the filing path; the
        # journal records them once on disk (a crash before: a restart drafts them again)
        self._letter_files = ThreadPoolExecutor(1, thread_name_prefix="letters")
        self._letters_writing: list[Future[tuple[Item, list[dict[str, Any]]]]] = []

    # pool management
    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=init_worker,
            initargs=(self.context, self.verbose, os.getpid()),
        )

    @property
    def pool(self) -> Executor:
        if self._pool is None:
            self._pool = self._remote or self._new_pool(self.options.workers)
        return self._pool

    def _warm_up(self) -> None:
        """Start the workers now, so that they load their models while intake runs."""
        for _ in range(self.options.workers):
            self.pool.submit(os.getpid)

    def _drop_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # the steps
    def recover(self) -> None:
        """After a crash: register orphans of work/, file pending duplicates."""
        for path in intake.orphans(self.ws, self.journal):
            log.warning("recovering %s", intake.shown(path.name))
            try:
                intake.journal_taken(path, self.ws, self.journal)
            except OSError as exc:  # left in work/ with its reason, never a crash
                log.error("cannot recover %s: %s", intake.shown(path.name), exc)
        for pending in self.journal.pending_items():
            if not pending.work_path or not os.path.lexists(self.ws.home / pending.work_path):
                self._repair(pending)
        for drop in self.journal.pending_duplicates():
            self._file_duplicate(drop)
        # filed before a crash let their letters be drafted (rewritten whole: never doubled)
        followups = self.journal.followups()
        self._letters_due += [
            i for i in self.journal.open_complaints() if not i.letters and letters_owed(
                i, acknowledged=bool(i.id in followups and followups[i.id].acknowledged_on))]
        self._days_touched |= self._stale_registers()

    def _stale_registers(self) -> set[str]:
        """Days whose register is missing or older than their items (a run interrupted
        before it rewrote them): rewritten by this run, even with nothing new to do."""
        stale = set()
        for day, changed in self.journal.last_change_per_day().items():
            path = daily_register_path(self.ws.reports, date.fromisoformat(day))
            try:
                written = path.stat().st_mtime
            except FileNotFoundError:
                stale.add(day)
                continue
            if written < datetime.fromisoformat(changed).timestamp():
                stale.add(day)
        return stale

    def _repair(self, pending: PendingItem) -> None:
        """An item in progress whose file is not in work/ (a home wedged by two runs at
        once, or a hand-made change): final where its original already lies, else
        quarantined with a reason saying the original is missing. Never a crash."""
        item = pending.item
        lying = sorted(p for folder in (self.ws.outbox, self.ws.quarantine)
                       for p in folder.glob(f"**/{item.id}.*")
                       if not filing.is_note(p.name))
        if lying:
            status = FilingStatus.QUARANTINED if self.ws.quarantine in lying[0].parents else FilingStatus.FILED
            outcome = Outcome(status, self.ws.relative(lying[0]),
                              *((item.outcome.error, item.outcome.error_code)
                                if item.outcome and status == FilingStatus.QUARANTINED else ()))
            self.journal.mark_filed(replace(item, outcome=outcome))
            self.say(f"Réparé : {item.id} était déjà rangé dans {outcome.location}")
            return
        reason = ("Le fichier d'origine n'est plus dans le dossier de travail (deux traitements "
                  "simultanés ou modification manuelle) : cherchez-le dans outbox/ et "
                  "quarantaine/, et redéposez-le dans inbox/ s'il manque.")
        self.journal.mark_filed(filing.quarantined(item, "original-introuvable", reason))
        self.say(f"⚠ {item.id} ({intake.shown(item.source.source_file)}) : {reason}")

    def _register(self, work_path: Path, source_file: str) -> None:
        intake.journal_taken(work_path, self.ws, self.journal, source_file)
        self.mail.taken(name=source_file)

    def _file_duplicate(self, drop: Any) -> None:
        target = filing.file_duplicate(drop, self.ws, self.journal)
        self.mail.duplicate(drop.source_file, drop.item_id, self.ws.relative(target.parent))

    def take_ready(self, tracker: intake.InboxTracker) -> None:
        for path in tracker.ready():
            tracker.forget(path)
            try:
                work_path, source_file = intake.take(path, self.ws)
            except FileNotFoundError:
                continue  # moved away by someone else meanwhile
            except OSError as exc:  # one file's problem never stops the batch
                self._refuse(path, intake.refusal(exc))
                continue
            self._register(work_path, source_file)
        for path, kind in tracker.refused.items():
            self._refuse(path, intake.refusal(NotRegularFile(path, kind)))
        for drop in self.journal.pending_duplicates():
            self._file_duplicate(drop)
        self.mail.waiting(p.relative_to(self.ws.inbox).as_posix() for p in tracker.waiting_files())

    def _refuse(self, path: Path, reason: str) -> None:
        """Tell the mail room, once per run, why a file of inbox/ is not taken."""
        if self._refused.get(path) == reason:
            return
        self._refused[path] = reason
        name = intake.shown(path.relative_to(self.ws.inbox).as_posix())
        log.warning("not taken: %s", reason)
        self.say(f"⚠ {name} : {reason}")

    def finish(self, item: Item, work_path: str, drafts: tuple[Draft, ...] = ()) -> None:
        """Link it to an open complaint it continues, store the record, file the original,
        write the letters the worker drafted (if they are still those owed), tell the mail
        room."""
        if item.decision is not None and item.outcome is not None and (
                item.outcome.status == FilingStatus.FILED):
            related = self._open_complaints().find(item)
            if related:
                complaint, why = related
                item = as_follow_up(item, complaint, why)
                self.journal.note(complaint.id, "courrier-suivant", {"courrier": item.id,
                                                                      "motif": why})
        item = privacy.for_journal(item)  # the original stays the one full copy of the letter
        self.journal.save_processed(item)
        item = filing.file_item(item, self.ws.home / work_path, self.ws, self.journal,
                                partial(summary, names=self.staff_names))
        if self._open is not None and is_open_complaint(item):
            self._open.add(item)
        owed = letters_owed(item)
        if owed and [d.kind for d in drafts] == owed:
            self._letters_writing.append(
                self._letter_files.submit(self.letters.write_files, item, drafts))
        elif owed:  # a later letter linked here, or drafting failed in the worker
            self._letters_due.append(item)
        self._days_touched.add(item.source.taken_at[:10])
        self.mail.filed(item)

    def _open_complaints(self) -> OpenComplaints:
        """The journal's open complaints, read once per batch then kept up to date as
        items are filed (the follow-up workbook, which closes them, is read between
        batches)."""
        if self._open is None:
            self._open = OpenComplaints(self.journal.open_complaints())
        return self._open

    def _give_up(self, pending: PendingItem) -> None:
        item = filing.quarantined(
            pending.item, "echec-repete",
            f"Le traitement de ce fichier a interrompu le programme {pending.attempts} fois : "
            "il est probablement corrompu. Vérifiez-le, puis redéposez une version corrigée.",
        )
        self.finish(item, pending.work_path)

    def _isolate(self, suspects: list[PendingItem]) -> None:
        """Retry alone the items a dead worker held, to find the one that kills."""
        for pending in suspects:
            while True:
                if pending.attempts >= self.options.max_attempts:
                    self._give_up(pending)
                    break
                with self._new_pool(1) as solo:
                    future = solo.submit(run_in_worker, pending.item.to_json(),
                                         str(self.ws.home / pending.work_path))
                    try:
                        record, drafts = future.result()
                    except BrokenProcessPool:
                        attempts = self.journal.note_worker_crash(pending.item.id, "worker died")
                        pending = replace(pending, attempts=attempts)
                        continue
                self.finish(Item.from_json(record), pending.work_path, drafts)
                break

    def run(self, once: bool, stop: threading.Event, wake: threading.Event) -> None:
        self.mail.register_problems(self.context.deciding.register.problems,
                                    self.ws.relative(self.ws.log_file))
        self.recover()
        self.mail.taken(len(self.journal.pending_items()) + len(self.journal.pending_duplicates()))
        tracker = intake.InboxTracker(self.ws.inbox, self.options.stable_s)
        mailboxes = MailPoller(self.ws, self.context.deciding.settings.mailboxes, self.journal,
                               self.say, self._register, self.options.limits.max_file_bytes, once)
        if not stop.is_set() and (self.mail.progress.total or tracker.candidates()):
            self._warm_up()
        inflight: dict[Future[Result], PendingItem] = {}
        try:
            while True:
                if not stop.is_set():
                    mailboxes.poll_due()
                    self.take_ready(tracker)
                    self._dispatch(inflight)
                else:
                    self._say_stop(tracker, inflight)
                if not inflight:
                    self._write_registers()
                    self.mail.end_batch()
                    if stop.is_set():
                        self._say_stop(tracker, inflight)
                        break
                    if once and tracker.waiting() == 0 and not self.journal.pending_items():
                        break
                    pause = self.options.stable_s if tracker.waiting() else self.options.rescan_s
                    wake.wait(timeout=max(0.05, min(pause, self.options.rescan_s,
                                                    mailboxes.due_in())))
                    wake.clear()
                    continue
                self._record_letters()
                done, _ = wait(list(inflight), timeout=0.5, return_when=FIRST_COMPLETED)
                broken: list[PendingItem] = []
                for future in done:
                    pending = inflight.pop(future)
                    try:
                        record, drafts = future.result()
                    except BrokenProcessPool:
                        broken.append(pending)
                        continue
                    except WorkersLost as lost:  # on a cluster: tried on tentatives_max workers
                        self.journal.note_worker_crash(pending.item.id, str(lost))
                        self._give_up(replace(pending, attempts=lost.deaths))
                        continue
                    self.finish(Item.from_json(record), pending.work_path, drafts)
                if broken:
                    broken += list(inflight.values())
                    inflight.clear()
                    self._drop_pool()
                    log.error("a worker died; retrying %d item(s) one by one", len(broken))
                    self._isolate(broken)
        finally:
            self._drop_pool()
            self._letter_files.shutdown(wait=True)

    def _record_letters(self, wait_all: bool = False) -> None:
        """Into the journal, the letters whose files are written (all of them: `wait_all`)."""
        while self._letters_writing and (wait_all or self._letters_writing[0].done()):
            item, events = self._letters_writing.pop(0).result()
            self.journal.save_letters(item, events)
            self._letters_written.append(item)

    def _say_stop(self, tracker: intake.InboxTracker,
                  inflight: dict[Future[Result], PendingItem]) -> None:
        """Asked to stop: the items being read are finished; say (once) what the next run
        takes."""
        if self._stop_said:
            return
        self._stop_said = True
        busy = {p.item.id for p in inflight.values()}
        taken = sum(p.item.id not in busy for p in self.journal.pending_items())
        taken += len(self.journal.pending_duplicates())
        self.say(console.stop_line(len(tracker.candidates()), taken, len(inflight)))

    def _write_registers(self) -> None:
        """After a batch: the letters its complaints are owed that the workers did not draft,
        then the daily register of every day it touched, rewritten."""
        self._record_letters(wait_all=True)
        drafted = self._letters_written + self.letters.write(self._letters_due, self.journal)
        for missing in sorted({i.id for i in self._letters_due} - {i.id for i in drafted}):
            self.say(f"⚠ {missing} : courriers non rédigés (erreur interne du programme, "
                     f"détails dans {self.ws.relative(self.ws.log_file)}) ; le courrier est "
                     f"classé, « reclam courrier {missing} » les rédigera.")
        self._letters_written, self._letters_due = [], []
        if drafted:
            count = sum(len(i.letters) for i in drafted)
            self.say(f"Courriers rédigés : {count} pour "
                     f"{french.count(len(drafted), 'réclamation')}, à relire, signer et "
                     "envoyer.")
            self._days_touched |= {i.source.taken_at[:10] for i in drafted}
        for day in sorted(self._days_touched):
            path, count = rewrite_day(self.journal, self.ws.reports, date.fromisoformat(day),
                                      self.staff_names)
            self.say(f"Registre du {date.fromisoformat(day):%d/%m/%Y} mis à jour "
                     f"({french.count(count, 'courrier reçu', 'courriers reçus')}) : "
                     f"{self.ws.relative(path)}")
        if self._days_touched:  # after a batch: the owner's follow-up workbook too
            result = refresh_followup(self.journal, self.ws.reports, clock.now().date(),
                                      self.staff_names)
            back = result.read_back  # what the owner must fix, said once per run
            if back.delayed:
                self.mail.once(f"Suivi des réclamations non relu : {back.delayed}.")
            for problem in back.problems:
                self.mail.once(f"Suivi des réclamations : {problem.message}")
        self._days_touched.clear()
        self._open = None  # answers typed in the follow-up workbook close complaints

    def _dispatch(self, inflight: dict[Future[Result], PendingItem]) -> None:
        busy = {p.item.id for p in inflight.values()}
        for pending in self.journal.pending_items():
            if pending.item.id in busy:
                continue
            if pending.state == ItemState.PROCESSED:  # crashed between record and filing
                self.finish(pending.item, pending.work_path)
            elif pending.attempts >= self.options.max_attempts:
                self._give_up(pending)
            elif len(inflight) < 2 * self.options.workers:
                try:
                    future = self.pool.submit(run_in_worker, pending.item.to_json(),
                                              str(self.ws.home / pending.work_path))
                except BrokenProcessPool:  # a worker died since the last wait: the items
                    if not inflight:  # it held are isolated when their futures fail
                        self._drop_pool()
                    return
                inflight[future] = pending
            else:  # the workers are fed: the rest waits (no need to look at it now)
                break
