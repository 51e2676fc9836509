"""Intake: only final, complete, stable files are taken; orphans of a crash are found."""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import pytest

from pipeline import intake
from pipeline.journal import Journal
from pipeline.workspace import Workspace
from tests.makers import text_pdf


@pytest.mark.parametrize("name", [".cache", "~$lettre.docx", "scan.pdf.part", "x.tmp",
                                  "Thumbs.db", "copie.crdownload"])
def test_hidden_and_temporary_names_wait(name: str) -> None:
    assert intake.is_waiting_name(name)


@pytest.mark.parametrize("name", ["scan_0042.pdf", "Réclamation Dupont.eml", "IMG 1.JPG"])
def test_ordinary_names_are_taken(name: str) -> None:
    assert not intake.is_waiting_name(name)


def test_a_pdf_still_being_written_is_not_complete(tmp_path: Path) -> None:
    pdf = text_pdf()
    (tmp_path / "half.pdf").write_bytes(pdf[: len(pdf) // 2])
    (tmp_path / "whole.pdf").write_bytes(pdf)
    assert not intake.looks_complete(tmp_path / "half.pdf")
    assert intake.looks_complete(tmp_path / "whole.pdf")


def test_a_file_is_ready_only_once_stable(tmp_path: Path) -> None:
    tracker = intake.InboxTracker(tmp_path, stable_s=0.3)
    path = tmp_path / "lettre.pdf"
    path.write_bytes(text_pdf())
    assert tracker.ready() == []
    time.sleep(0.35)
    assert tracker.ready() == [path]


def test_a_growing_file_is_not_ready(tmp_path: Path) -> None:
    tracker = intake.InboxTracker(tmp_path, stable_s=0.2)
    path = tmp_path / "lettre.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    tracker.ready()
    time.sleep(0.25)
    with path.open("ab") as f:
        f.write(b"more bytes\n")
    os.utime(path, ns=(0, 0))  # a copy that keeps old timestamps still changes size
    assert tracker.ready() == []


def test_an_orphan_left_by_a_crash_is_registered(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.ensure()
    (ws.inbox / "sous-dossier").mkdir()
    source = ws.inbox / "sous-dossier" / "lettre.pdf"
    source.write_bytes(text_pdf())
    work_path, _ = intake.take(source, ws)  # ... and the process dies here
    with Journal(ws.journal_file) as journal:
        orphans = list(intake.orphans(ws, journal))
        assert orphans == [work_path]
        claim = intake.journal_taken(work_path, ws, journal)
        assert list(intake.orphans(ws, journal)) == []
        (pending,) = journal.pending_items()
    assert pending.item.id == claim.item_id
    assert pending.item.source.source_file == "sous-dossier/lettre.pdf"
    assert pending.item.source.kind == "pdf"


def test_intake_keeps_bytes_hash_and_journal_without_the_text_stage() -> None:
    tree = ast.parse(Path(intake.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    assert {"pipeline.sniff", "pipeline.entry", "pipeline.journal"} <= imported
    assert not [m for m in imported if m == "pipeline.text" or m.startswith("pipeline.text.")]
