"""A `Letter` laid out as a PDF by the product itself (standard library only): the same
page as `word.py` makes it in Word and LibreOffice prints it, in milliseconds, without
LibreOffice.

PDF 1.4, A4, the standard fonts Helvetica and Helvetica-Bold (not embedded, WinAnsi,
`pdf_fonts.py`), content streams compressed with zlib. The layout is word.py's: margins
1.8 cm top, 2.0 bottom, 2.3 left and right; the letterhead (the cabinet's name bold 15 pt
dark blue, its contacts 8.5 pt grey joined by « · »); the addressee's block, the place
and date and the signature at 9.5 cm; the references 9 pt; « Objet : … » bold; the
paragraphs 10.5 pt justified but for their last line, list items (« – ») with a hanging
indent. The line pitch and the space between paragraphs (the larger of one's space after
and the next's space before) are those LibreOffice gives word.py's document. Lines break
at spaces only (a no-break space holds, an item's number never splits); a word wider than
the line alone is cut. A longer letter goes on to more pages, each with « page i/n » in
its footer, a paragraph never leaving one line alone at a page's foot or head, the
subject kept with what follows and the signature kept whole (where LibreOffice may leave
the signature's last line alone on the next page). A line fits when its font's line (1.15
× its size) stays above the bottom margin, the rest of its pitch may fall in it, as in
LibreOffice. The same `Letter` always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from pipeline import clock
from pipeline.letters.compose import Letter
from pipeline.letters.layout import (
    GREY,
    MARGIN_BOTTOM_CM,
    MARGIN_SIDE_CM,
    MARGIN_TOP_CM,
    PAGE_H_CM,
    PAGE_W_CM,
    blocks,
)
from pipeline.letters.owed import letter_label
from pipeline.letters.pdf_fonts import BOLD, FIRST_CHAR, REGULAR, WIDTHS, encode, width

CM = 72 / 2.54
PAGE_W, PAGE_H = PAGE_W_CM * CM, PAGE_H_CM * CM
TOP, BOTTOM = MARGIN_TOP_CM * CM, MARGIN_BOTTOM_CM * CM
LEFT = RIGHT = MARGIN_SIDE_CM * CM
TEXT_W = PAGE_W - LEFT - RIGHT
PITCH = 1.3238  # line pitch per point of size: 1.15 × Liberation Sans' line (LibreOffice)
INK = 1.15  # the font's own line, per point of size: what must stay above the bottom margin
ASCENT = 0.93  # the baseline's depth in a line, per point of size
FOOTER_BASELINE = 1.2 * CM  # above the page's bottom edge
BLACK = (0.0, 0.0, 0.0)
_FONT_NAMES = {REGULAR: b"F1", BOLD: b"F2"}


@dataclass(frozen=True)
class _Para:
    """One paragraph, in one font: what word.py gives it."""

    text: str
    font: str = REGULAR
    size: float = 10.5
    color: tuple[float, float, float] = BLACK
    indent: float = 0.0  # left, from the left margin
    first: float = 0.0  # the first line's indent, added to `indent` (negative: hanging)
    justify: bool = False
    before: float = 0.0
    after: float = 0.0
    keep_with_next: bool = False


@dataclass(frozen=True)
class _Line:
    x: float  # from the page's left edge
    data: bytes  # WinAnsi, words separated by single spaces
    spaces: int
    natural: float  # its width, unstretched
    justify_to: float | None  # the width to stretch to, or None


def _rgb(color: str | None) -> tuple[float, float, float]:
    if color is None:
        return BLACK
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def _paragraphs(letter: Letter) -> list[_Para]:
    """The letter's paragraphs, `layout.blocks`, in the PDF's units."""
    return [_Para(b.text, BOLD if b.bold else REGULAR, b.size, _rgb(b.color),
                  indent=b.indent_cm * CM, first=-b.hanging_cm * CM, justify=b.justify,
                  before=b.before, after=b.after, keep_with_next=b.keep_with_next)
            for b in blocks(letter)]


def _cut(word: bytes, font: str, size: float, room: float) -> Iterator[bytes]:
    """A word wider than a whole line, in pieces that fit (at least one character each)."""
    table = WIDTHS[font]
    start, used = 0, 0.0
    for i, code in enumerate(word):
        advance = table[code] * size / 1000
        if i > start and used + advance > room:
            yield word[start:i]
            start, used = i, 0.0
        used += advance
    yield word[start:]


def _break(para: _Para) -> list[_Line]:
    """`para`'s lines: greedy, at spaces only; justified but for the last."""
    words = encode(para.text).split(b" ")
    words = [w for w in words if w] or [b""]
    space = width(b" ", para.font, para.size)
    lines: list[tuple[float, float, list[bytes], float]] = []  # x, room, words, width
    x, room = LEFT + para.indent + para.first, TEXT_W - para.indent - para.first
    current: list[bytes] = []
    used = 0.0
    for word in words:
        w = width(word, para.font, para.size)
        if current and used + space + w <= room + 1e-6:
            current.append(word)
            used += space + w
            continue
        if current:
            lines.append((x, room, current, used))
            x, room = LEFT + para.indent, TEXT_W - para.indent
        if w <= room + 1e-6:
            current, used = [word], w
            continue
        *whole, last = _cut(word, para.font, para.size, room)
        for piece in whole:
            lines.append((x, room, [piece], width(piece, para.font, para.size)))
            x, room = LEFT + para.indent, TEXT_W - para.indent
        current, used = [last], width(last, para.font, para.size)
    lines.append((x, room, current, used))
    out = []
    for i, (x, room, line_words, used) in enumerate(lines):
        stretch = para.justify and i < len(lines) - 1 and len(line_words) > 1
        out.append(_Line(x, b" ".join(line_words), len(line_words) - 1, used,
                         room if stretch else None))
    return out


def _escape(data: bytes) -> bytes:
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _num(value: float) -> bytes:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()


class _Pages:
    """The content streams being written, page by page, top to bottom."""

    def __init__(self) -> None:
        self.pages: list[list[bytes]] = []
        self.y = 0.0  # the next line's top, from the page's top edge
        self._state: tuple[object, ...] = ()
        self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP
        self._state = ()

    @property
    def at_top(self) -> bool:
        return not self.pages[-1]

    def room(self) -> float:
        return PAGE_H - BOTTOM - self.y

    def text(self, x: float, baseline: float, data: bytes, font: str, size: float,
             color: tuple[float, float, float], word_spacing: float = 0.0) -> None:
        """One line of text, its baseline `baseline` points below the page's top edge."""
        ops = []
        if self._state[:3] != (font, size, color):
            ops.append(b"/%s %s Tf %s %s %s rg" % (_FONT_NAMES[font], _num(size),
                                                   *map(_num, color)))
        if not self._state or self._state[3] != word_spacing:
            ops.append(_num(word_spacing) + b" Tw")
        self._state = (font, size, color, word_spacing)
        ops.append(b"1 0 0 1 %s %s Tm (%s) Tj" % (_num(x), _num(PAGE_H - baseline),
                                                  _escape(data)))
        self.pages[-1].append(b"\n".join(ops))


def _kept_height(paras: list[_Para], broken: list[list[_Line]], first: int) -> float:
    """The height of paragraph `first` and of those it keeps with, down to the bottom of
    the last line's font line (the rest of its pitch, the 1.15 spacing, may fall in the
    bottom margin: LibreOffice's rule)."""
    last = first
    while paras[last].keep_with_next and last + 1 < len(paras):
        last += 1
    height = sum(len(broken[m]) * PITCH * paras[m].size for m in range(first, last + 1))
    height += sum(max(paras[m - 1].after, paras[m].before) for m in range(first + 1, last + 1))
    return height - (PITCH - INK) * paras[last].size


def _fitting(room: float, para: _Para) -> int:
    """How many of `para`'s lines fit in `room` points."""
    if room + 1e-6 < INK * para.size:
        return 0
    return int((room + 1e-6 - INK * para.size) // (PITCH * para.size)) + 1


def _lay_out(paras: list[_Para]) -> list[list[bytes]]:
    """The pages' text operators."""
    out = _Pages()
    broken = [_break(p) for p in paras]
    previous_after = 0.0
    for i, (para, lines) in enumerate(zip(paras, broken, strict=True)):
        gap = 0.0 if out.at_top else max(previous_after, para.before)
        if para.keep_with_next and not out.at_top:  # the subject, the signature
            kept = _kept_height(paras, broken, i)
            if gap + kept > out.room() and kept <= PAGE_H - TOP - BOTTOM:
                out.new_page()
                gap = 0.0
        out.y += gap
        k = 0
        while k < len(lines):
            fits, left = _fitting(out.room(), para), len(lines) - k
            if fits >= left:
                take = left
            elif out.at_top:  # longer than a page: fill it
                take = max(fits, 1)
            else:  # no line alone at a page's foot, nor at the next one's head
                take = min(fits, left - 2)
                take = take if take >= 2 else 0
            for line in lines[k:k + take]:
                _print(out, line, para)
            k += take
            if k < len(lines):
                out.new_page()
        previous_after = para.after
    return out.pages


def _print(out: _Pages, line: _Line, para: _Para) -> None:
    spacing = 0.0
    if line.justify_to is not None and line.spaces:
        spacing = (line.justify_to - line.natural) / line.spaces
    out.text(line.x, out.y + ASCENT * para.size, line.data, para.font, para.size, para.color,
             spacing)
    out.y += PITCH * para.size


def _footers(pages: list[list[bytes]]) -> None:
    """« page i/n » under each page's text, when there is more than one."""
    if len(pages) < 2:
        return
    size = 8.5
    for i, ops in enumerate(pages, start=1):
        data = encode(f"page {i}/{len(pages)}")
        x = LEFT + (TEXT_W - width(data, REGULAR, size)) / 2
        ops.append(b"/F1 %s Tf %s %s %s rg 0 Tw 1 0 0 1 %s %s Tm (%s) Tj" % (
            _num(size), *map(_num, _rgb(GREY)), _num(x), _num(FOOTER_BASELINE), _escape(data)))


def _text_string(text: str) -> bytes:
    """A PDF text string in UTF-16BE with its byte order mark (any character)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _font(name: str) -> bytes:
    widths = b" ".join(b"%d" % w for w in WIDTHS[name][FIRST_CHAR:])
    return (b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding "
            b"/FirstChar %d /LastChar 255 /Widths [%s] >>" % (name.encode(), FIRST_CHAR,
                                                              widths))


def _info(letter: Letter) -> bytes:
    entries = {b"Title": letter.title,
               b"Author": letter.letterhead[0], b"Subject": letter_label(letter.kind),
               b"Producer": "reclam"}
    body = b" ".join(b"/%s %s" % (k, _text_string(v)) for k, v in entries.items())
    if letter.day is not None:  # the letter's day, at midnight in Paris
        midnight = datetime.combine(letter.day, time(), clock.PARIS).strftime("%Y%m%d%H%M%S%z")
        stamp = f"D:{midnight[:-5]}{midnight[-5:-2]}'{midnight[-2:]}'"
        body += b" /CreationDate (%s)" % stamp.encode()
    return b"<< " + body + b" >>"


def pdf_bytes(letter: Letter) -> bytes:
    """The letter as a PDF file's bytes."""
    pages = _lay_out(_paragraphs(letter))
    _footers(pages)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            _font(REGULAR), _font(BOLD), _info(letter)]
    kids = []
    for ops in pages:
        stream = zlib.compress(b"BT\n" + b"\n".join(ops) + b"\nET\n", 6)
        kids.append(len(objects) + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /Font "
            b"<< /F1 3 0 R /F2 4 0 R >> /ProcSet [/PDF /Text] >> /Contents %d 0 R >>"
            % (_num(PAGE_W), _num(PAGE_H), len(objects) + 2))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
                       % (len(stream), stream))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    digest = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().encode()
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R /ID [<%s> <%s>] >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, digest, digest, xref))
    return bytes(out)


def write_pdf(letter: Letter, path: Path) -> None:
    """Write `letter` to `path` (the caller makes it atomic: `safe_files.swap_in`)."""
    path.write_bytes(pdf_bytes(letter))
