"""PDF to pages of text: the text layer where it is usable, OCR where it is not.

The only module importing pdfplumber (text layer) and pypdfium2 (rendering). Both
engines open every document, so one repairs what the other rejects (a loop in the
xref chain, junk before ``%PDF``, a bad xref header hiding every page).

Per page, in order:

1. Images are listed from the page's objects; their pixel sizes come from the
   image dictionaries, never from decoding. One over `BOMB_FACTOR` x
   ``max_page_pixels`` quarantines the document (``image-trop-grande``).
2. The text layer, clipped to the visible box (pdf.js #7454 hides 4 KB of text
   outside a 384x111 pt page), is usable unless it is ``(cid:NNN)`` glyph codes or
   other garbage.
3. OCR runs when the layer is unusable, or empty while the page draws something, or
   when a large image may hold text the layer lacks (a "mixed" page). On a mixed
   page the OCR lines already in the layer are dropped and the rest appended.
4. Rendering honours /Rotate (pdfium applies it), uses ``ocr_dpi``, more for a small
   page whose image is finer (the 2400-dpi sample), and less when the page would
   exceed ``max_page_pixels``.

Quarantine codes: fichier-vide, pdf-illisible, pdf-chiffre, pdf-xfa, trop-de-pages,
image-trop-grande (plus ocr-trop-long from the OCR engine).
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.psparser import PSLiteral

from pipeline.errors import DocumentError
from pipeline.text.images import BOMB_FACTOR, check_page_count, check_pixels, is_blank
from pipeline.text.layer import letters_count, merged_layer, usable_layer
from pipeline.text.model import Extracted, Page, PageMethod, TextLimits
from pipeline.text.ocr import OcrEngine

log = logging.getLogger(__name__)

HEADER_WINDOW = 1024
MIN_LETTERS = 20  # below this, a text layer alone does not prove the page was read
LARGE_IMAGE_SHARE = 0.02  # of the page area: an image this large may hold text
LARGE_IMAGE_MIN_PX = 20_000  # and this many pixels (icons and rules are smaller)
SMALL_PAGE_PX = 1000  # a render whose longer side is under this may be raised ...
MAX_DPI_FACTOR = 2  # ... up to this times ocr_dpi, if its image is that fine
FORM_DEPTH = 8  # Form XObjects nested deeper than this are not searched for images
LOW_CONFIDENCE_WARNING = 0.5

REASONS = {
    "fichier-vide": "Le fichier est vide (0 octet) : redemandez-le à l'expéditeur.",
    "pdf-illisible": (
        "Le fichier PDF est abîmé ou n'est pas un vrai PDF : demandez à l'expéditeur "
        "de le renvoyer, puis redéposez-le."
    ),
    "pdf-chiffre": (
        "Le PDF est protégé par un mot de passe : demandez à l'expéditeur une version "
        "non protégée, puis redéposez-la."
    ),
    "pdf-xfa": (
        "Le PDF est un formulaire dynamique (XFA) dont le contenu ne peut pas être lu : "
        "demandez à l'expéditeur de l'imprimer en PDF classique, puis redéposez-le."
    ),
}


def read_pdf(data: bytes, limits: TextLimits, ocr: OcrEngine, part: str = "") -> Extracted:
    """Text of every page of a PDF, each with its method and OCR confidence."""
    if not data:
        raise DocumentError("fichier-vide", REASONS["fichier-vide"])
    start = data.find(b"%PDF", 0, HEADER_WINDOW + 4)
    if start > 0:
        log.info("skipping %d byte(s) before %%PDF", start)
        data = data[start:]
    with _open(data) as (doc, plumber):
        count = len(doc) if doc is not None else len(plumber.pages) if plumber else 0
        if count == 0:
            raise DocumentError("pdf-illisible", REASONS["pdf-illisible"])
        check_page_count(count, limits)
        notes: list[str] = []
        if doc is not None:
            notes.extend(_attachment_notes(doc, part))
        if plumber is not None and (doc is not None and len(plumber.pages) != count):
            log.info(
                "pdfminer sees %d page(s), pdfium %d: using pdfium's text",
                len(plumber.pages),
                count,
            )
            plumber = None
        pages: list[Page] = []
        failed = 0
        for index in range(count):
            page, page_notes = _read_page(index, doc, plumber, limits, ocr, part)
            if page is None:
                failed += 1
                page = Page(index + 1, "", PageMethod.TEXT_LAYER, part)
            pages.append(page)
            notes.extend(page_notes)
        if failed == count:
            raise DocumentError("pdf-illisible", REASONS["pdf-illisible"])
        if not any(p.text.strip() for p in pages) and _needs_rendering(data, plumber):
            raise DocumentError("pdf-xfa", REASONS["pdf-xfa"])
    log.info(
        "pdf read: %d page(s), methods %s",
        len(pages),
        ",".join(sorted({p.method.value for p in pages})),
    )
    return Extracted(pages=tuple(pages), warnings=tuple(notes))


# -- opening ---------------------------------------------------------------------------


@contextmanager
def _open(data: bytes) -> Iterator[tuple[pdfium.PdfDocument | None, Any]]:
    """(pdfium document, pdfplumber PDF): either may be None, not both."""
    with ExitStack() as stack:
        doc: pdfium.PdfDocument | None = None
        plumber: Any = None
        encrypted = False
        try:
            doc = pdfium.PdfDocument(data)
            stack.callback(doc.close)
        except pdfium.PdfiumError as exc:
            encrypted = getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD
            log.info("pdfium cannot open the PDF: %s", exc)
        try:
            plumber = pdfplumber.open(BytesIO(data))
            stack.callback(_close_quietly, plumber)
            _ = plumber.pages  # walks the page tree now, so that its errors land here
        except Exception as exc:  # pdfminer raises anything from a broken file
            encrypted = encrypted or _is_password_error(exc)
            log.info("pdfminer cannot open the PDF: %s", type(exc).__name__)
            plumber = None
        if doc is None and plumber is None:
            code = "pdf-chiffre" if encrypted else "pdf-illisible"
            raise DocumentError(code, REASONS[code])
        yield doc, plumber


def _close_quietly(plumber: Any) -> None:
    try:
        plumber.close()  # walks the pages again, which fails on a broken page tree
    except Exception:
        log.debug("pdfplumber could not close cleanly")


def _is_password_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, PDFPasswordIncorrect) or any(
            isinstance(a, PDFPasswordIncorrect) for a in getattr(seen, "args", ())
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _needs_rendering(data: bytes, plumber: Any) -> bool:
    """True for a dynamic XFA form (catalog /NeedsRendering true)."""
    if plumber is not None:
        try:
            flag = plumber.doc.catalog.get("NeedsRendering")
            return flag is True or (isinstance(flag, PSLiteral) and flag.name == "true")
        except Exception:  # a broken catalog: fall back to the bytes
            log.debug("catalog unreadable when looking for XFA")
    return re.search(rb"/NeedsRendering\s*true", data) is not None


def _attachment_notes(doc: pdfium.PdfDocument, part: str) -> list[str]:
    try:
        n = doc.count_attachments()
        names = []
        for i in range(min(n, 20)):
            try:
                names.append(doc.get_attachment(i).get_name())
            except pdfium.PdfiumError:
                names.append("?")
    except pdfium.PdfiumError:
        return []
    if n == 0:
        return []
    shown = ", ".join(_clean_name(x) for x in names) + (", …" if n > len(names) else "")
    where = f"{part} : le PDF" if part else "Le PDF"
    files = "un fichier joint" if n == 1 else f"{n} fichiers joints"
    return [
        f"{where} contient {files} ({shown}) qui n'a pas été lu : "
        "ouvrez-le à la main s'il fait partie du courrier."
        if n == 1
        else f"{where} contient {files} ({shown}) qui n'ont pas été lus : "
        "ouvrez-les à la main s'ils font partie du courrier."
    ]


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    return "".join(c for c in name if c.isprintable())[:80] or "sans nom"


# -- one page --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Img:
    px: int  # pixels, from the image dictionary
    dpi: float  # effective resolution as drawn
    share: float  # of the page area
    bounds: tuple[float, float, float, float]  # left, bottom, right, top (pt)

    @property
    def large(self) -> bool:
        return self.share >= LARGE_IMAGE_SHARE and self.px >= LARGE_IMAGE_MIN_PX


@dataclass(frozen=True)
class _Read:
    text: str
    confidence: float
    rotation: int
    words: int


def _read_page(
    index: int,
    doc: pdfium.PdfDocument | None,
    plumber: Any,
    limits: TextLimits,
    ocr: OcrEngine,
    part: str,
) -> tuple[Page | None, list[str]]:
    number = index + 1
    page = None
    if doc is not None:
        try:
            page = doc[index]
        except pdfium.PdfiumError:
            log.warning("pdfium cannot load page %d", number)
    try:
        images = _images(page, plumber, index, limits)
        layer = _layer_text(page, plumber, index).strip()
        if page is None:  # nothing to render with: the layer is all there is
            if plumber is None:
                return None, [_note(part, number, "page illisible, ignorée")]
            notes = [] if layer else [_note(part, number, "page blanche, aucun texte")]
            return Page(number, layer, PageMethod.TEXT_LAYER, part), notes
        garbage = bool(layer) and not usable_layer(layer)
        short = letters_count(layer) < MIN_LETTERS
        large = [img for img in images if img.large]
        if garbage or (short and _draws_more_than_text(page)):
            read = _ocr_whole(page, images, limits, ocr)
        elif large:
            read = _ocr_images(page, large, images, limits, ocr)
        else:
            notes = [] if layer else [_note(part, number, "page blanche, aucun texte")]
            return Page(number, layer, PageMethod.TEXT_LAYER, part), notes
    finally:
        if page is not None:
            page.close()
    if garbage:
        layer = ""
    text = merged_layer(layer, read.text) if layer else read.text.strip()
    notes = []
    if not text:
        notes.append(_note(part, number, "page blanche, aucun texte"))
    elif read.words and read.confidence < LOW_CONFIDENCE_WARNING:
        percent = round(read.confidence * 100)
        notes.append(_note(part, number, f"lecture OCR peu fiable (confiance {percent} %)"))
    if text == layer:  # OCR added nothing to the layer
        return Page(number, text, PageMethod.TEXT_LAYER, part), notes
    return Page(number, text, PageMethod.OCR, part, read.confidence, read.rotation), notes


def _ocr_whole(page: Any, images: list[_Img], limits: TextLimits, ocr: OcrEngine) -> _Read:
    width, height = page.get_size()  # points, /Rotate applied
    dpi = float(limits.ocr_dpi)
    finest = max((img.dpi for img in images if img.large), default=0.0)
    if max(width, height) * dpi / 72 < SMALL_PAGE_PX and finest > dpi:
        # A tiny page with a fine image (2400-dpi sample): use the detail it has.
        dpi = min(finest, MAX_DPI_FACTOR * dpi)
    return _ocr_area(page, width, height, dpi, (0.0, 0.0, 0.0, 0.0), limits, ocr)


def _ocr_images(
    page: Any, large: list[_Img], images: list[_Img], limits: TextLimits, ocr: OcrEngine
) -> _Read:
    """OCR only where the large images are (a page that also has a usable text layer)."""
    if page.get_rotation() or sum(img.share for img in large) > 0.6 or len(large) > 4:
        return _ocr_whole(page, images, limits, ocr)
    left, bottom, right, top = page.get_cropbox()
    reads = []
    for img in large:
        il, ib, ir, it = img.bounds
        margin = 6.0
        crop = (
            max(0.0, il - margin - left),
            max(0.0, ib - margin - bottom),
            max(0.0, right - ir - margin),
            max(0.0, top - it - margin),
        )
        width, height = right - left - crop[0] - crop[2], top - bottom - crop[1] - crop[3]
        if width < 4 or height < 4:
            continue
        reads.append(_ocr_area(page, width, height, float(limits.ocr_dpi), crop, limits, ocr))
    words = sum(r.words for r in reads)
    confidence = sum(r.confidence * r.words for r in reads) / words if words else 0.0
    text = "\n\n".join(r.text for r in reads if r.text)
    return _Read(text, confidence, 0, words)


def _ocr_area(
    page: Any,
    width: float,
    height: float,
    dpi: float,
    crop: tuple[float, float, float, float],
    limits: TextLimits,
    ocr: OcrEngine,
) -> _Read:
    """Render (part of) the page in grey, capped at max_page_pixels, and OCR it."""
    fit = 72 * math.sqrt(limits.max_page_pixels / max(width * height, 1.0))
    if fit < dpi:
        log.info("page rendered at %.0f dpi to stay under the pixel cap", fit)
        dpi = fit
    bitmap = page.render(scale=dpi / 72, crop=crop, grayscale=True, may_draw_forms=False)
    try:
        image = bitmap.to_pil()  # shares pdfium's buffer: used before the bitmap closes
        if is_blank(image):
            return _Read("", 0.0, 0, 0)
        result = ocr.read(image, max(1, round(dpi)))
    finally:
        bitmap.close()
    return _Read(result.text.strip(), result.confidence, result.rotation, result.words)


def _note(part: str, number: int, text: str) -> str:
    where = f"{part}, page {number}" if part else f"Page {number}"
    return f"{where} : {text}."


def _images(page: Any, plumber: Any, index: int, limits: TextLimits) -> list[_Img]:
    """The page's images, sized from their dictionaries (nothing decoded); bombs raise."""
    found: list[tuple[int, int, tuple[float, float, float, float]]] = []
    if page is not None:
        width, height = page.get_size()
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=FORM_DEPTH):
            try:
                px_w, px_h = obj.get_px_size()
                bounds = tuple(float(v) for v in obj.get_bounds())
            except pdfium.PdfiumError:
                continue
            found.append((px_w, px_h, bounds))  # type: ignore[arg-type]
    elif plumber is not None:
        p = plumber.pages[index]
        width, height = float(p.width), float(p.height)
        for img in p.images:
            px_w, px_h = (int(v) for v in img.get("srcsize", (0, 0)))
            found.append((px_w, px_h, (0.0, 0.0, float(img["width"]), float(img["height"]))))
    else:
        return []
    area = max(width * height, 1.0)
    result = []
    for px_w, px_h, (left, bottom, right, top) in found:
        check_pixels((max(px_w, 1), max(px_h, 1)), limits)
        w_pt, h_pt = max(0.0, right - left), max(0.0, top - bottom)
        dpi = px_w / (w_pt / 72) if w_pt > 0 else 0.0
        share = min(w_pt * h_pt, area) / area
        result.append(_Img(px_w * px_h, dpi, share, (left, bottom, right, top)))
    return result


def _layer_text(page: Any, plumber: Any, index: int) -> str:
    """The text layer inside the visible box: pdfplumber's, else pdfium's."""
    if plumber is not None:
        try:
            p = plumber.pages[index]
            x0, top, x1, bottom = p.cropbox
            b0, btop, b1, bbottom = p.bbox
            box = (max(x0, b0), max(top, btop), min(x1, b1), min(bottom, bbottom))
            if box[0] < box[2] and box[1] < box[3]:
                p = p.crop(box, strict=False)
            return str(p.extract_text() or "")
        except Exception as exc:  # pdfminer raises anything from a broken page
            log.info("pdfminer cannot read page %d: %s", index + 1, type(exc).__name__)
    if page is not None:
        try:
            textpage = page.get_textpage()
            try:
                return str(textpage.get_text_bounded()).replace("\r\n", "\n")
            finally:
                textpage.close()
        except pdfium.PdfiumError:
            return ""
    return ""


def _draws_more_than_text(page: Any) -> bool:
    """True when the page has paths, images or shadings (text may be drawn, not typed)."""
    kinds = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING)
    try:
        return any(obj.type in kinds for obj in page.get_objects(max_depth=FORM_DEPTH))
    except pdfium.PdfiumError:
        return True


__all__ = ["BOMB_FACTOR", "read_pdf"]
