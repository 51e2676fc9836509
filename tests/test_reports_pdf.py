"""Documents made PDFs by LibreOffice: a large batch is split into calls soffice completes
(it silently converts at most about 246 documents per call), and every document gets its
PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.reports import pdf


def test_a_batch_larger_than_one_call_is_converted_whole(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PER_CALL", 2)
    calls: list[int] = []
    convert = pdf._convert_batch

    def counted(documents: list[Path], targets: dict[Path, Path]) -> dict[Path, Path]:
        calls.append(len(documents))
        return convert(documents, targets)

    monkeypatch.setattr(pdf, "_convert_batch", counted)
    docs = []
    for folder, n in (("a", 0), ("a", 1), ("a", 2), ("b", 0)):  # two of one name
        (tmp_path / folder).mkdir(exist_ok=True)
        doc = tmp_path / folder / f"lettre-{n}.txt"
        doc.write_text(f"Courrier numéro {n} : réclamation reçue.\n", encoding="utf-8")
        docs.append(doc)
    made = pdf.convert_all(docs)
    assert calls == [2, 2]  # without the limit: [3, 1]
    assert set(made) == set(docs)
    for doc, target in made.items():
        assert target == doc.with_suffix(".pdf") and target.read_bytes().startswith(b"%PDF")
