"""The mailbox stage: each configured mailbox polled on its interval, each new message's
exact bytes taken into work/ as an ``.eml`` and recorded by intake like a dropped file,
then moved (or flagged) on the server.

Exactly once, in this order, per message:
1. its row in ``mail_messages`` (`ledger`): UID, hash, and the token its drop will carry;
2. its bytes in work/ under that token (written whole under a hidden name, its mtime set
   to the server's INTERNALDATE, then renamed), the way intake keeps a taken file;
3. `register` (`pipeline.intake.journal_taken`): the journal's drop and item, with the
   same dedup as a dropped file (the same bytes again are a duplicate, never a second item);
4. ``UID MOVE`` to the processed folder (or the keyword), then the row's new state.

A kill between any two steps is repaired by the next run: before 2, the hidden file is
dropped by `intake.orphans` and the message fetched again under the same token; between 2
and 3, the run's orphan recovery records the file (its mtime is the INTERNALDATE); between
3 and 4, the next poll finds the UID recorded and only moves it. Nothing is deleted on the
server. A mailbox that fails (server down, password refused, folder renamed) gives one
French line for the mail room and the run goes on with the others.
"""

from __future__ import annotations

import hashlib
import imaplib
import logging
import math
import os
import secrets
import signal
import ssl
import time
from collections.abc import Callable
from pathlib import Path

from pipeline import french, intake
from pipeline.console import Say
from pipeline.journal import Journal
from pipeline.mailbox.client import (
    ImapSession,
    MailboxError,
    MessageInfo,
    network_problem,
    server_said,
)
from pipeline.mailbox.ledger import TAKEN, MailLedger, Taken
from pipeline.safe_files import swap_in
from pipeline.settings import MailAfter, Mailbox
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

CHUNK = 100  # messages per FETCH
BATCH = 200  # messages per poll: a backlog is read batch by batch while workers read them,
# each batch followed by a progress line, the mailbox due again at once
# Failure injection for tests: this process kills itself (SIGKILL) at the point named:
# "pendant-ecriture", a message's bytes half-way to work/ (its hidden temporary name);
# "avant-journal", its bytes in work/ but not yet in the journal; "apres-journal", a chunk
# recorded in the journal and the server not yet asked to move it.
KILL_POINT_ENV = "RECLAM_TEST_MAIL_KILL"


def _kill_point(name: str) -> None:
    if os.environ.get(KILL_POINT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)

Register = Callable[[Path, str], None]


class MailPoller:
    """Polls every `[[boites_mail]]` mailbox when its interval is due (`once`: a single time)."""

    def __init__(self, ws: Workspace, boxes: tuple[Mailbox, ...], journal: Journal, say: Say,
                 register: Register, max_bytes: int, once: bool = False) -> None:
        self.ws = ws
        self.boxes = boxes
        self.journal = journal
        self.say = say
        self.register = register
        self.max_bytes = max_bytes
        self.once = once
        self._next = [0.0] * len(boxes)  # monotonic time of each mailbox's next poll
        self._problem: dict[str, str] = {}  # mailbox -> the last problem said
        self._too_large: set[tuple[str, int]] = set()  # (mailbox, UID): said once per run
        self._backlog: dict[str, tuple[int, int]] = {}  # mailbox -> (read, total) of a backlog

    def due_in(self) -> float:
        """Seconds until the next poll is due (infinite when none will be)."""
        if not self._next:
            return math.inf
        return max(0.0, min(self._next) - time.monotonic())

    def poll_due(self) -> int:
        """Poll the mailboxes that are due; returns the messages taken."""
        taken = 0
        for i, box in enumerate(self.boxes):
            if time.monotonic() >= self._next[i]:
                taken += self.poll(box)
                if box.key in self._backlog:
                    self._next[i] = time.monotonic()  # the next batch at the next turn
                else:
                    self._next[i] = math.inf if self.once else time.monotonic() + box.interval_s
        return taken

    def poll(self, box: Mailbox) -> int:
        """One mailbox, one batch at most: never raises for the mailbox's own failures."""
        backlog = self._backlog.pop(box.key, (0, 0))  # set again while more remain
        try:
            with ImapSession(box, self.ws.home) as session:
                taken = self._read(box, session, backlog)
        except MailboxError as exc:
            self._fail(box, exc.reason)
            return 0
        except imaplib.IMAP4.error as exc:  # abort included: the connection was lost
            self._fail(box, f"échange interrompu avec le serveur ({server_said(exc)})")
            return 0
        except (ConnectionError, TimeoutError, ssl.SSLError) as exc:
            self._fail(box, f"connexion perdue avec le serveur ({network_problem(exc)})")
            return 0
        if self._problem.pop(box.key, None):
            self.say(f"Boîte {box.label} : de nouveau lisible.")
        return taken

    def _fail(self, box: Mailbox, reason: str) -> None:
        log.warning("mailbox %s: %s", box.key, reason)
        if self._problem.get(box.key) == reason:
            return  # said already; said again when it changes
        self._problem[box.key] = reason
        later = "au prochain lancement" if self.once else f"dans {box.interval_s:.0f} s"
        self.say(f"⚠ Boîte {box.label} : {reason}. Rien n'est perdu : les messages restent "
                 f"sur le serveur ; nouvel essai {later}.")

    def _read(self, box: Mailbox, session: ImapSession, backlog: tuple[int, int]) -> int:
        uidvalidity = session.open_folder(box.folder)
        ledger = MailLedger(self.journal, box.account, box.folder, uidvalidity)
        uids = session.unprocessed_uids()
        if not uids:
            return 0
        if box.after == MailAfter.MOVE:
            session.ensure_folder(box.processed_folder)
        rows, known = ledger.rows(), self.journal.known_tokens()
        recorded = [u for u in uids if u in rows and rows[u].token in known]
        if recorded:  # a run stopped between the journal and the server: no second item
            self._finish(box, session, ledger, recorded)
            many = len(recorded) > 1
            self.say(f"Boîte {box.label} : "
                     f"{french.count(len(recorded), 'message déjà enregistré', 'messages déjà enregistrés')}"
                     f" au journal, {self._where(box, many)} sans nouveau courrier.")
        done_before, total = backlog
        skipped = set(recorded) | {uid for key, uid in self._too_large if key == box.key}
        fresh = [u for u in uids if u not in skipped]
        if fresh and not total:
            self.say(f"Boîte {box.label} : {french.count(len(fresh), 'message')} à relever dans "
                     f"« {box.folder} ».")
        total = max(total, done_before + len(fresh))
        taken = 0
        for start in range(0, min(len(fresh), BATCH), CHUNK):
            chunk = fresh[start:min(start + CHUNK, BATCH)]
            infos = self._small_enough(box, session, session.infos(chunk))
            bodies = session.bodies([i.uid for i in infos]) if infos else {}
            done = []
            for info in infos:
                if info.uid not in bodies:  # removed by someone meanwhile: nothing to take
                    log.warning("mailbox %s: UID %d vanished", box.key, info.uid)
                    continue
                self._take(box, ledger, info, bodies[info.uid], rows.get(info.uid))
                done.append(info.uid)
            if done:
                _kill_point("apres-journal")
                self._finish(box, session, ledger, done)
            taken += len(done)
        if len(fresh) > BATCH:
            self._backlog[box.key] = (done_before + BATCH, total)
        if total > BATCH:
            self.say(f"Boîte {box.label} : {min(done_before + BATCH, total)}/{total} "
                     "messages relevés.")
        return taken

    def _small_enough(self, box: Mailbox, session: ImapSession,
                      infos: list[MessageInfo]) -> list[MessageInfo]:
        """Messages over the intake's size limit stay on the server, said once per run."""
        kept = []
        for info in infos:
            if info.size <= self.max_bytes:
                kept.append(info)
                continue
            if (box.key, info.uid) in self._too_large:
                continue
            self._too_large.add((box.key, info.uid))
            log.warning("mailbox %s: UID %d too large (%d bytes)", box.key, info.uid, info.size)
            self.say(f"⚠ Boîte {box.label} : message {session.summary(info.uid)}, reçu le "
                     f"{french.moment(info.received)}, de {french.number(info.size / 1_048_576)}"
                     " Mo, au-delà de la limite de "
                     f"{self.max_bytes / 1_048_576:.0f} Mo (taille_max_mo) : laissé dans "
                     f"« {box.folder} », ni relevé ni déplacé ; traitez-le à la main.")
        return kept

    def _take(self, box: Mailbox, ledger: MailLedger, info: MessageInfo, data: bytes,
              row: Taken | None) -> None:
        """Steps 1 to 3 for one message (see the module docstring)."""
        token = row.token if row and row.state == TAKEN else secrets.token_hex(6)
        source_file = f"{box.name}/{box.folder}/{info.uid}.eml"
        ledger.take(info.uid, hashlib.sha256(data).hexdigest(), token)
        work_path = self.ws.work / intake.work_name(token, source_file)
        stamp = info.received.timestamp()

        def write(tmp: Path) -> None:
            tmp.write_bytes(data)
            _kill_point("pendant-ecriture")
            os.utime(tmp, (stamp, stamp))

        swap_in(work_path, write)
        _kill_point("avant-journal")
        self.register(work_path, source_file)

    def _finish(self, box: Mailbox, session: ImapSession, ledger: MailLedger,
                uids: list[int]) -> None:
        """Step 4: the server holds them as processed; the ledger says how."""
        if box.after == MailAfter.MOVE:
            state = session.move(uids, box.processed_folder)
        else:
            state = session.flag(uids)
        ledger.done(uids, state)

    @staticmethod
    def _where(box: Mailbox, many: bool) -> str:
        s = "s" if many else ""
        if box.after == MailAfter.MOVE:
            return f"rangé{s} maintenant dans « {box.processed_folder} »"
        return f"marqué{s} maintenant comme traité{s}"
