"""The journal: one item per content, duplicates recorded, an append-only audit log."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from pipeline.journal import Journal
from pipeline.journal_model import ItemState
from pipeline.record import Channel, FilingStatus, Item, Outcome, Source


def _item(item_id: str, sha: str = "abc") -> Item:
    return Item(Source(item_id, "lettre.pdf", sha, "2026-11-26T09:00:00+01:00",
                       "2026-11-26T09:01:00+01:00", Channel.LETTER, 10, "pdf"))


def test_same_bytes_twice_make_one_item_and_a_duplicate_drop(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        first = journal.record_drop("t1", "a.pdf", "abc", "var/work/t1__a.pdf",
                                    lambda i: _item(i))
        second = journal.record_drop("t2", "copie.pdf", "abc", "var/work/t2__copie.pdf",
                                     lambda i: _item(i))
        assert first.duplicate_of is None
        assert second.duplicate_of == first.item_id
        assert len(journal.pending_items()) == 1
        assert [d.token for d in journal.pending_duplicates()] == ["t2"]
        kinds = [e["kind"] for e in journal.events(first.item_id)]
        assert kinds == ["recu", "doublon-recu"]


def test_ids_are_sequential_and_readable(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        ids = [journal.record_drop(f"t{n}", f"{n}.pdf", f"sha{n}", f"w{n}",
                                   lambda i: _item(i)).item_id for n in range(3)]
    year = ids[0].split("-")[1]
    assert ids == [f"REC-{year}-00000{n}" for n in (1, 2, 3)]


def test_a_record_survives_the_journal(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        claim = journal.record_drop("t1", "a.pdf", "abc", "w", lambda i: _item(i))
        item = _item(claim.item_id)
        done = Item(item.source, outcome=Outcome(FilingStatus.QUARANTINED, "quarantaine/x.pdf",
                                                 "Le PDF est protégé.", "pdf-chiffre"))
        journal.save_processed(done)
        journal.mark_filed(done)
        assert journal.states() == {claim.item_id: ItemState.QUARANTINED}
        assert list(journal.items()) == [done]


def test_the_audit_log_cannot_be_rewritten(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        journal.record_drop("t1", "a.pdf", "abc", "w", lambda i: _item(i))
    db = sqlite3.connect(tmp_path / "j.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE events SET kind = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM events")


def test_open_complaints_are_filed_unanswered_complaints_not_follow_ups(tmp_path: Path) -> None:
    from dataclasses import replace

    from pipeline.record import Decision, Findings

    def filed(journal: Journal, n: int, complaint: bool, follow_up_of: str | None = None,
              status: FilingStatus = FilingStatus.FILED) -> str:
        claim = journal.record_drop(f"t{n}", f"{n}.pdf", f"sha{n}", "w", lambda i: _item(i))
        item = replace(_item(claim.item_id), findings=Findings(is_complaint=complaint),
                       decision=Decision("mlefevre", "r", follow_up_of=follow_up_of),
                       outcome=Outcome(status, f"outbox/{n}.pdf"))
        journal.save_processed(item)
        journal.mark_filed(item)
        return item.id

    with Journal(tmp_path / "j.sqlite3") as journal:
        open_one = filed(journal, 1, complaint=True)
        answered = filed(journal, 2, complaint=True)
        journal.set_followup(answered, {"answered_on": "2026-11-30"}, "test")
        filed(journal, 3, complaint=False)
        filed(journal, 4, complaint=True, follow_up_of=open_one)
        filed(journal, 5, complaint=True, status=FilingStatus.QUARANTINED)
        assert [i.id for i in journal.open_complaints()] == [open_one]


def test_items_of_day_are_the_final_items_taken_that_day(tmp_path: Path) -> None:
    def filed(item_id: str, taken_at: str) -> Item:
        source = Source(item_id, f"{item_id}.pdf", f"sha-{item_id}", taken_at, taken_at,
                        Channel.LETTER, 10, "pdf")
        return Item(source, outcome=Outcome(FilingStatus.FILED, f"outbox/{item_id}.pdf"))

    first = filed("REC-2026-000001", "2026-11-26T09:00:00+01:00")
    next_day = filed("REC-2026-000002", "2026-11-27T00:10:00+01:00")
    late = filed("REC-2026-000003", "2026-11-26T23:50:00+01:00")
    with Journal(tmp_path / "j.sqlite3") as journal:
        for item in (first, next_day, late):
            journal.restore_item(item, [])
        journal.record_drop("t9", "en-cours.pdf", "sha-open", "w", lambda i: _item(i))
        assert journal.items_of_day(date(2026, 11, 26)) == [first, late]
        assert journal.items_of_day(date(2026, 11, 27)) == [next_day]
        assert journal.items_of_day(date(2026, 11, 28)) == []


def test_pending_items_are_read_again_only_after_a_change(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        claim = journal.record_drop("t1", "a.pdf", "abc", "w", lambda i: _item(i))
        first = journal.pending_items()
        again = journal.pending_items()
        assert again == first and again[0].item is first[0].item  # not parsed again
        again.clear()  # the caller's list is its own
        assert journal.pending_items() == first
        journal.note_worker_crash(claim.item_id, "worker died")  # a write here
        assert [p.attempts for p in journal.pending_items()] == [1]
        with Journal(tmp_path / "j.sqlite3") as other:  # a commit by another connection
            other.note_worker_crash(claim.item_id, "worker died")
        assert [p.attempts for p in journal.pending_items()] == [2]
        done = Item(_item(claim.item_id).source, outcome=Outcome(FilingStatus.FILED, "outbox/a.pdf"))
        journal.save_processed(done)
        assert [p.state for p in journal.pending_items()] == [ItemState.PROCESSED]
        journal.mark_filed(done)
        assert journal.pending_items() == []


def test_the_pending_set_kept_in_memory_is_what_a_fresh_read_finds(tmp_path: Path) -> None:
    """Claims, records, worker deaths and filings in random order: after each, the set
    kept in step with this connection's writes equals the journal read afresh."""
    rng = random.Random(15)
    path = tmp_path / "j.sqlite3"
    with Journal(path) as journal:
        journal.pending_items()  # read once: from here on kept in memory
        claimed: list[str] = []
        for n in range(120):
            step = rng.random()
            if step < 0.4 or not claimed:
                claimed.append(journal.record_drop(f"t{n}", f"{n}.pdf", f"sha{n}", f"w{n}",
                                                   lambda i: _item(i)).item_id)
            else:
                item_id = rng.choice(claimed)
                done = Item(_item(item_id).source,
                            outcome=Outcome(FilingStatus.FILED, f"outbox/{item_id}.pdf"))
                if step < 0.6:
                    journal.note_worker_crash(item_id, "worker died")
                elif step < 0.8:
                    journal.save_processed(done)
                else:
                    journal.mark_filed(done)
                    claimed.remove(item_id)
            with Journal(path) as fresh:
                assert journal.pending_items() == fresh.pending_items()
        assert [p.item.id for p in journal.pending_items()] == claimed
