"""Letter layouts: a story becomes pages of positioned text (millimetres), drawn either
as a raster page (for scans) or into a PDF with a text layer (fpdf2)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from tools.synth.independent.people import write_phone
from tools.synth.independent.scenario import Story, french_date

TT = "/usr/share/fonts/truetype/"
OT = "/usr/share/fonts/opentype/urw-base35/"
# family -> (regular, bold); the first ones are TrueType, usable by fpdf2 as well.
FONTS = {
    "DejaVu Serif": (TT + "dejavu/DejaVuSerif.ttf", TT + "dejavu/DejaVuSerif-Bold.ttf"),
    "Liberation Serif": (TT + "liberation/LiberationSerif-Regular.ttf",
                         TT + "liberation/LiberationSerif-Bold.ttf"),
    "Liberation Sans": (TT + "liberation/LiberationSans-Regular.ttf",
                        TT + "liberation/LiberationSans-Bold.ttf"),
    "FreeSans": (TT + "freefont/FreeSans.ttf", TT + "freefont/FreeSansBold.ttf"),
    "FreeSerif": (TT + "freefont/FreeSerif.ttf", TT + "freefont/FreeSerifBold.ttf"),
    "Liberation Mono": (TT + "liberation/LiberationMono-Regular.ttf",
                        TT + "liberation/LiberationMono-Bold.ttf"),
    "DejaVu Sans": (TT + "dejavu/DejaVuSans.ttf", TT + "dejavu/DejaVuSans-Bold.ttf"),
    "URW Bookman": (OT + "URWBookman-Light.otf", OT + "URWBookman-Demi.otf"),
    "P052": (OT + "P052-Roman.otf", OT + "P052-Bold.otf"),
    "Nimbus Sans": (OT + "NimbusSans-Regular.otf", OT + "NimbusSans-Bold.otf"),
}
TTF_FAMILIES = [f for f, (r, _) in FONTS.items() if r.endswith(".ttf")]
MM_PER_PT = 25.4 / 72


@dataclass
class Text:
    x: float
    y: float            # baseline, mm from the top
    s: str
    size: float         # points
    bold: bool = False
    anchor: str = "l"   # l | r | c


@dataclass
class Page:
    items: list[object] = field(default_factory=list)   # Text | Rect | Rule
    stamp: tuple[float, float, list[str], float] | None = None


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float


@dataclass
class Rule:
    x1: float
    y1: float
    x2: float


@lru_cache(maxsize=64)
def _measure_font(path: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, 200)


def width_mm(family: str, bold: bool, size: float, s: str) -> float:
    font = _measure_font(FONTS[family][1 if bold else 0])
    return font.getlength(s) / 200 * size * MM_PER_PT


def wrap(family: str, size: float, text: str, width: float) -> list[str]:
    """Greedy wrapping; a "\n" in the text forces a break (a number wrapped by hand)."""
    lines: list[str] = []
    for chunk in text.split("\n"):
        line = ""
        for word in chunk.split(" "):
            trial = f"{line} {word}".strip()
            if line and width_mm(family, False, size, trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def name_form(rng: random.Random, civ: str | None, prenom: str, nom: str) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{prenom} {nom.upper()}"
    if style == 1:
        return f"{nom.upper()} {prenom}"
    if style == 2 and civ:
        return f"{civ} {prenom} {nom}"
    return f"{prenom} {nom}"


def _ref_label(rng: random.Random, kind: str) -> str:
    if kind == "sinistre":
        return rng.choice(["N° de sinistre", "Dossier sinistre", "N/Réf.", "Sinistre n°"])
    return rng.choice(["N° de contrat", "Police n°", "Contrat", "N° adhésion", "V/Réf."])


def _ref_sentence(rng: random.Random, story: Story, kind: str, written: str) -> str:
    prod = {"Auto": "mon assurance automobile", "MRH": "mon assurance habitation",
            "Santé": "ma complémentaire santé"}.get(
        story.contract.produit if story.contract else "", "mon contrat")
    if rng.random() < 0.25 and any(c in written for c in " -/") and len(written) > 7:
        cut = max(written.rfind(" ", 0, len(written) - 2), written.rfind("-", 0, len(written) - 2),
                  written.rfind("/", 0, len(written) - 2))
        if cut > 2:
            keep = written[cut] if written[cut] in "-/" else ""
            written = written[:cut] + keep + "\n" + written[cut + 1:]
    if kind == "sinistre":
        return rng.choice([f"Mon sinistre est enregistré sous le n° {written}.",
                           f"(dossier sinistre {written})", f"Votre référence : {written}."])
    return rng.choice([f"J'écris au sujet de {prod} n° {written}.",
                       f"Je vous écris au sujet de ma police {written}.",
                       f"Mon adhésion porte le numéro {written}.",
                       f"Référence de {prod} : {written}."])


def letter_parts(rng: random.Random, story: Story, with_refs_in_body: bool | None = None
                 ) -> dict[str, object]:
    """The text of a letter, independent of its layout."""
    w = story.writer
    civ = story.claimant.get("civilite") if not story.rep else w.civilite
    head_name = name_form(rng, None, w.prenom, w.nom)
    if civ:   # a title the truth holds is written on the item
        title = {"M.": ["M.", "Monsieur"], "Mme": ["Mme", "Madame"]}[civ]
        head_name = f"{rng.choice(title)} {head_name}"
    if story.rep and story.rep["qualite"] == "avocat":
        head_name = f"Maître {w.prenom} {w.nom}"
    sender = [head_name]
    if story.company:
        sender = [story.company, head_name]
    if story.writer_title:
        sender.append(story.writer_title)
    if story.show_address or story.rep or story.company:
        sender += [w.adresse, f"{w.code_postal} {w.ville.upper() if rng.random() < 0.4 else w.ville}"]
    phone_lines = [f"{rng.choice(['Tél. :', 'Tel', 'Portable :', 'Mobile :', 'Tél.'])} "
                   f"{write_phone(rng, p)}" for p in story.phones_written]
    mail_line = [f"{rng.choice(['Courriel :', 'Email :', 'Mail :'])} {story.email_shown}"] \
        if story.email_shown else []
    place = rng.choice(["box", "line", "subject", "body", "body"]) if story.cited else "none"
    if with_refs_in_body:
        place = "body"
    refs_lines = [f"{_ref_label(rng, k)} : {written}" for k, _, written in story.cited]
    paragraphs = list(story.paragraphs)
    subject = story.subject
    if place == "subject":
        subject += " – " + ", ".join(f"{'sinistre' if k == 'sinistre' else 'contrat'} n° {wr}"
                                     for k, _, wr in story.cited)
    if place == "body" and not story.rep and not story.misdirected:
        sentences = [_ref_sentence(rng, story, k, wr) for k, _, wr in story.cited]
        paragraphs[0] = " ".join(sentences) + " " + paragraphs[0]
    if story.rep or story.misdirected:
        place = "line" if place == "body" else place   # their opening already cites it
        refs_lines = refs_lines if place in ("box", "line") else []
    signature = [name_form(rng, None, w.prenom, w.nom) if not story.rep or
                 story.rep["qualite"] != "avocat" else f"Maître {w.prenom} {w.nom}"]
    if rng.random() < 0.6:
        signature += phone_lines
        sender_phones: list[str] = []
    else:
        sender_phones = phone_lines
    date_line = french_date(rng, story.sent_on, w.ville if story.show_address else None) \
        if story.sent_on else None
    return {"sender": sender + sender_phones + mail_line, "recipient": story.recipient,
            "date": date_line, "place": place, "refs": refs_lines, "subject": subject,
            "greeting": story.greeting, "paragraphs": paragraphs, "closing": story.closing,
            "signature": signature,
            "copy": ["Copie : La Médiation de l'Assurance, TSA 50110, 75441 Paris Cedex 09"]
            if story.copy_mediator else []}


def compose(rng: random.Random, parts: dict[str, object], family: str, stamp: list[str] | None,
            second_page: bool = False) -> tuple[list[Page], str]:
    """Place the parts on A4 pages in one of five layouts; returns pages and the layout name."""
    layout = rng.choice(["classic", "sender-right", "two-columns", "letterhead", "signature-only"])
    size = rng.choice([10.0, 10.5, 11.0, 11.5, 12.0])
    lead = size * MM_PER_PT * rng.uniform(1.25, 1.5)
    sender = list(parts["sender"])          # type: ignore[call-overload]
    recipient = list(parts["recipient"])    # type: ignore[call-overload]
    page = Page()
    pages = [page]
    left, right = rng.uniform(18, 25), rng.uniform(185, 192)

    def block(lines: list[str], x: float, y: float, anchor: str = "l", bold_first: bool = False
              ) -> float:
        for i, s in enumerate(lines):
            page.items.append(Text(x, y, s, size, bold_first and i == 0, anchor))
            y += lead
        return y

    date_line = parts["date"]
    date_bottom = bool(date_line) and (str(date_line).startswith("Fait") or rng.random() < 0.15)
    y = rng.uniform(18, 26)
    tail = list(parts["signature"])  # type: ignore[call-overload]
    if layout == "signature-only":   # no sender block: what it held goes under the signature
        tail = sender + tail[1:]
        sender = []
    if layout in ("classic", "signature-only"):
        y_end = block(sender, left, y, bold_first=True)
        y = block(recipient, 112, max(y_end + 8, 48))
        if date_line and not date_bottom:
            y = block([str(date_line)], right, y + 8, "r")
    elif layout == "sender-right":
        y_end = block(sender, right, y, "r", bold_first=True)
        y = block(recipient, left, max(y_end + 10, 52))
        if date_line and not date_bottom:
            y = block([str(date_line)], right, y + 6, "r")
    elif layout == "two-columns":
        y_end = block(sender, left, y, bold_first=True)
        y_r = y
        if date_line and not date_bottom:
            y_r = block([str(date_line)], right, y_r, "r") + lead
        if parts["place"] == "box":
            y_r = _box(page, parts, right - 70, y_r, size, lead) + 4
            parts = {**parts, "place": "done"}
        y = block(recipient, 115, max(y_end, y_r) + 10)
    else:  # letterhead: the name big and centred, one address line, a rule
        page.items.append(Text(105, y + 2, sender[0], size + 6, True, "c"))
        rows = [" – ".join(sender[1:4]), " · ".join(sender[4:])]
        if max(width_mm(family, False, size, r) for r in rows) > 165:   # too wide: one a line
            rows = sender[1:]
        y = block([r for r in rows if r], 105, y + 2 + lead * 1.6, "c")
        page.items.append(Rule(left, y - lead * 0.4, right))
        y = block(recipient, 112, y + 12)
        if date_line and not date_bottom:
            y = block([str(date_line)], left, y + 6)
    if stamp:
        page.stamp = (rng.uniform(95, 140), rng.uniform(14, 40), stamp, rng.uniform(-9, 9))
    y += lead
    if parts["place"] == "box":
        y = _box(page, parts, left, y, size, lead) + lead
    elif parts["place"] == "line":
        y = block(list(parts["refs"]), left, y)  # type: ignore[call-overload]
    y = block([f"Objet : {parts['subject']}"], left, y + lead * 0.5, bold_first=rng.random() < 0.5)
    y += lead
    y = block([str(parts["greeting"])], left, y) + lead * 0.4
    body = list(parts["paragraphs"]) + [str(parts["closing"])]  # type: ignore[call-overload]
    for n, para in enumerate(body):
        for line in wrap(family, size, para, right - left):
            if y > 272 or (second_page and n == len(body) - 2 and len(pages) == 1):
                page = Page()
                pages.append(page)
                y = 25
            page.items.append(Text(left, y, line, size))
            y += lead
        y += lead * 0.5
    if y > 240:
        page = Page()
        pages.append(page)
        y = 30
    if date_bottom and date_line:
        y = block([str(date_line)], left + 95, y + lead) + lead
    y = block(tail, left + rng.choice([0, 95]), y + lead)
    if parts["copy"]:
        block(list(parts["copy"]), left, y + lead * 2)  # type: ignore[call-overload]
    return pages, layout


def _box(page: Page, parts: dict[str, object], x: float, y: float, size: float, lead: float
         ) -> float:
    lines = ["Vos références :"] + list(parts["refs"])  # type: ignore[call-overload]
    w = 72.0
    page.items.append(Rect(x - 2, y - lead, w, lead * len(lines) + 3))
    for s in lines:
        page.items.append(Text(x, y, s, size))
        y += lead
    return y + 3


def raster(page: Page, family: str, dpi: int) -> Image.Image:
    """Draw a page in grayscale at dpi."""
    px = dpi / 25.4
    img = Image.new("L", (round(210 * px), round(297 * px)), 255)
    draw = ImageDraw.Draw(img)
    for it in page.items:
        if isinstance(it, Text):
            font = ImageFont.truetype(FONTS[family][1 if it.bold else 0], round(it.size / 72 * dpi))
            draw.text((it.x * px, it.y * px), it.s, fill=20, font=font,
                      anchor={"l": "ls", "r": "rs", "c": "ms"}[it.anchor])
        elif isinstance(it, Rect):
            draw.rectangle([it.x * px, it.y * px, (it.x + it.w) * px, (it.y + it.h) * px],
                           outline=40, width=max(1, dpi // 100))
        elif isinstance(it, Rule):
            draw.line([it.x1 * px, it.y1 * px, it.x2 * px, it.y1 * px], fill=60,
                      width=max(1, dpi // 150))
    if page.stamp:
        _stamp(img, page.stamp, dpi)
    return img


def _stamp(img: Image.Image, stamp: tuple[float, float, list[str], float], dpi: int) -> None:
    x, y, lines, angle = stamp
    px = dpi / 25.4
    font = ImageFont.truetype(FONTS["DejaVu Sans"][1], round(13 / 72 * dpi))
    w = max(font.getlength(s) for s in lines) + 0.3 * dpi
    h = len(lines) * 0.26 * dpi + 0.2 * dpi
    mark = Image.new("L", (int(w), int(h)), 0)
    d = ImageDraw.Draw(mark)
    d.rectangle([2, 2, w - 3, h - 3], outline=255, width=max(2, dpi // 80))
    for i, s in enumerate(lines):
        d.text((w / 2, 0.1 * dpi + (i + 0.5) * 0.26 * dpi), s, fill=255, font=font, anchor="mm")
    mark = mark.rotate(angle, expand=True)
    ink = Image.new("L", mark.size, 110)
    img.paste(ink, (int(x * px), int(y * px)), mark.point(lambda v: v * 0.8))


def pdf_bytes(pages: list[Page], family: str, title: str) -> bytes:
    """A digital PDF with a text layer, deterministic bytes."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(datetime(2026, 11, 1, tzinfo=UTC))
    pdf.set_title(title)
    regular, bold = FONTS[family]
    pdf.add_font("F", "", regular)
    pdf.add_font("F", "B", bold)
    pdf.set_auto_page_break(False)
    for page in pages:
        pdf.add_page()
        for it in page.items:
            if isinstance(it, Text):
                pdf.set_font("F", "B" if it.bold else "", it.size)
                w = pdf.get_string_width(it.s)
                x = it.x - (w if it.anchor == "r" else w / 2 if it.anchor == "c" else 0)
                pdf.text(x, it.y, it.s)
            elif isinstance(it, Rect):
                pdf.rect(it.x, it.y, it.w, it.h)
            elif isinstance(it, Rule):
                pdf.line(it.x1, it.y1, it.x2, it.y1)
    return bytes(pdf.output())
