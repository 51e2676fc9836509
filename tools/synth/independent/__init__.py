"""A fourth evaluation set, written from the specs alone (issue 9, item 8).

Its own people and client register (Windows-1252, `;`), its own insurer number formats,
letter layouts, scan degradation and emails; nothing is shared with the other generator
of tools/synth/. `generate()` writes `count` files and `truth.jsonl` into `letters`,
and the set's register into `register_dir`.

    python -m tools.synth.independent --out DIR --register-out DIR2 --seed N --count N
"""

from __future__ import annotations

import io
import json
import os
import random
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tools.synth.independent import emails, layouts
from tools.synth.independent.degrade import degrade
from tools.synth.independent.people import build_register, write_register
from tools.synth.independent.scenario import make_story, plan, stamp_text
from tools.synth.independent.truth import truth

_EPOCH = time.gmtime(1793491200)   # a fixed PDF date, 2026-11-01, for reproducible bytes
SHARES = [("scan_png", 0.17), ("scan_tiff", 0.13), ("scan_pdf", 0.15), ("digital_pdf", 0.15)]
EXT = {"scan_png": "png", "scan_tiff": "tif", "scan_pdf": "pdf", "digital_pdf": "pdf", "eml": "eml"}
NAMES = {"scan_png": ["SCAN_{d:%Y%m%d}_{i:04d}", "img{i:05d}"],
         "scan_tiff": ["numerisation_{i:04d}", "SCN{i:05d}"],
         "scan_pdf": ["doc{i:05d}", "Courrier_{i:04d}"], "digital_pdf": ["piece_{i:04d}", "PDF{i:05d}"],
         "eml": ["message_{i:04d}", "mail-{i:05d}"]}


def _plan(rng: random.Random, count: int) -> list[str]:
    kinds: list[str] = []
    for kind, share in SHARES:
        kinds += [kind] * round(count * share)
    kinds = kinds[:count] + ["eml"] * max(0, count - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _scan_bytes(pages: list[Image.Image], kind: str, dpi: int, rng: random.Random) -> bytes:
    buf = io.BytesIO()
    if kind == "scan_png":
        pages[0].save(buf, "PNG", dpi=(dpi, dpi))
    elif kind == "scan_tiff":
        if rng.random() < 0.3:
            pages = [p.point(lambda v: 255 if v > 150 else 0).convert("1") for p in pages]
            comp = "group4"
        else:
            comp = "tiff_lzw"
        pages[0].save(buf, "TIFF", dpi=(dpi, dpi), compression=comp, save_all=True,
                      append_images=pages[1:])
    else:
        pages[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:],
                      creationDate=_EPOCH, modDate=_EPOCH)
    return buf.getvalue()


def _render_letter(rng: random.Random, nrng: np.random.Generator, story: Any, kind: str,
                   received: date) -> tuple[bytes, dict[str, Any]]:
    """A letter as a scan (PNG, TIFF, image-only PDF) or a digital PDF; received: the
    day of the mail-room stamp."""
    parts = layouts.letter_parts(rng, story)
    scan = kind.startswith("scan")
    family = rng.choice(list(layouts.FONTS) if scan else layouts.TTF_FAMILIES)
    stamp = stamp_text(rng, received) if scan and rng.random() < 0.4 else None
    second = kind in ("scan_tiff", "scan_pdf", "digital_pdf") and rng.random() < 0.2
    pages, layout = layouts.compose(rng, parts, family, stamp, second)
    info: dict[str, Any] = {"font": family, "pages": len(pages), "layout": layout,
                            "parts": parts, "stamp": stamp}
    if not scan:
        return layouts.pdf_bytes(pages, family, str(parts["subject"])), info
    dpi = rng.choice([200, 300])
    images, ops = [], []
    for page in pages:
        img, done = degrade(layouts.raster(page, family, dpi), rng, nrng)
        images.append(img)
        ops.append(done)
    info.update(dpi=dpi, degradation=ops)
    return _scan_bytes(images, kind, dpi, rng), info


def generate(letters: Path, register_dir: Path, seed: int, count: int,
             day: date = date(2026, 11, 20)) -> list[dict[str, Any]]:
    """Write `count` items and truth.jsonl into `letters`, the register into `register_dir`."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    reg_rng = random.Random(seed * 1009 + 7)
    reg = build_register(reg_rng, 300)
    write_register(reg, Path(register_dir), reg_rng)
    letters = Path(letters)
    letters.mkdir(parents=True, exist_ok=True)
    pool = list(reg.clients)
    mtime = datetime(day.year, day.month, day.day, 9, 0, tzinfo=emails.PARIS).timestamp()
    variants = list(emails.VARIANTS)
    rng.shuffle(variants)
    truths = []
    for i, (kind, family) in enumerate(zip(_plan(rng, count), plan(rng, count), strict=True)):
        if len(pool) < 60:
            pool = list(reg.clients)
        story = make_story(rng, reg, pool, family, day)
        extra: dict[str, Any]
        if kind == "eml":
            data, received, extra = _render_email(rng, nrng, story, variants[i % len(variants)],
                                                  day, f"{seed}-{i}")
        else:
            received = day
            data, extra = _render_letter(rng, nrng, story, kind, day)
            if kind == "scan_png" and extra["pages"] > 1:   # a PNG holds one page
                kind = "scan_tiff"
                data, extra = _render_letter(random.Random(f"{seed}-{i}"), nrng, story, kind,
                                             day)
        name = rng.choice(NAMES[kind]).format(i=i + 1, d=day) + "." + EXT[kind]
        path = letters / name
        path.write_bytes(data)
        os.utime(path, (mtime, mtime))
        t = {"file": name, "kind": kind, "channel": "email" if kind == "eml" else "courrier",
             **truth(story, received)}
        parts = extra.pop("parts")
        t.update(wording=_wording(extra), seed=seed, pages=extra.get("pages", 1),
                 font=extra.get("font", ""), subject=str(parts["subject"]),
                 body=[str(p) for p in parts["paragraphs"]])
        truths.append(t)
    with open(letters / "truth.jsonl", "w", encoding="utf-8") as fh:
        for t in truths:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
    return truths


def _wording(extra: dict[str, Any]) -> str:
    """How the item was rendered, in one line: "independent; layout=classic; dpi=200; …"."""
    shown = []
    for key in ("variant", "utc_header", "layout", "dpi", "stamp", "degradation"):
        value = extra.get(key)
        if value:
            if isinstance(value, list):
                value = "|".join("+".join(v) if isinstance(v, list) else str(v) for v in value)
            shown.append(f"{key}={value}")
    return "; ".join(["independent", *shown])


def _render_email(rng: random.Random, nrng: np.random.Generator, story: Any, variant: str,
                  day: date, seed: str) -> tuple[bytes, date, dict[str, Any]]:
    moment, utc_header = emails.email_moment(rng, day)
    received = moment.date()
    story.sent_on = received
    attachment = None
    extra: dict[str, Any] = {"variant": variant, "utc_header": utc_header}
    if variant.startswith("attach"):
        kind = "digital_pdf" if variant == "attach-pdf" else "scan_png"
        data, info = _render_letter(rng, nrng, story, kind, received)
        if kind == "scan_png" and info["pages"] > 1:
            kind = "scan_pdf"
            data, info = _render_letter(rng, nrng, story, kind, received)
        mime = "application/pdf" if kind.endswith("pdf") else "image/png"
        attachment = (data, mime, "courrier." + ("pdf" if kind.endswith("pdf") else "png"))
        parts = info["parts"]
        extra.update(font=info["font"], pages=info["pages"], layout=info["layout"])
    else:
        parts = layouts.letter_parts(rng, story)
        if parts["place"] == "box":
            parts["place"] = "line"
    data = emails.build(rng, story, parts, variant, moment, utc_header, seed, attachment)
    if not story.rep and not story.company and story.email_from:
        story.claimant["email"] = story.email_from
    extra["parts"] = parts
    return data, received, extra
