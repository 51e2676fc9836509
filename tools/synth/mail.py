"""Generate realistic French incoming mail with its truth, to measure the pipeline.

    python -m tools.synth.mail --out DIR --seed N --count K \\
        [--wordings tuning|heldout] [--kinds scan,pdf,email] \\
        [--register config/registre] [--date 2026-11-20]

writes K files into DIR (scanned letters as PNG, TIFF or image-only PDF; digital PDF
letters; .eml emails) and DIR/truth.jsonl, one JSON object per file (`Truth`). Each
file's mtime is the receipt day at 09:00 Europe/Paris. The same arguments give
byte-identical files.

`--kinds` takes groups (`scan`, `pdf`, `email`) or single kinds (`scan_tiff`,
`email_forward`…). The first items of a run cover every selected kind and every
scenario once; the rest are drawn by weight.

Python API: `generate(out, seed, count, wordings, kinds, register_dir, day)`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from tools.synth import render_email, render_pdf, render_scan
from tools.synth.scenario import (
    SCENARIOS,
    ClaimantTruth,
    Draft,
    ReferencesTruth,
    RepresentativeTruth,
    compose,
)
from tools.synth.sets import SETS
from tools.synth.sources import (
    Cabinet,
    ClientRegister,
    load_cabinet,
    load_register,
    write_demo_register,
)
from tools.synth.wordings import WordingSet

PARIS = ZoneInfo("Europe/Paris")

SCAN_KINDS = ("scan_png", "scan_tiff", "scan_pdf")
PDF_KINDS = ("digital_pdf",)
EMAIL_KINDS = ("email_plain", "email_html", "email_qp_latin1", "email_base64", "email_forward",
               "email_attached_scan")
ALL_KINDS = SCAN_KINDS + PDF_KINDS + EMAIL_KINDS
GROUPS = {"scan": SCAN_KINDS, "pdf": PDF_KINDS, "email": EMAIL_KINDS}
EXTENSIONS = {"scan_png": "png", "scan_tiff": "tif", "scan_pdf": "pdf", "digital_pdf": "pdf"}


@dataclass(frozen=True)
class Truth:
    """What the pipeline should find in one generated file (see spec/record.md)."""

    file: str
    kind: str
    channel: str
    category: str
    scenario: str
    is_complaint: bool
    claimant: ClaimantTruth
    representative: RepresentativeTruth | None
    references: ReferencesTruth
    sent_on: str | None
    received_on: str
    addressee: str
    mediator: bool
    misdirected: bool
    redirect_to: str | None
    client_id: str | None
    expected_owner: str
    missing_fields: tuple[str, ...]
    wording: str
    seed: int
    pages: int
    font: str | None
    subject: str
    body: tuple[str, ...]
    grievance: str | None = None  # the sentence stating the grievance (complaints)
    request: str | None = None  # the sentence stating what is asked

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        return json.loads(json.dumps(data))  # tuples -> lists


def parse_kinds(text: str) -> set[str]:
    kinds: set[str] = set()
    for part in (p.strip() for p in text.split(",") if p.strip()):
        if part in GROUPS:
            kinds.update(GROUPS[part])
        elif part in ALL_KINDS:
            kinds.add(part)
        else:
            raise ValueError(f"unknown kind {part!r}: use {', '.join([*GROUPS, *ALL_KINDS])}")
    return kinds


def _plan(seed: int, wording: str, count: int, kinds: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, scenario) for each item: full coverage first, then by weight."""
    rng = random.Random(f"plan/{seed}/{wording}")
    kind_list = sorted(kinds)
    scen = sorted(SCENARIOS)
    rng.shuffle(kind_list)
    rng.shuffle(scen)
    weights = [SCENARIOS[s] for s in sorted(SCENARIOS)]
    plan = []
    for i in range(count):
        kind = kind_list[i] if i < len(kind_list) else rng.choice(kind_list)
        scenario = scen[i] if i < len(scen) else rng.choices(sorted(SCENARIOS), weights)[0]
        plan.append((kind, scenario))
    return plan


def _receipt(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), PARIS)


def _letter_images(draft: Draft, ws: WordingSet, rng: random.Random, noise: np.random.Generator,
                   single_page: bool = False) -> tuple[list[Any], render_scan.Layout]:
    fonts = render_scan.available_fonts(ws.scan_fonts)
    layout = render_scan.choose_layout(rng, fonts)
    pages = render_scan.render_pages(draft.letter, layout, rng)
    if single_page and len(pages) > 1:
        layout = dataclasses.replace(layout, size_pt=9.5, line_spacing=1.15)
        pages = render_scan.render_pages(draft.letter, layout, rng)[:1]
    return [render_scan.degrade(p, rng, noise) for p in pages], layout


def _write_item(out: Path, index: int, kind: str, draft: Draft, ws: WordingSet, cab: Cabinet,
                rng: random.Random, noise: np.random.Generator, day: date) -> tuple[str, int, str | None]:
    """Write one file; return its name, its page count and the font used."""
    receipt = _receipt(day)
    if kind in SCAN_KINDS:
        name = f"scan_{index:04d}.{EXTENSIONS[kind]}"
        images, layout = _letter_images(draft, ws, rng, noise, single_page=kind == "scan_png")
        quality = rng.randint(40, 75)
        if kind == "scan_png":
            render_scan.save_png([render_scan.jpeg_roundtrip(images[0], quality)], out / name, layout.dpi)
        elif kind == "scan_tiff":
            bilevel = rng.random() < 0.5
            imgs = images if bilevel else [render_scan.jpeg_roundtrip(i, quality) for i in images]
            render_scan.save_tiff(imgs, out / name, layout.dpi, bilevel)
        else:
            render_scan.save_pdf(images, out / name, layout.dpi, receipt.replace(hour=8), quality)
        return name, len(images), layout.font.name
    if kind == "digital_pdf":
        name = f"courrier_{index:04d}.pdf"
        pdf_pages, pdf_font = render_pdf.write_pdf(draft.letter, ws, rng, out / name, receipt)
        return name, pdf_pages, pdf_font
    name = f"mail_{index:04d}.eml"
    attachment: list[render_email.Attachment] | None = None
    font: str | None = None
    pages = 1
    if kind == "email_attached_scan":
        images, layout = _letter_images(draft, ws, rng, noise)
        attachment = render_email.scan_attachment(images, layout.dpi, rng, receipt)
        font, pages = layout.font.name, len(images)
    data = render_email.build_email(kind, draft, ws, cab, rng, day, index, attachment)
    (out / name).write_bytes(data)
    return name, pages, font


def generate(out: Path, seed: int, count: int, wordings: str = "tuning",
             kinds: set[str] | None = None, register_dir: Path = Path("config/registre"),
             day: date = date(2026, 11, 20)) -> list[Truth]:
    """Write `count` items and DIR/truth.jsonl; return the truths in file order."""
    if wordings not in SETS:
        raise ValueError(f"unknown wording set {wordings!r}: use {' or '.join(SETS)}")
    ws = SETS[wordings]
    kinds = set(kinds) if kinds else set(ALL_KINDS)
    unknown = kinds - set(ALL_KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {', '.join(sorted(unknown))}")
    register = _register(register_dir)
    cabinet = load_cabinet(register_dir.parent / "cabinet.toml")
    out.mkdir(parents=True, exist_ok=True)
    receipt_ts = _receipt(day).timestamp()
    truths: list[Truth] = []
    wcode = sorted(SETS).index(wordings)
    for i, (kind, scenario) in enumerate(_plan(seed, wordings, count, kinds), start=1):
        rng = random.Random(f"item/{seed}/{wordings}/{i}")
        noise = np.random.default_rng([seed, wcode, i])
        channel = "email" if kind in EMAIL_KINDS else "courrier"
        draft = compose(rng, ws, register, cabinet, day, scenario, channel)
        name, pages, font = _write_item(out, i, kind, draft, ws, cabinet, rng, noise, day)
        os.utime(out / name, (receipt_ts, receipt_ts))
        t = draft.truth
        truths.append(Truth(
            file=name, kind=kind, channel=channel, category=t.category, scenario=t.scenario,
            is_complaint=t.is_complaint, claimant=t.claimant, representative=t.representative,
            references=t.references, sent_on=t.sent_on, received_on=day.isoformat(),
            addressee=t.addressee, mediator=t.mediator, misdirected=t.misdirected,
            redirect_to=t.redirect_to, client_id=t.client_id, expected_owner=t.expected_owner,
            missing_fields=t.missing_fields, wording=wordings, seed=seed, pages=pages, font=font,
            subject=draft.letter.subject, body=draft.letter.paragraphs,
            grievance=t.grievance, request=t.request,
        ))
    lines = [json.dumps(t.to_json(), ensure_ascii=False) for t in truths]
    (out / "truth.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return truths


def _register(register_dir: Path) -> ClientRegister:
    if (register_dir / "clients.csv").exists():
        return load_register(register_dir)
    print(f"warning: no client register in {register_dir}; using the built-in demo register "
          "(the pipeline must be given the same one: see tools.synth.sources.write_demo_register)",
          file=sys.stderr)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        write_demo_register(Path(tmp))
        return load_register(Path(tmp))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.synth.mail", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--wordings", choices=sorted(SETS), default="tuning")
    parser.add_argument("--kinds", default="scan,pdf,email",
                        help="groups scan, pdf, email or single kinds, comma-separated")
    parser.add_argument("--register", type=Path, default=Path("config/registre"),
                        help="the client register folder (cabinet.toml is read from its parent)")
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 11, 20),
                        help="the receipt day (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    try:
        kinds = parse_kinds(args.kinds)
        truths = generate(args.out, args.seed, args.count, args.wordings, kinds, args.register,
                          args.date)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(truths)} files and truth.jsonl written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
