"""Scanned letters: a French letter drawn with Pillow, then made to look scanned.

`render_pages()` lays the letter out on A4 pages at the given resolution;
`degrade()` adds what a office scanner does to paper (skew, speckles, blur, uneven
background, JPEG artefacts); `save_png/save_tiff/save_pdf` write the result with no
timestamps, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tools.synth.scenario import Letter
from tools.synth.wordings import FONT_DIRS

A4_INCHES = (8.27, 11.69)


def find_font(name: str) -> Path:
    for root in FONT_DIRS:
        hits = sorted(Path(root).rglob(name))
        if hits:
            return hits[0]
    raise FileNotFoundError(
        f"font {name} not found under {', '.join(FONT_DIRS)}: install the Debian packages "
        "fonts-dejavu, fonts-liberation, fonts-freefont-ttf and fonts-urw-base35"
    )


def available_fonts(names: tuple[str, ...]) -> list[Path]:
    found = []
    for n in names:
        try:
            found.append(find_font(n))
        except FileNotFoundError:
            continue
    if not found:
        raise FileNotFoundError(f"none of the fonts {', '.join(names)} is installed")
    return found


@dataclass(frozen=True)
class Layout:
    dpi: int
    font: Path
    size_pt: float
    line_spacing: float  # multiple of the font size
    indent_paragraphs: bool
    recipient_x: float  # fraction of the page width
    date_right: bool


def choose_layout(rng: random.Random, fonts: list[Path], dpi: int | None = None) -> Layout:
    return Layout(
        dpi=dpi or rng.choice((200, 240, 300)),
        font=rng.choice(fonts),
        size_pt=rng.choice((10.5, 11.0, 11.0, 12.0)),
        line_spacing=rng.uniform(1.25, 1.45),
        indent_paragraphs=rng.random() < 0.35,
        recipient_x=rng.uniform(0.5, 0.56),
        date_right=rng.random() < 0.5,
    )


class _Page:
    def __init__(self, layout: Layout) -> None:
        w, h = (round(v * layout.dpi) for v in A4_INCHES)
        self.image = Image.new("L", (w, h), 255)
        self.draw = ImageDraw.Draw(self.image)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float, first_indent: float) -> list[str]:
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    limit = width - first_indent
    for word in words:
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
            limit = width
    if current:
        lines.append(current)
    return lines


def render_pages(letter: Letter, layout: Layout, rng: random.Random) -> list[Image.Image]:
    """Lay the letter out on as many A4 pages as it needs (clean, 8-bit grey)."""
    dpi = layout.dpi
    mm = dpi / 25.4
    px = layout.size_pt * dpi / 72
    font = ImageFont.truetype(str(layout.font), round(px))
    small = ImageFont.truetype(str(layout.font), round(px * 0.9))
    step = px * layout.line_spacing
    left, right, top, bottom = 22 * mm, 20 * mm, 18 * mm, 22 * mm
    pages = [_Page(layout)]
    width = pages[0].image.width - left - right
    rx = pages[0].image.width * layout.recipient_x
    ink = rng.randint(0, 40)

    y = top

    def put(text: str, x: float, f: ImageFont.FreeTypeFont = font) -> None:
        nonlocal y
        if y + step > pages[-1].image.height - bottom:
            pages.append(_Page(layout))
            y = top
        pages[-1].draw.text((x, y), text, font=f, fill=ink)
        y += step

    for line in letter.sender:
        put(line, left)
    y_sender_end = y
    y = max(top + 38 * mm, y_sender_end + step) if letter.sender else top + 38 * mm
    for line in letter.recipient:
        put(line, rx)
    y += step
    if letter.place_date:
        x = (pages[0].image.width - right - font.getlength(letter.place_date)) if layout.date_right else rx
        put(letter.place_date, x)
        y += step
    put(f"Objet : {letter.subject}", left)
    for ref in letter.references:
        put(ref, left)
    y += step
    put(letter.greeting, left)
    y += step * 0.6
    indent = 10 * mm if layout.indent_paragraphs else 0.0
    for para in letter.paragraphs:
        for i, line in enumerate(_wrap(para, font, width, indent)):
            put(line, left + (indent if i == 0 else 0))
        y += step * 0.6
    for line in _wrap(letter.closing, font, width, indent):
        put(line, left + indent if line == letter.closing[: len(line)] else left)
    y += step
    # a signature scribble above the typed name
    if y + 3 * step < pages[-1].image.height - bottom:
        _scribble(pages[-1].draw, rx + 5 * mm, y, 35 * mm, step * 1.6, rng, ink)
        y += step * 2
    for line in letter.signature:
        put(line, rx)
    if letter.annexes:
        y += step
        for line in letter.annexes:
            put(line, left, small)
    if len(pages) > 1:
        for n, page in enumerate(pages, 1):
            label = f"{n}/{len(pages)}"
            page.draw.text((page.image.width / 2 - small.getlength(label) / 2,
                            page.image.height - bottom + 6 * mm), label, font=small, fill=ink)
    return [p.image for p in pages]


def _scribble(draw: ImageDraw.ImageDraw, x: float, y: float, w: float, h: float,
              rng: random.Random, ink: int) -> None:
    points = []
    for i in range(14):
        points.append((x + w * i / 13 + rng.uniform(-4, 4), y + h * rng.uniform(0.1, 0.9)))
    draw.line(points, fill=ink + 20, width=max(2, round(h / 18)), joint="curve")


def degrade(image: Image.Image, rng: random.Random, noise: np.random.Generator) -> Image.Image:
    """Skew, uneven lighting, speckles and blur, as a flatbed or office scanner leaves them."""
    angle = rng.uniform(-1.5, 1.5)
    img = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    arr = np.asarray(img, dtype=np.float32)
    h, w = arr.shape
    # paper tone and a soft illumination gradient
    tone = rng.uniform(232, 250)
    grad = np.linspace(rng.uniform(-6, 0), rng.uniform(0, 6), w, dtype=np.float32)
    arr = arr * (tone / 255.0) + grad[None, :]
    arr += noise.normal(0.0, rng.uniform(2.0, 6.0), size=arr.shape).astype(np.float32)
    # dark speckles (dust) and a few white dropouts in the ink
    count = int(h * w * rng.uniform(0.00003, 0.00012))
    ys = noise.integers(0, h, count)
    xs = noise.integers(0, w, count)
    arr[ys, xs] = noise.uniform(0, 90, count)
    ys2 = np.clip(ys + 1, 0, h - 1)
    arr[ys2, xs] = np.minimum(arr[ys2, xs], noise.uniform(40, 160, count))
    drop = noise.random(arr.shape, dtype=np.float32) < 0.004
    arr[drop & (arr < 128)] = 200
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
    radius = rng.uniform(0.3, 0.9) * out.width / 1654
    return out.filter(ImageFilter.GaussianBlur(radius))


def jpeg_roundtrip(image: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    with Image.open(buf) as im:
        return im.convert("L")


def save_png(images: list[Image.Image], path: Path, dpi: int) -> None:
    images[0].save(path, "PNG", dpi=(dpi, dpi), optimize=False)


def save_tiff(images: list[Image.Image], path: Path, dpi: int, bilevel: bool) -> None:
    pages = [im.point(lambda v: 255 if v > 150 else 0).convert("1") for im in images] if bilevel else images
    pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi),
                  compression="group4" if bilevel else "tiff_lzw")


def save_pdf(images: list[Image.Image], path: Path, dpi: int, when: datetime, quality: int) -> None:
    path.write_bytes(pdf_bytes(images, dpi, when, quality))


def pdf_bytes(images: list[Image.Image], dpi: int, when: datetime, quality: int) -> bytes:
    """An image-only PDF (one JPEG per page), dated `when`, as a scanner writes it."""
    jpegs = [jpeg_roundtrip(im, quality) for im in images]
    stamp = time.gmtime(when.timestamp())
    buf = io.BytesIO()
    jpegs[0].save(buf, "PDF", save_all=True, append_images=jpegs[1:], resolution=float(dpi),
                  creationDate=stamp, modDate=stamp, producer="Scanner")
    return buf.getvalue()


def jpeg_bytes(image: Image.Image, quality: int, dpi: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue()
