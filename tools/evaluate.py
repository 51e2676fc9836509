"""`make eval`: run the whole product on generated, labelled mail and measure it.

Three sets of wordings, non-client names and fonts, never mixed: *tuning* (the first
rules were tuned on it), *validation* (a second, independent author's; later tuning
is done against it) and *held-out* (never tuned on: the figures to report). For each
set: generate, run `reclam run --once` in a fresh home, export the records and
compare them with the truth, per field, per channel (scan / digital PDF / email) and
per category.

A fourth set, *independent* (`tools/synth/independent/`, seed 53), was written by
another author from the specs alone: other layouts, fonts, wordings, number formats, and
its own client register (Windows-1252, `;`), which is installed as the home's
config/registre in place of the shipped one. Later tuning is done on validation and on
it; held-out stays the figure to report.

    python -m tools.evaluate [--count 200] [--sets tuning,validation,independent,heldout]

Exact-match accuracy counts an empty prediction as right only when the truth is
empty too; precision and recall are over non-empty values. Advertisements have a
sender but no claimant, so their person fields are not scored.

`description` is scored on the complaints only (the truth's `grievance` and `request`,
the sentences a description should quote): right when the quote between « » comes
from one of them, i.e. at least half its word pairs are theirs (a quote is trimmed and
masked, so it is never the sentence exactly); a complaint described without a quote is
wrong.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.client_register import reference_key
from pipeline.deadlines import ack_due, answer_due
from pipeline.textnorm import plain
from pipeline.understand.names import civilite_of
from tools.synth import independent
from tools.synth.mail import generate

REPO = Path(__file__).resolve().parents[1]
SEEDS = {"tuning": 11, "heldout": 29, "validation": 47, "independent": 53}
GROUPS = {"scan_png": "scan", "scan_tiff": "scan", "scan_pdf": "scan", "digital_pdf": "pdf"}

Getter = Callable[[dict[str, Any]], Any]


def _fold(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).casefold().split()) or None
    return value


def _civilite(value: Any) -> Any:
    """The same title however the register or the letter writes it ("MME", "Monsieur"),
    as the product itself reads titles."""
    return (civilite_of(str(value)) or value) if value else None


def _claimant(key: str, norm: Callable[[Any], Any] = _fold) -> Getter:
    return lambda r: norm((r.get("claimant") or {}).get(key))


def _phones(r: dict[str, Any]) -> Any:
    phones = (r.get("claimant") or {}).get("telephones") or []
    return tuple(sorted(phones)) or None


def _refs(r: dict[str, Any]) -> Any:
    refs = r.get("references") or {}
    keys = {reference_key(n) for n in (refs.get("contrats") or []) + (refs.get("sinistres") or [])}
    return tuple(sorted(keys)) or None


def _representative(r: dict[str, Any]) -> Any:
    rep = r.get("representative")
    return (_fold(rep.get("nom")), _fold(rep.get("qualite"))) if rep else None


def _deadlines(t: dict[str, Any]) -> Any:
    """The deadlines the truth implies: rules.md's computation from the true sending date."""
    if not (t["is_complaint"] or t["mediator"] or t["misdirected"]):
        return None
    sent = date.fromisoformat(t["sent_on"] or t["received_on"])
    return (ack_due(sent).isoformat(), answer_due(sent).isoformat())


# field -> (getter on a truth, getter on a record)
FIELDS: dict[str, tuple[Getter, Getter]] = {
    "civilite": (_claimant("civilite", _civilite), _claimant("civilite", _civilite)),
    "nom": (_claimant("nom"), _claimant("nom")),
    "prenom": (_claimant("prenom"), _claimant("prenom")),
    "adresse": (_claimant("adresse"), _claimant("adresse")),
    "code_postal": (_claimant("code_postal"), _claimant("code_postal")),
    "ville": (_claimant("ville"), _claimant("ville")),
    "telephones": (_phones, _phones),
    "email": (_claimant("email"), _claimant("email")),
    "statut": (_claimant("statut"), _claimant("statut")),
    "representant": (_representative, _representative),
    "references": (_refs, _refs),
    "sent_on": (lambda t: t["sent_on"] or t["received_on"], lambda r: r.get("sent_on")),
    "category": (lambda t: t["category"] if t["is_complaint"] else None,
                 lambda r: r.get("category") if r.get("is_complaint") else None),
    "redirect_to": (lambda t: _fold(t["redirect_to"]), lambda r: _fold(r.get("redirect_to"))),
    "deadlines": (_deadlines,
                  lambda r: (r["ack_due"], r["answer_due"]) if r.get("ack_due") else None),
    "owner": (lambda t: t["expected_owner"], lambda r: r.get("owner")),
    # the register entry linked: its recall is "client found", its precision "right client"
    "client_id": (lambda t: t.get("client_id"), lambda r: r.get("client_id")),
    "missing_fields": (lambda t: tuple(sorted(t["missing_fields"])),
                       lambda r: tuple(sorted(r.get("missing_fields") or []))),
}
FLAGS = {"is_complaint": "is_complaint", "mediator": "mediator", "misdirected": "misdirected"}
# An advertisement has a sender but no claimant: its person fields are not scored.
PERSON_FIELDS = {"civilite", "nom", "prenom", "adresse", "code_postal", "ville", "telephones",
                 "email", "statut", "representant"}
NO_CLAIMANT = {"publicité"}


_QUOTE = re.compile(r"«\s*(.+?)\s*»")
QUOTE_SHARE = 0.5  # of the quote's word pairs found in the truth's sentences


def _word_pairs(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"\w+", plain(text))
    return set(zip(words, words[1:], strict=False))


def description_hit(truth: dict[str, Any], record: dict[str, Any]) -> bool | None:
    """Whether the description quotes the grievance or the request; None when not scored
    (not a complaint, or the truth has neither sentence)."""
    said = [s for s in (truth.get("grievance"), truth.get("request")) if s]
    if not truth["is_complaint"] or not said:
        return None
    quote = _QUOTE.search(record.get("description") or "")
    pairs = _word_pairs(quote.group(1)) if quote else set()
    if not pairs:
        return False
    return len(pairs & _word_pairs(" ".join(said))) >= QUOTE_SHARE * len(pairs)


def run_set(name: str, count: int, scratch: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    letters = scratch / f"{name}-letters"
    register = REPO / "config" / "registre"
    truths: list[tuple[str, dict[str, Any]]]   # (file name, truth)
    if name == "independent":   # its own register, generated with the letters
        register = scratch / f"{name}-registre"
        truths = [(t["file"], t) for t in independent.generate(
            letters, register, seed=SEEDS[name], count=count, day=date(2026, 11, 20))]
    else:
        truths = [(t.file, t.to_json()) for t in generate(
            letters, seed=SEEDS[name], count=count, wordings=name, register_dir=register,
            day=date(2026, 11, 20))]
    home = scratch / f"{name}-home"
    (home / "config").mkdir(parents=True)
    config = (REPO / "config" / "cabinet.toml").read_text(encoding="utf-8")
    (home / "config" / "cabinet.toml").write_text(
        config.replace("delai_stabilite_s = 5", "delai_stabilite_s = 0"), encoding="utf-8")
    shutil.copytree(register, home / "config" / "registre")
    shutil.copytree(letters, home / "inbox", ignore=shutil.ignore_patterns("truth.jsonl"))
    subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), "run", "--once"],
                   check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), "export"],
                         check=True, capture_output=True, text=True).stdout
    records = {r["source_file"]: r for r in map(json.loads, out.splitlines())}
    return [(t, records.get(file, {})) for file, t in truths]


def _group(truth: dict[str, Any]) -> str:
    return GROUPS.get(truth["kind"], "email")


def score(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    groups = ["all", "scan", "pdf", "email"]
    exact: dict[str, dict[str, list[int]]] = {f: {g: [0, 0] for g in groups} for f in FIELDS}
    pr: dict[str, list[int]] = {f: [0, 0, 0] for f in FIELDS}  # correct non-empty, predicted, true
    flags: dict[str, dict[str, int]] = {f: collections.Counter() for f in FLAGS}
    by_category: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    described = {g: [0, 0] for g in groups}
    for truth, record in pairs:
        hit = description_hit(truth, record)
        if hit is not None:
            for g in ("all", _group(truth)):
                described[g][0] += hit
                described[g][1] += 1
        for field, (want_of, got_of) in FIELDS.items():
            if field in PERSON_FIELDS and truth["category"] in NO_CLAIMANT:
                continue
            want, got = want_of(truth), got_of(record)
            for g in ("all", _group(truth)):
                exact[field][g][0] += want == got
                exact[field][g][1] += 1
            pr[field][0] += want is not None and want == got
            pr[field][1] += got is not None
            pr[field][2] += want is not None
        for flag, key in FLAGS.items():
            want, got = bool(truth[key]), bool(record.get(key))
            flags[flag]["tp" if want and got else "fp" if got else "fn" if want else "tn"] += 1
        cat = truth["category"]
        by_category[cat]["n"] += 1
        by_category[cat]["complaint_ok"] += bool(truth["is_complaint"]) == bool(
            record.get("is_complaint"))
        if cat not in NO_CLAIMANT:
            by_category[cat]["nom_ok"] += FIELDS["nom"][0](truth) == FIELDS["nom"][1](record)
    result: dict[str, Any] = {"items": len(pairs), "exact": {}, "precision_recall": {},
                              "flags": {}, "by_category": {}}
    for field in FIELDS:
        result["exact"][field] = {g: (c / n if n else None) for g, (c, n) in exact[field].items()}
        correct, predicted, true = pr[field]
        result["precision_recall"][field] = {
            "precision": correct / predicted if predicted else None,
            "recall": correct / true if true else None}
    result["exact"]["description"] = {g: (c / n if n else None) for g, (c, n) in described.items()}
    result["precision_recall"]["description"] = {"precision": None, "recall": None}
    for flag, c in flags.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
        f1 = 2 * p * r / (p + r) if p and r else None
        result["flags"][flag] = {"precision": p, "recall": r, "f1": f1, **c}
    for cat, c in sorted(by_category.items()):
        result["by_category"][cat] = {
            "n": c["n"], "complaint_ok": c["complaint_ok"] / c["n"],
            "nom_ok": None if cat in NO_CLAIMANT else c["nom_ok"] / c["n"]}
    return result


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def render(name: str, result: dict[str, Any]) -> str:
    lines = [f"== {name}: {result['items']} items =="]
    lines.append(f"{'field':15} {'all':>6} {'scan':>6} {'pdf':>6} {'email':>6}   "
                 f"{'P':>6} {'R':>6}")
    for field, by_group in result["exact"].items():
        pr = result["precision_recall"][field]
        lines.append(f"{field:15} " + " ".join(_pct(by_group[g]) for g in
                                               ("all", "scan", "pdf", "email"))
                     + f"   {_pct(pr['precision'])} {_pct(pr['recall'])}")
    lines.append(f"{'flag':15} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn/tn")
    for flag, m in result["flags"].items():
        lines.append(f"{flag:15} {_pct(m['precision'])} {_pct(m['recall'])} {_pct(m['f1'])}   "
                     f"{m.get('tp', 0)}/{m.get('fp', 0)}/{m.get('fn', 0)}/{m.get('tn', 0)}")
    lines.append(f"{'category (truth)':30} {'n':>4} {'complaint?':>10} {'nom':>6}")
    for cat, m in result["by_category"].items():
        lines.append(f"{cat:30} {m['n']:4d} {_pct(m['complaint_ok']):>10} {_pct(m['nom_ok'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure reading on generated mail.")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--sets", default="tuning,validation,independent,heldout")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets.split(","):
            pairs = run_set(name, args.count, Path(tmp))
            result = score(pairs)
            (args.out / f"eval-{name}.json").write_text(json.dumps(result, indent=2))
            (args.out / f"eval-{name}-pairs.jsonl").write_text(
                "".join(json.dumps({"truth": t, "record": r}, ensure_ascii=False) + "\n"
                        for t, r in pairs))
            print(render(name, result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
