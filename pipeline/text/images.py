"""Scanned images (TIFF, every frame; PNG; JPEG) to OCR'd pages.

Sizes are checked from the headers before any pixel is decoded: a frame over
`BOMB_FACTOR` x `TextLimits.max_page_pixels` is a decompression bomb
(``image-trop-grande``, the same factor Pillow uses between its warning and its
error); a frame between the cap and the bomb threshold is decoded, then scaled down
to the cap before OCR. More frames than `TextLimits.max_pages` is ``trop-de-pages``;
a truncated or corrupt file is ``image-illisible``.

Modes are made fit for Tesseract: alpha flattened on white, palette/CMYK/16-bit
converted, 1-bit kept as is (the cheapest for Tesseract). An image without a usable
resolution is assumed to be 300 dpi; a small one is enlarged twice so that its
letters have enough pixels.
"""

from __future__ import annotations

import logging
import math
import warnings
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import DocumentError
from pipeline.text.model import Extracted, Page, PageMethod, TextLimits
from pipeline.text.ocr import OcrEngine, OcrResult

log = logging.getLogger(__name__)

BOMB_FACTOR = 2  # a frame this many times over max_page_pixels is never decoded
DEFAULT_DPI = 300
SMALL_IMAGE_PX = 1000  # longer side under this, without a usable dpi: enlarge x2
LOW_CONFIDENCE_WARNING = 0.5
FORMATS = {"TIFF", "PNG", "JPEG", "MPO"}  # MPO: multi-picture JPEG from cameras

UNREADABLE_REASON = (
    "L'image est illisible (fichier tronqué ou abîmé) : demandez à l'expéditeur "
    "de la renvoyer, puis redéposez-la."
)


def read_image(data: bytes, limits: TextLimits, ocr: OcrEngine, part: str = "") -> Extracted:
    """OCR every frame of a TIFF, PNG or JPEG file: one `Page` per frame."""
    if not data:
        raise DocumentError(
            "fichier-vide", "Le fichier est vide (0 octet) : redemandez-le à l'expéditeur."
        )
    image = _open(data, limits)
    frames = getattr(image, "n_frames", 1)
    check_page_count(frames, limits)
    pages: list[Page] = []
    notes: list[str] = []
    for index in range(frames):
        number = index + 1
        try:
            image.seek(index)
        except (EOFError, OSError, ValueError) as exc:
            raise DocumentError("image-illisible", UNREADABLE_REASON) from exc
        check_pixels(image.size, limits)
        frame, dpi = prepare_frame(image, limits)
        if is_blank(frame):
            notes.append(page_note(part, number, "page blanche, aucun texte"))
            pages.append(Page(number, "", PageMethod.OCR, part, confidence=0.0))
            continue
        result = ocr.read(frame, dpi)
        pages.append(
            Page(number, result.text, PageMethod.OCR, part, result.confidence, result.rotation)
        )
        notes.extend(ocr_notes(result, part, number))
    log.info("image read: %d frame(s), format %s", frames, image.format)
    return Extracted(pages=tuple(pages), warnings=tuple(notes))


def check_page_count(pages: int, limits: TextLimits) -> None:
    if pages > limits.max_pages:
        raise DocumentError(
            "trop-de-pages",
            f"Le document compte {pages} pages, au-delà de la limite de {limits.max_pages} : "
            "scindez-le ou traitez-le à la main.",
        )


def check_pixels(size: tuple[int, int], limits: TextLimits) -> None:
    """Refuse a decompression bomb from its declared size, before decoding it."""
    width, height = size
    if width <= 0 or height <= 0:
        raise DocumentError("image-illisible", UNREADABLE_REASON)
    if width * height > BOMB_FACTOR * limits.max_page_pixels:
        raise DocumentError(
            "image-trop-grande",
            f"Une image du document est démesurée ({width} x {height} pixels) et n'a pas été "
            "ouverte, par sécurité : demandez à l'expéditeur une version à résolution "
            "normale (300 dpi), puis redéposez-la.",
        )


def page_note(part: str, number: int, text: str) -> str:
    where = f"{part}, page {number}" if part else f"Page {number}"
    return f"{where} : {text}."


def ocr_notes(result: OcrResult, part: str, number: int) -> list[str]:
    if not result.text.strip():
        return [page_note(part, number, "aucun texte lu (page blanche ou illisible)")]
    if result.confidence < LOW_CONFIDENCE_WARNING:
        percent = round(result.confidence * 100)
        return [page_note(part, number, f"lecture OCR peu fiable (confiance {percent} %)")]
    return []


def is_blank(image: Image.Image) -> bool:
    """True for a page of one flat colour (nothing for Tesseract to read)."""
    extrema = image.getextrema()
    bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
    return all(float(hi) - float(lo) < 16 for lo, hi in bands)  # type: ignore[arg-type, misc]


def prepare_frame(image: Image.Image, limits: TextLimits) -> tuple[Image.Image, int]:
    """Decode the current frame and make it fit for OCR: (image, dpi to tell Tesseract)."""
    try:
        image.load()
        frame = to_ocr_mode(image)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DocumentError("image-illisible", UNREADABLE_REASON) from exc
    dpi = _usable_dpi(image.info.get("dpi"))
    width, height = frame.size
    if width * height > limits.max_page_pixels:
        factor = math.sqrt(limits.max_page_pixels / (width * height))
        frame = _resize(frame, factor)
        dpi = max(1, round((dpi or DEFAULT_DPI) * factor))
    elif (
        dpi is None
        and max(width, height) < SMALL_IMAGE_PX
        and width * height * 4 <= limits.max_page_pixels
    ):
        frame = _resize(frame, 2.0)
    return frame, dpi or DEFAULT_DPI


def to_ocr_mode(image: Image.Image) -> Image.Image:
    """1-bit, grey or RGB, with any transparency flattened on white."""
    mode = image.mode
    if mode in ("1", "L", "RGB"):
        return image
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif mode == "PA":
        image = image.convert("RGBA")
    elif mode == "CMYK":
        return image.convert("RGB")
    elif mode.startswith("I;16") or mode in ("I", "F"):
        return _to_grey_8bit(image)
    if image.mode in ("RGBA", "LA", "La", "RGBa"):
        base = "L" if image.mode in ("LA", "La") else "RGB"
        flat = Image.new(base, image.size, 255 if base == "L" else (255, 255, 255))
        flat.paste(image.convert(base), mask=image.getchannel("A"))
        return flat
    return image if image.mode in ("1", "L", "RGB") else image.convert("RGB")


def _to_grey_8bit(image: Image.Image) -> Image.Image:
    grey = image.convert("F")
    lo, hi = grey.getextrema()
    span = (float(hi) - float(lo)) or 1.0  # type: ignore[arg-type]
    return grey.point(lambda v: (v - float(lo)) * 255.0 / span).convert("L")  # type: ignore[arg-type]


def _resize(image: Image.Image, factor: float) -> Image.Image:
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    if image.mode == "1":
        image = image.convert("L")
    return image.resize(size, Image.Resampling.LANCZOS if factor < 1 else Image.Resampling.BICUBIC)


def _usable_dpi(value: object) -> int | None:
    try:
        x = float(value[0])  # type: ignore[index]
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    return round(x) if 70 <= x <= 2400 else None


def _open(data: bytes, limits: TextLimits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow warns from its own threshold; ours is checked just below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise DocumentError(
            "image-trop-grande",
            "L'image est démesurée et n'a pas été ouverte, par sécurité : demandez à "
            "l'expéditeur une version à résolution normale (300 dpi), puis redéposez-la.",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DocumentError("image-illisible", UNREADABLE_REASON) from exc
    if image.format not in FORMATS:
        raise DocumentError(
            "format-non-pris-en-charge",
            f"Le format d'image {image.format} n'est pas pris en charge : demandez un "
            "PDF, un TIFF, un PNG ou un JPEG.",
        )
    check_pixels(image.size, limits)
    if image.format in ("JPEG", "MPO"):
        # Camera photos carry their orientation in EXIF; turn them before OCR.
        try:
            turned = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError) as exc:
            raise DocumentError("image-illisible", UNREADABLE_REASON) from exc
        if turned is not None and turned is not image:
            turned.format = image.format
            return turned
    return image
