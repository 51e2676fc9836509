"""Vocabularies as data: every shipped file loads; a bad entry names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import SetupError
from pipeline.understand import lexicon


def test_every_shipped_lexicon_loads() -> None:
    names = lexicon.check_all()
    assert "mailroom_stamps" in names
    assert "recu le" in lexicon.words("mailroom_stamps")


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "line", "said"), [
    ("# kind: patterns\nok\n(unclosed\n", 3, "expression invalide"),
    ("# kind: table 2\na | b\nc\n", 3, "2 colonne(s)"),
    ("# kind: words\nrecu\n# comment\nrecu\n", 4, "déjà donnée ligne 2"),
    ("mots\n", 1, "première ligne"),
    ("# kind: table\na | b\n", 1, "sans nombre de colonnes"),
    ("# kind: expressions\nok | a|b\nbad | (a|\n    b\n", 3, "expression invalide"),
    ("# kind: expressions\nok | a\nok | b\n", 3, "déjà donnée ligne 2"),
    ("# kind: expressions\nalone\n", 2, "2 colonne(s)"),
])
def test_bad_entry_stops_with_file_and_line(tmp_path: Path, text: str, line: int,
                                            said: str) -> None:
    path = _write(tmp_path, "bad", text)
    with pytest.raises(SetupError) as error:
        lexicon.check_all(tmp_path)
    assert f"{path}:{line}" in str(error.value)
    assert said in str(error.value)


def test_trailing_comment_and_table_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "t", "# kind: table 2\n# a comment\npolice | contrat  # why\n\n")
    kind, entries = lexicon.parse(path)
    assert kind == "table"
    assert [e.fields for e in entries] == [("police", "contrat")]
    assert entries[0].line == 3


def test_a_value_that_does_not_convert_names_its_line(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "mois", "# kind: table 2\njanvier | 1\nfevrier | deux\n")
    monkeypatch.setattr(lexicon, "FOLDER", tmp_path)
    with pytest.raises(SetupError) as error:
        lexicon.mapping("mois", int)
    assert f"{tmp_path / 'mois'}.txt:3" in str(error.value)


@pytest.mark.parametrize(("row", "said"), [
    (r"\bplainte\b | trois | niable", "valeur invalide"),
    (r"\bplainte( | 3 | niable", "valeur invalide"),
])
def test_a_cue_row_that_does_not_convert_names_its_line(tmp_path: Path, row: str, said: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    _write(tmp_path, "cues", f"# kind: table 3\n\\blitige\\b | 3 | niable\n{row}\n")
    monkeypatch.setattr(lexicon, "FOLDER", tmp_path)
    lexicon._load.cache_clear()
    with pytest.raises(SetupError) as error:
        lexicon.converted("cues", re.compile, float, str)
    lexicon._load.cache_clear()
    assert f"{tmp_path / 'cues'}.txt:3" in str(error.value)
    assert said in str(error.value)


def test_complaint_cues_come_from_the_lexicon_files() -> None:
    from pipeline.understand.complaint import CueKind, cues
    kinds = {cue.kind for cue in cues()}
    assert kinds == set(CueKind)
    assert any(cue.pattern.search("je conteste") and cue.negatable for cue in cues())


def test_expressions_are_named_case_insensitive_and_go_on_over_indented_lines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "cues", "# kind: expressions\n# a comment\n"
                             "closing | (cordialement|\n    salutations)  # why\n"
                             "pipe | a | b\n")
    monkeypatch.setattr(lexicon, "FOLDER", tmp_path)
    lexicon._load.cache_clear()
    try:
        cues = lexicon.expressions("cues")
    finally:
        lexicon._load.cache_clear()
    assert cues["closing"].pattern == "(cordialement|salutations)"
    assert cues["closing"].search("Sincères SALUTATIONS")
    assert cues["pipe"].pattern == "a | b"  # the expression may hold " | "
