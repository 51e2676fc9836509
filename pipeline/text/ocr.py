"""Tesseract behind one class: the only module that imports tesserocr.

`OcrEngine` is built once per worker process and keeps Tesseract's French model
loaded for the worker's life (tesserocr: Tesseract's own C++ API, in process). Calling
the `tesseract` program once per page instead (what pytesseract does) reloads the
model on every page, about a fifth of a page's time. `read(image)` recognises one page
(TSV output gives the words and their confidences in one pass; lines and paragraphs
are rebuilt from it). Only when that pass looks poor (low confidence or few words)
does it pay for orientation detection (OSD, its own model loaded on first need) and,
if the page is turned, OCR the upright image again.

Pixels reach Tesseract straight from Pillow's buffer: no file, no PNG encoding. The
language data comes from the system package (tesseract-ocr-fra), found under
``$TESSDATA_PREFIX`` or the usual system folders. The bundled library has no OpenMP:
one Tesseract thread per worker.

Errors: a page that takes longer than the timeout raises
`DocumentError("ocr-trop-long")` (Tesseract's own deadline); a page Tesseract cannot
take raises `DocumentError("image-illisible")`; missing language data raises
`SetupError` when the engine is built. A crash inside the library kills the worker,
which the runner handles (the item is retried alone, then quarantined).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tesserocr
from PIL import Image, ImageFilter

from pipeline.errors import DocumentError, SetupError
from pipeline.text.model import TextLimits

log = logging.getLogger(__name__)

# Below these, the first pass is suspicious and orientation is checked.
LOW_CONFIDENCE = 0.60
FEW_WORDS = 8
# OSD's own confidence below which a detected rotation is not trusted blindly.
OSD_MIN_CONFIDENCE = 1.5

# Where Debian/Ubuntu (and source builds) put the language data.
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)

# Pillow mode -> bytes per pixel as Tesseract's SetImage takes them (0: 1 bit packed,
# MSB first, 1 = white, which is Pillow's own "1" layout).
_BYTES_PER_PIXEL = {"1": 0, "L": 1, "RGB": 3}


@dataclass(frozen=True)
class OcrResult:
    """What Tesseract read on one page."""

    text: str
    confidence: float  # mean word confidence in [0, 1]; 0.0 when no word was read
    rotation: int = 0  # degrees (clockwise) the image was turned before the kept pass
    words: int = 0


def find_tessdata(lang: str, tessdata: str | None = None) -> str:
    """The folder holding ``<lang>.traineddata``, or `SetupError` in French."""
    candidates = [tessdata] if tessdata else [os.environ.get("TESSDATA_PREFIX", ""),
                                                *TESSDATA_DIRS]
    for folder in filter(None, candidates):
        if (Path(folder) / f"{lang}.traineddata").is_file():
            return str(folder)
    raise SetupError(
        f"Les données de langue « {lang} » de Tesseract manquent : installez le paquet "
        f"tesseract-ocr-{lang} (make system), ou indiquez leur dossier dans TESSDATA_PREFIX."
    )


class OcrEngine:
    """One Tesseract per worker process: language model loaded once, one thread."""

    def __init__(
        self,
        limits: TextLimits | None = None,
        *,
        lang: str = "fra",
        tessdata: str | None = None,
    ) -> None:
        limits = limits or TextLimits()
        self.lang = lang
        self.timeout_s = limits.ocr_timeout_s
        self.tessdata = find_tessdata(lang, tessdata)
        self.version = tesserocr.tesseract_version().split()[1]
        self.has_osd = (Path(self.tessdata) / "osd.traineddata").is_file()
        if not self.has_osd:
            log.warning("tesseract has no 'osd' data: upside-down pages will not be turned")
        self._api: Any = None  # built on first page, in the process that reads
        self._osd_api: Any = None
        log.info("OCR engine ready: tesseract %s, lang %s, data %s", self.version, lang,
                 self.tessdata)

    def close(self) -> None:
        """Free Tesseract's models (also done when the engine is collected)."""
        for api in (self._api, self._osd_api):
            if api is not None:
                api.End()
        self._api = self._osd_api = None

    def read(self, image: Image.Image, dpi: int | None = None) -> OcrResult:
        """OCR one page image; turn it upright first when the first pass looks wrong."""
        if image.mode not in _BYTES_PER_PIXEL:
            image = image.convert("RGB")
        dpi = dpi or 300
        first = self._ocr(image, dpi)
        if image.mode != "1" and (first.confidence < LOW_CONFIDENCE or first.words < FEW_WORDS):
            # Speckle noise on a faded grey page defeats Tesseract's thresholding (a page
            # of clear text read as nothing): a 3x3 median removes it and keeps letters.
            cleaned = image.filter(ImageFilter.MedianFilter(3))
            again = self._ocr(cleaned, dpi)
            if _score(again) > _score(first):
                log.debug("page read after removing speckle noise")
                image, first = cleaned, again
        if not self.has_osd or (first.confidence >= LOW_CONFIDENCE and first.words >= FEW_WORDS):
            return first
        rotation, osd_conf = self._orientation(image, dpi)
        if rotation == 0:
            if osd_conf > 0 or first.words == 0 or first.confidence >= LOW_CONFIDENCE:
                return first
            # OSD could not tell (too little text): a short upside-down line
            # still reads better once turned, so try that once.
            rotation = 180
        turned = image.rotate(-rotation, expand=True)  # PIL turns anticlockwise
        second = self._ocr(turned, dpi)
        second = OcrResult(second.text, second.confidence, rotation, second.words)
        if osd_conf >= OSD_MIN_CONFIDENCE or _score(second) > _score(first):
            log.debug("page turned by %d degrees (osd confidence %.1f)", rotation, osd_conf)
            return second
        return first

    # -- internals -------------------------------------------------------------------

    def _engine(self) -> Any:
        if self._api is None:
            self._api = _new_api(self.tessdata, self.lang, tesserocr.PSM.AUTO)
        return self._api

    def _set_image(self, api: Any, image: Image.Image, dpi: int) -> bytes:
        """Hand Pillow's pixels to Tesseract; the buffer returned must outlive recognition
        (Tesseract does not copy it)."""
        pixels = image.tobytes()
        bpp = _BYTES_PER_PIXEL[image.mode]
        line = (image.width + 7) // 8 if bpp == 0 else image.width * bpp
        api.SetImageBytes(pixels, image.width, image.height, bpp, line)
        api.SetSourceResolution(dpi)
        return pixels

    def _ocr(self, image: Image.Image, dpi: int) -> OcrResult:
        api = self._engine()
        pixels = self._set_image(api, image, dpi)
        start = time.monotonic()
        done = api.Recognize(timeout=max(1, round(self.timeout_s * 1000)))
        if not done:
            api.Clear()
            if time.monotonic() - start >= self.timeout_s * 0.9:
                raise DocumentError(
                    "ocr-trop-long",
                    f"La lecture (OCR) d'une page a dépassé {self.timeout_s:g} secondes : "
                    "vérifiez que le document est un courrier lisible, puis redéposez-le "
                    "ou traitez-le à la main.",
                )
            raise DocumentError(
                "image-illisible",
                "Tesseract n'a pas pu lire l'image de la page : vérifiez le fichier "
                "et redéposez-le, ou traitez-le à la main.",
            )
        tsv = api.GetTSVText(0)
        del pixels  # recognition is over: Tesseract no longer reads the buffer
        api.Clear()
        return parse_tsv(tsv)

    def _orientation(self, image: Image.Image, dpi: int) -> tuple[int, float]:
        """(clockwise degrees to turn the image upright, OSD confidence); (0, 0) if unknown."""
        if self._osd_api is None:
            self._osd_api = _new_api(self.tessdata, "osd", tesserocr.PSM.OSD_ONLY)
        api = self._osd_api
        pixels = self._set_image(api, image, dpi)
        try:
            osd = api.DetectOrientationScript()
        except RuntimeError:
            osd = None
        del pixels
        api.Clear()
        if not osd:
            return 0, 0.0  # too few characters to tell: keep the page as it is
        # orient_deg is how far the image is turned clockwise: turn it back that much.
        rotate = (360 - int(osd.get("orient_deg", 0))) % 360
        return (rotate if rotate in (90, 180, 270) else 0), float(osd.get("orient_conf", 0.0))


def _new_api(tessdata: str, lang: str, psm: Any) -> Any:
    try:
        return tesserocr.PyTessBaseAPI(path=tessdata, lang=lang, psm=psm)
    except RuntimeError as exc:
        raise SetupError(
            f"Tesseract n'a pas pu charger les données « {lang} » depuis {tessdata} : {exc}"
        ) from exc


def _score(result: OcrResult) -> float:
    return result.confidence * min(result.words, 50)


def parse_tsv(tsv: str) -> OcrResult:
    """Rebuild text (lines in paragraphs, paragraphs apart) and mean confidence from
    Tesseract's TSV (word rows only: level 5; a header line, if any, is skipped)."""
    paragraphs: dict[tuple[int, int, int], dict[int, list[str]]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        try:
            key = (int(cols[1]), int(cols[2]), int(cols[3]))
            line = int(cols[4])
            conf = float(cols[10])
        except ValueError:
            continue
        paragraphs.setdefault(key, {}).setdefault(line, []).append(word)
        if conf >= 0:
            confidences.append(conf)
    text = "\n\n".join(
        "\n".join(" ".join(words) for _, words in sorted(lines.items()))
        for _, lines in sorted(paragraphs.items())
    )
    mean = sum(confidences) / len(confidences) / 100 if confidences else 0.0
    return OcrResult(text=text, confidence=max(0.0, min(1.0, mean)), words=len(confidences))
