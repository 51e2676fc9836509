"""What the mail room reads on the console during `reclam run`: one French line per file,
a batch's counts, the files still being copied, and the line said when a run is stopped.

    [3/6] lettre-dupont.pdf → REC-2026-000003 · réclamation · Médiateur · à vérifier → Marie Lefèvre
    6 fichiers : 3 réclamations, 1 autre courrier, 1 en quarantaine, 1 doublon ; à vérifier : 1

Each line is built from the record alone: whether it is a complaint (`Item.is_complaint`),
its decision (a follow-up, the owner) and outcome, and the daily register's own reading of
its flags (`registers.daily.flags_of`, `needs_review`), so the console and the Excel
register never disagree about an item. Owners are shown by their
names (cabinet.toml's `nom`, `summary.staff_name`), never by their ids. The functions here
build lines; the runner says them. Developer messages go to the log file (`pipeline.logs`),
never here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from pipeline import intake
from pipeline.filing import NOTE_SUFFIX
from pipeline.french import count, plural_of
from pipeline.record import FilingStatus, Item
from pipeline.registers.daily import flags_of, needs_review
from pipeline.summary import staff_name

SEP = " · "
# What an item is, each file being exactly one of these (the counts add up to the files):
COMPLAINT, FOLLOW_UP, OTHER, QUARANTINED, DUPLICATE = (
    "réclamation", "suite", "autre courrier", "en quarantaine", "doublon")


def short_reason(reason: str | None) -> str:
    """The part of a quarantine reason that says what is wrong, without what to do:
    reasons are written « what is wrong : what to do » (`pipeline.errors`); the whole
    reason is in the note beside the original."""
    text = (reason or "motif inconnu").strip()
    head = text.split(" : ", 1)[0].strip().rstrip(".")
    return head[:1].lower() + head[1:] if head[1:2].islower() else head


def kind_of(item: Item) -> str:
    """A new complaint, a later letter about an open one, other mail, or quarantined."""
    if item.outcome is not None and item.outcome.status == FilingStatus.QUARANTINED:
        return QUARANTINED
    if item.decision and item.decision.follow_up_of:
        return FOLLOW_UP
    return COMPLAINT if item.is_complaint else OTHER


def item_line(item: Item, names: Mapping[str, str], tag: str = "") -> str:
    """« [3/6] x.pdf → REC-… · réclamation · Médiateur · à vérifier → Marie Lefèvre »."""
    name = intake.shown(item.source.source_file)
    parts = [item.id]
    outcome, decision, kind = item.outcome, item.decision, kind_of(item)
    if outcome is not None and kind == QUARANTINED:
        parts.append(f"en quarantaine : {short_reason(outcome.error)}")
        if outcome.location:
            parts.append(f"motif dans {PurePosixPath(outcome.location).with_suffix(NOTE_SUFFIX)}")
        return f"{tag} {name} → {SEP.join(parts)}".strip()
    complaint = item.is_complaint
    parts.append(f"suite de {decision.follow_up_of}" if decision and kind == FOLLOW_UP else kind)
    mediator, misdirected = flags_of(item)
    if mediator:
        parts.append("Médiateur")
    if misdirected:
        redirect = (decision.redirect_to if decision else None) or (
            item.findings.redirect_to if item.findings else None)
        parts.append(("mal orientée" if complaint else "mal orienté")
                     + (f" (pour {redirect})" if redirect else ""))
    if needs_review(item):
        parts.append("à vérifier")
    owner = staff_name(decision.owner, names) if decision else None
    return f"{tag} {name} → {SEP.join(parts)}".strip() + (f" → {owner}" if owner else "")


def duplicate_line(source_file: str, of_id: str, folder: str, tag: str = "") -> str:
    name = intake.shown(source_file)
    return (f"{tag} {name} → doublon de {of_id} (mêmes octets){SEP}rangé dans "
            f"{folder}/").strip()


@dataclass
class Tally:
    """A batch's counts: each file counted once by what it is (`kind_of`), then how many
    are for the Mediator, to redirect, and to check, which any kind of item may be."""

    kinds: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)

    @property
    def files(self) -> int:
        return sum(self.kinds.values())

    def add(self, item: Item) -> None:
        self.kinds[kind_of(item)] += 1
        mediator, misdirected = flags_of(item)
        # numbers, not booleans: Counter.update stores a first mapping's values as they are
        self.flags.update({"Médiateur": int(mediator), "à réorienter": int(misdirected),
                           "à vérifier": int(needs_review(item))})

    def add_duplicate(self) -> None:
        self.kinds[DUPLICATE] += 1

    def line(self) -> str:
        """« 6 fichiers : 3 réclamations, 1 autre courrier, 1 en quarantaine, 1 doublon ;
        à vérifier : 1 » — the Mediator's and the misdirected when there are some."""
        k = self.kinds
        parts = [count(k[COMPLAINT], "réclamation")]
        if k[FOLLOW_UP]:
            parts.append(count(k[FOLLOW_UP], "suite de réclamation", "suites de réclamation"))
        parts += [count(k[OTHER], "autre courrier", "autres courriers"),
                  count(k[QUARANTINED], "en quarantaine", "en quarantaine"), count(k[DUPLICATE], "doublon")]
        flags = [f"{flag} : {self.flags[flag]}" for flag in ("Médiateur", "à réorienter")
                 if self.flags[flag]]
        flags.append(f"à vérifier : {self.flags['à vérifier']}")
        return f"{count(self.files, 'fichier')} : {', '.join(parts)} ; {', '.join(flags)}"


def waiting_line(names: Iterable[str]) -> str:
    """« en attente : x.pdf (copie en cours) » for files that wait out the stability delay;
    many at once on one line, the first three named."""
    shown = [intake.shown(n) for n in names]
    if len(shown) <= 3:
        return f"en attente : {', '.join(shown)} (copie en cours)"
    return (f"en attente : {len(shown)} fichiers ({', '.join(shown[:3])}, "
            f"et {count(len(shown) - 3, 'autre')}) (copie en cours)")


def stop_line(in_inbox: int, taken: int, in_progress: int) -> str:
    """The one line said when the run is asked to stop (Ctrl-C, SIGTERM): the items being
    read are finished and filed; what waits in inbox/, and what was taken but not read yet
    (in the state folder's work/), is processed by the next run."""
    head = "Arrêt demandé : "
    if in_progress:
        head += ("fin du courrier en cours ; " if in_progress == 1
                 else f"fin des {in_progress} courriers en cours ; ")
    left = in_inbox + taken
    if not left:
        return head + ("aucun autre fichier n'attend." if in_progress else "aucun fichier n'attend.")
    if in_inbox:
        what = f"{count(in_inbox, 'fichier')} {plural_of(in_inbox, 'reste', 'restent')} dans inbox/"
        if taken:
            what += f" (et {taken} {plural_of(taken, 'autre déjà pris', 'autres déjà pris')} en charge)"
    else:
        what = (f"{count(taken, 'fichier')} déjà pris en charge "
                f"{plural_of(taken, 'reste', 'restent')} à traiter")
    return f"{head}{what}, {plural_of(left, 'il sera traité', 'ils seront traités')} au prochain lancement."


Say = Callable[[str], None]


@dataclass
class Progress:
    done: int = 0
    total: int = 0

    def tag(self) -> str:
        return f"[{self.done}/{self.total}]" if self.total > 1 else ""


class MailRoom:
    """The console of one run: says each file's line with its place in the batch
    (« [1/6] » for the first of six new files, the counter restarting with each batch), the
    batch's counts when it ends, files waiting in inbox/ once each, and any other line once
    per run (`once`: the follow-up workbook's problems, read back after every batch)."""

    def __init__(self, say: Say, names: Mapping[str, str]) -> None:
        self.say = say
        self.names = names
        self.progress = Progress()
        self.tally = Tally()
        self.handled = 0  # files handled by this run, all batches together
        self._waiting: set[str] = set()
        self._said: set[str] = set()

    def taken(self, n: int = 1, name: str | None = None) -> None:
        """`n` more files in this batch; `name`, taken from inbox/, may wait again later."""
        self.progress.total += n
        if name is not None:
            self._waiting.discard(name)

    def filed(self, item: Item) -> None:
        self._next()
        self.tally.add(item)
        self.say(item_line(item, self.names, self.progress.tag()))

    def duplicate(self, source_file: str, of_id: str, folder: str) -> None:
        self._next()
        self.tally.add_duplicate()
        self.say(duplicate_line(source_file, of_id, folder, self.progress.tag()))

    def _next(self) -> None:
        self.progress.done += 1
        self.progress.total = max(self.progress.total, self.progress.done)
        self.handled += 1

    def waiting(self, names: Iterable[str]) -> None:
        """Files seen in inbox/ but not ready yet: each said once until it is taken (a file
        that cannot be taken, said once with its reason, is not announced again)."""
        new = sorted(set(names) - self._waiting)
        self._waiting.update(new)
        if new:
            self.say(waiting_line(new))

    def once(self, line: str) -> None:
        if line not in self._said:
            self._said.add(line)
            self.say(line)

    def register_problems(self, problems: Sequence[object], log_file: str, shown: int = 5) -> None:
        """The client register's unusable rows (French, with file and line), for whoever
        maintains the CRM export; past `shown`, the log file has the whole list."""
        for problem in problems[:shown]:
            self.once(f"Registre des clients : {problem}")
        if len(problems) > shown:
            more = count(len(problems) - shown, "autre ligne", "autres lignes")
            self.once(f"Registre des clients : et {more} à corriger (liste dans {log_file})")

    def end_batch(self) -> None:
        """The batch's counts, then a new batch starts from [1/…]."""
        if self.tally.files:
            self.say(self.tally.line())
        self.tally = Tally()
        self.progress = Progress()
