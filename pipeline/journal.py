"""The journal: one SQLite database (WAL) that is the single source of truth.

Its tables are in `pipeline.journal_schema`: items (one per distinct content, with its
state and record), drops (one per file taken from inbox/ or message from a mailbox), the
append-only events, counters, follow-ups and the messages taken from mailboxes (read and
written by `pipeline.mailbox.ledger` through `connection`). Only the parent process writes; workers never open the journal.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pipeline import clock
from pipeline.errors import SetupError
from pipeline.journal_model import (
    EMPTY_SHA256,
    FOLLOWUP_FIELDS,
    AnswerOutcome,
    Claim,
    DropRole,
    FollowUp,
    ItemState,
    PendingDuplicate,
    PendingItem,
)
from pipeline.journal_schema import SCHEMA
from pipeline.record import Item


class Journal:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
        # the pending set, read once, then kept in step with this connection's writes;
        # read again when another connection commits (PRAGMA data_version)
        self._pending: tuple[int, dict[str, PendingItem]] | None = None
        self._decoded: dict[str, tuple[str, Item]] = {}  # id -> (record as stored, parsed)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)
            self._db.execute("SELECT count(*) FROM items").fetchone()
        except sqlite3.DatabaseError as exc:  # "file is not a database", "disk image is malformed"
            self._db.close()
            raise SetupError(
                f"le journal {path} est illisible ({exc}) : restaurez-le depuis une sauvegarde, "
                "ou mettez-le de côté puis reconstruisez-le avec « reclam verifier "
                "--reconstruire ». Aucun fichier n'a été touché.") from exc

    @property
    def connection(self) -> sqlite3.Connection:
        """For the journal's own table modules (`pipeline.mailbox.ledger`), parent only."""
        return self._db

    def count_items(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM items").fetchone()[0])

    def restore_item(self, item: Item, duplicates: list[tuple[str, str, str]]) -> None:
        """Put back, from the filed folders, an item a lost journal knew: its record as far
        as the folders tell, final where its original lies, with its duplicates
        (token, source_file, location); numbering goes on after it."""
        self._pending = None  # read again after a rebuild
        assert item.outcome is not None
        state = ItemState(item.outcome.status.value)
        year, number = int(item.id.split("-")[1]), int(item.id.split("-")[2])
        self._begin()
        try:
            self._db.execute(
                "INSERT INTO items(id, sha256, source_file, state, location, taken_at, record,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (item.id, item.source.sha256 if item.source.sha256 != EMPTY_SHA256
                 else f"{EMPTY_SHA256}#{item.id}", item.source.source_file, state,
                 item.outcome.location, item.source.taken_at,
                 json.dumps(item.to_json(), ensure_ascii=False), clock.iso(clock.now())))
            for token, source_file, location in [(item.id, item.source.source_file,
                                                  item.outcome.location), *duplicates]:
                role = DropRole.ORIGINAL if token == item.id else DropRole.DUPLICATE
                self._db.execute(
                    "INSERT INTO drops(token, source_file, sha256, item_id, role, state,"
                    " work_path, location, taken_at) VALUES (?, ?, ?, ?, ?, 'filed', '', ?, ?)",
                    (token, source_file, item.source.sha256, item.id, role, location,
                     item.source.taken_at))
            self._db.execute(
                "INSERT INTO counters(year, last) VALUES (?, ?) ON CONFLICT(year) DO UPDATE"
                " SET last = max(last, excluded.last)", (year, number))
            self._event(item.id, "reconstruit", {"emplacement": item.outcome.location})
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------

    def _begin(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def _event(self, item_id: str | None, kind: str, detail: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO events(at, item_id, kind, detail) VALUES (?, ?, ?, ?)",
            (clock.iso(clock.now()), item_id, kind, json.dumps(detail, ensure_ascii=False)),
        )

    def _next_id(self, year: int) -> str:
        row = self._db.execute("SELECT last FROM counters WHERE year = ?", (year,)).fetchone()
        last = (row[0] if row else 0) + 1
        self._db.execute(
            "INSERT INTO counters(year, last) VALUES (?, ?) "
            "ON CONFLICT(year) DO UPDATE SET last = excluded.last",
            (year, last),
        )
        return f"REC-{year}-{last:06d}"

    def record_drop(
        self, token: str, source_file: str, sha256: str, work_path: str,
        new_item: Callable[[str], Item],
    ) -> Claim:
        """Record one file taken from inbox/.

        `new_item(item_id) -> Item` builds the first record when the bytes are new.
        The same bytes seen before make a duplicate drop of the existing item; an empty
        file never does (two empty files are two mistakes, each quarantined as empty).
        """
        taken_at = clock.iso(clock.now())
        self._begin()
        try:
            row = None if sha256 == EMPTY_SHA256 else self._db.execute(
                "SELECT id FROM items WHERE sha256 = ?", (sha256,)).fetchone()
            if row:
                item_id, duplicate_of = row[0], row[0]
                role = DropRole.DUPLICATE
                self._event(item_id, "doublon-recu", {"fichier": source_file, "jeton": token})
            else:
                item_id, duplicate_of = self._next_id(clock.now().year), None
                role = DropRole.ORIGINAL
                item: Item = new_item(item_id)
                self._db.execute(
                    "INSERT INTO items(id, sha256, source_file, state, work_path, taken_at, record,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    # the content key: an empty file's is made unique, it is no one's duplicate
                    (item_id, sha256 if sha256 != EMPTY_SHA256 else f"{sha256}#{token}",
                     source_file, ItemState.CLAIMED, work_path, taken_at,
                     json.dumps(item.to_json(), ensure_ascii=False), taken_at),
                )
                self._event(item_id, "recu", {"fichier": source_file, "sha256": sha256})
                self._pending = None  # read again: a recovered orphan may sort before others
            self._db.execute(
                "INSERT INTO drops(token, source_file, sha256, item_id, role, state, work_path,"
                " taken_at) VALUES (?, ?, ?, ?, ?, 'claimed', ?, ?)",
                (token, source_file, sha256, item_id, role, work_path, taken_at),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return Claim(item_id=item_id, duplicate_of=duplicate_of)

    def save_processed(self, item: Item) -> None:
        """The record is complete; the original is about to be filed."""
        assert item.outcome is not None  # checked before the transaction opens
        detail: dict[str, Any] = {"statut": item.outcome.status.value}
        if item.outcome.error:
            detail["motif"] = item.outcome.error
        record = json.dumps(item.to_json(), ensure_ascii=False)
        self._begin()
        self._db.execute(
            "UPDATE items SET state = ?, record = ?, updated_at = ? WHERE id = ?",
            (ItemState.PROCESSED, record, clock.iso(clock.now()), item.id),
        )
        self._event(item.id, "traite", detail)
        self._db.execute("COMMIT")
        self._keep_pending(item.id, lambda p: replace(p, item=item, state=ItemState.PROCESSED))

    def mark_filed(self, item: Item) -> None:
        """The original lies at item.outcome.location: the item is final."""
        assert item.outcome is not None
        state = ItemState(item.outcome.status.value)
        self._begin()
        self._db.execute(
            "UPDATE items SET state = ?, location = ?, work_path = NULL, record = ?,"
            " updated_at = ? WHERE id = ?",
            (state, item.outcome.location, json.dumps(item.to_json(), ensure_ascii=False),
             clock.iso(clock.now()), item.id),
        )
        self._db.execute(
            "UPDATE drops SET state = 'filed', location = ? WHERE item_id = ? AND role = ?",
            (item.outcome.location, item.id, DropRole.ORIGINAL),
        )
        kind = "classe" if state == ItemState.FILED else "quarantaine"
        self._event(item.id, kind, {"emplacement": item.outcome.location})
        self._db.execute("COMMIT")
        self._keep_pending(item.id, lambda p: None)

    def mark_duplicate_filed(self, token: str, item_id: str, location: str) -> None:
        self._begin()
        self._db.execute(
            "UPDATE drops SET state = 'filed', location = ? WHERE token = ?", (location, token)
        )
        self._event(item_id, "doublon-classe", {"jeton": token, "emplacement": location})
        self._db.execute("COMMIT")

    def note(self, item_id: str, kind: str, detail: dict[str, Any]) -> None:
        """An event of the audit log about an item, on its own."""
        self._begin()
        self._event(item_id, kind, detail)
        self._db.execute("COMMIT")

    def save_letters(self, item: Item, events: list[dict[str, Any]]) -> None:
        """The letters drafted for `item` (its `letters`) into its record, one
        « courrier-redige » event per letter written (`events`: their details)."""
        letters = json.dumps(item.to_json()["letters"], ensure_ascii=False)
        self._begin()
        self._db.execute("UPDATE items SET record = json_set(record, '$.letters', json(?)),"
                         " updated_at = ? WHERE id = ?", (letters, clock.iso(clock.now()), item.id))
        for detail in events:
            self._event(item.id, "courrier-redige", detail)
        self._db.execute("COMMIT")

    def open_complaints(self) -> list[Item]:
        """Final, filed complaints not answered yet (per the follow-up), oldest first.

        Called once per filed item: the filter runs in SQL, so only open complaints'
        records are parsed, not the whole journal's."""
        rows = self._db.execute(
            "SELECT i.record FROM items i LEFT JOIN followups f ON f.item_id = i.id"
            " WHERE i.state = ? AND f.answered_on IS NULL"
            " AND json_extract(i.record, '$.findings.is_complaint') = 1"
            " AND json_extract(i.record, '$.decision.follow_up_of') IS NULL"
            " ORDER BY i.taken_at, i.id",
            (ItemState.FILED,),
        )
        return [Item.from_json(json.loads(record)) for (record,) in rows]

    def note_worker_crash(self, item_id: str, detail: str) -> int:
        """A worker died while it held this item alone; returns the attempts so far."""
        self._begin()
        self._db.execute("UPDATE items SET attempts = attempts + 1 WHERE id = ?", (item_id,))
        self._event(item_id, "echec-travailleur", {"detail": detail})
        self._db.execute("COMMIT")
        row = self._db.execute("SELECT attempts FROM items WHERE id = ?", (item_id,)).fetchone()
        self._keep_pending(item_id, lambda p: replace(p, attempts=int(row[0])))
        return int(row[0])

    def set_followup(self, item_id: str, changes: dict[str, Any], source: str) -> list[str]:
        """Record follow-up values; every change enters the audit log (old and new value).
        `source` says where it came from ("suivi-reclamations.xlsx", "reclam suivi").
        Returns the fields that changed."""
        current = self.followups().get(item_id) or FollowUp(item_id)
        changed = []
        self._begin()
        try:
            if self._db.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is None:
                raise KeyError(item_id)
            for key, new in changes.items():
                if key not in FOLLOWUP_FIELDS:
                    raise ValueError(key)
                old = getattr(current, key)
                stored_old = old.value if isinstance(old, StrEnum) else old
                stored_new = new.value if isinstance(new, StrEnum) else new
                if stored_old == stored_new:
                    continue
                self._db.execute(
                    "INSERT INTO followups(item_id, updated_at) VALUES (?, ?) "
                    "ON CONFLICT(item_id) DO NOTHING", (item_id, clock.iso(clock.now())))
                self._db.execute(
                    f"UPDATE followups SET {key} = ?, updated_at = ? WHERE item_id = ?",
                    (stored_new, clock.iso(clock.now()), item_id))
                self._event(item_id, "suivi", {"champ": key, "ancien": stored_old,
                                               "nouveau": stored_new, "source": source})
                changed.append(key)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return changed

    def anonymise(self, item_id: str, record: dict[str, Any], detail: dict[str, Any]) -> None:
        """Replace an item's stored record by its anonymised version (`record`, JSON of
        an Item), blank its follow-up comment, and log « anonymisation » with `detail`.
        The audit log itself is never rewritten."""
        self._begin()
        try:
            done = self._db.execute(
                "UPDATE items SET record = ?, updated_at = ? WHERE id = ?",
                (json.dumps(record, ensure_ascii=False), clock.iso(clock.now()), item_id))
            if done.rowcount != 1:
                raise KeyError(item_id)
            self._db.execute("UPDATE followups SET comment = NULL WHERE item_id = ?", (item_id,))
            self._event(item_id, "anonymisation", detail)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def followups(self) -> dict[str, FollowUp]:
        rows = self._db.execute(
            "SELECT item_id, acknowledged_on, answered_on, outcome, mediator_mentioned, comment"
            " FROM followups").fetchall()
        return {
            r[0]: FollowUp(r[0], r[1], r[2], AnswerOutcome(r[3]) if r[3] else None,
                           None if r[4] is None else bool(r[4]), r[5])
            for r in rows
        }

    # -- reading -------------------------------------------------------------------

    def known_tokens(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT token FROM drops")}

    def _keep_pending(self, item_id: str,
                      change: Callable[[PendingItem], PendingItem | None]) -> None:
        """This connection's write, applied to the pending set in memory (when read)."""
        if self._pending is None:
            return
        pending = self._pending[1]
        if item_id not in pending:
            self._pending = None
            return
        changed = change(pending[item_id])
        if changed is None:
            del pending[item_id]
        else:
            pending[item_id] = changed

    def pending_items(self) -> list[PendingItem]:
        """Items claimed or processed, oldest first. The run asks after each item filed:
        the set is read once, then kept in step with this connection's own writes, and read
        again only when another connection committed (a record parsed again only when its
        stored text changed); reading every pending row again after each item filed made
        a batch of 3 000 quadratic."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._pending is None or self._pending[0] != version:
            rows = self._db.execute(
                "SELECT id, record, state, attempts, work_path FROM items"
                " WHERE state IN (?, ?) ORDER BY taken_at, id",
                (ItemState.CLAIMED, ItemState.PROCESSED),
            ).fetchall()
            decoded = {}
            for item_id, record, *_ in rows:
                known = self._decoded.get(item_id)
                decoded[item_id] = known if known and known[0] == record else (
                    record, Item.from_json(json.loads(record)))
            self._decoded = decoded
            self._pending = (version, {r[0]: PendingItem(decoded[r[0]][1], ItemState(r[2]), r[3],
                                                         r[4]) for r in rows})
        return list(self._pending[1].values())

    def last_change_per_day(self) -> dict[str, str]:
        """For each day items were taken: when the last of its final items changed (ISO)."""
        rows = self._db.execute(
            "SELECT substr(taken_at, 1, 10), max(updated_at) FROM items WHERE state IN (?, ?)"
            " GROUP BY 1", (ItemState.FILED, ItemState.QUARANTINED)).fetchall()
        return dict(rows)

    def pending_duplicates(self) -> list[PendingDuplicate]:
        rows = self._db.execute(
            "SELECT token, item_id, source_file, work_path, taken_at FROM drops"
            " WHERE role = ? AND state = 'claimed' ORDER BY taken_at",
            (DropRole.DUPLICATE,),
        ).fetchall()
        return [PendingDuplicate(*r) for r in rows]

    def items(self, since: str | None = None, final_only: bool = True) -> Iterator[Item]:
        """Items oldest first; `since` is an ISO date compared with the day taken."""
        query = "SELECT record FROM items"
        clauses: list[str] = []
        args: list[str] = []
        if final_only:
            clauses.append("state IN (?, ?)")
            args += [ItemState.FILED.value, ItemState.QUARANTINED.value]
        if since:
            clauses.append("substr(taken_at, 1, 10) >= ?")
            args.append(since)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += " ORDER BY taken_at, id"
        for (record,) in self._db.execute(query, args):
            yield Item.from_json(json.loads(record))

    def item(self, item_id: str) -> Item | None:
        """One filed or quarantined item, by its id (None when there is none)."""
        row = self._db.execute("SELECT record FROM items WHERE id = ? AND state IN (?, ?)",
                               (item_id, ItemState.FILED.value,
                                ItemState.QUARANTINED.value)).fetchone()
        return Item.from_json(json.loads(row[0])) if row else None

    def items_of_day(self, day: date) -> list[Item]:
        """The final items taken on `day` (the day of their `taken_at`), oldest first."""
        wanted = day.isoformat()
        return [i for i in self.items(since=wanted) if i.source.taken_at[:10] == wanted]

    def drops(self) -> list[dict[str, Any]]:
        cur = self._db.execute("SELECT * FROM drops ORDER BY taken_at, token")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def states(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT id, state FROM items").fetchall())

    def events(self, item_id: str | None = None) -> list[dict[str, Any]]:
        query, args = "SELECT seq, at, item_id, kind, detail FROM events", []
        if item_id:
            query += " WHERE item_id = ?"
            args.append(item_id)
        rows = self._db.execute(query + " ORDER BY seq", args).fetchall()
        return [
            {"seq": r[0], "at": r[1], "item_id": r[2], "kind": r[3], "detail": json.loads(r[4])}
            for r in rows
        ]
