"""Tesseract behind one class: the only module that imports pytesseract.

`OcrEngine` is built once per worker process. `read(image)` runs one Tesseract call
per normal page (TSV output gives the words and their confidences in one pass; lines
and paragraphs are rebuilt from it). Only when that pass looks poor (low confidence or
few words) does it pay for orientation detection (OSD, ``--psm 0``) and, if the page
is turned, OCR the upright image again.

Images reach Tesseract as uncompressed PNM files written to a private temporary
directory (in ``/dev/shm`` when there is one): no PNG/JPEG encoding, no lossy
re-encoding. pytesseract, given a PIL image, would encode it as PNG (slow for a
300-dpi page) or re-encode a JPEG.

Errors: a page that takes longer than the timeout raises
`DocumentError("ocr-trop-long")`; a Tesseract that is missing, or lacks the
language data, raises `SetupError` when the engine is built.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytesseract
from PIL import Image

from pipeline.errors import DocumentError, SetupError
from pipeline.text.model import TextLimits

log = logging.getLogger(__name__)

# Below these, the first pass is suspicious and orientation is checked.
LOW_CONFIDENCE = 0.60
FEW_WORDS = 8
# OSD's own confidence below which a detected rotation is not trusted blindly.
OSD_MIN_CONFIDENCE = 1.5

_MODES_AS_IS = {"1", "L", "RGB"}


@dataclass(frozen=True)
class OcrResult:
    """What Tesseract read on one page."""

    text: str
    confidence: float  # mean word confidence in [0, 1]; 0.0 when no word was read
    rotation: int = 0  # degrees (clockwise) the image was turned before the kept pass
    words: int = 0


class OcrEngine:
    """One Tesseract set-up per worker process (language, timeout, one thread)."""

    def __init__(
        self,
        limits: TextLimits | None = None,
        *,
        lang: str = "fra",
        tesseract_cmd: str | None = None,
    ) -> None:
        limits = limits or TextLimits()
        self.lang = lang
        self.timeout_s = limits.ocr_timeout_s
        if tesseract_cmd:
            pytesseract.pytesseract.tesseract_cmd = tesseract_cmd
        # Tesseract's OpenMP threads fight each other when pages run in parallel
        # workers (paperless #668); pytesseract passes os.environ to its subprocesses.
        os.environ["OMP_THREAD_LIMIT"] = "1"
        try:
            self.version = str(pytesseract.get_tesseract_version())
            languages = set(pytesseract.get_languages())
        except pytesseract.TesseractNotFoundError as exc:
            raise SetupError(
                "Tesseract est introuvable : installez les paquets tesseract-ocr et "
                "tesseract-ocr-fra (make system)."
            ) from exc
        except (OSError, pytesseract.TesseractError) as exc:
            raise SetupError(f"Tesseract ne répond pas correctement : {exc}") from exc
        if lang not in languages:
            raise SetupError(
                f"Les données de langue « {lang} » de Tesseract manquent : installez "
                f"le paquet tesseract-ocr-{lang}."
            )
        self.has_osd = "osd" in languages
        if not self.has_osd:
            log.warning("tesseract has no 'osd' data: upside-down pages will not be turned")
        shm = Path("/dev/shm")
        base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
        self._tmp = Path(tempfile.mkdtemp(prefix="reclam-ocr-", dir=base))
        self._finalizer = weakref.finalize(self, shutil.rmtree, self._tmp, True)
        self._seq = count()
        log.info("OCR engine ready: tesseract %s, lang %s", self.version, lang)

    def close(self) -> None:
        """Remove the temporary directory (also done when the engine is collected)."""
        self._finalizer()

    def read(self, image: Image.Image, dpi: int | None = None) -> OcrResult:
        """OCR one page image; turn it upright first when the first pass looks wrong."""
        if image.mode not in _MODES_AS_IS:
            image = image.convert("RGB")
        dpi = dpi or 300
        path = self._write(image)
        try:
            first = self._ocr(path, dpi)
            if not self.has_osd or (
                first.confidence >= LOW_CONFIDENCE and first.words >= FEW_WORDS
            ):
                return first
            rotation, osd_conf = self._orientation(path, dpi)
            if rotation == 0:
                if osd_conf > 0 or first.words == 0 or first.confidence >= LOW_CONFIDENCE:
                    return first
                # OSD could not tell (too little text): a short upside-down line
                # still reads better once turned, so try that once.
                rotation = 180
            turned = image.rotate(-rotation, expand=True)  # PIL turns anticlockwise
            path.unlink(missing_ok=True)
            path = self._write(turned)
            second = self._ocr(path, dpi)
            second = OcrResult(second.text, second.confidence, rotation, second.words)
            if osd_conf >= OSD_MIN_CONFIDENCE or _score(second) > _score(first):
                log.debug("page turned by %d degrees (osd confidence %.1f)", rotation, osd_conf)
                return second
            return first
        finally:
            path.unlink(missing_ok=True)

    # -- internals -------------------------------------------------------------------

    def _write(self, image: Image.Image) -> Path:
        # PNM: a header and the raw pixels (P4 for 1-bit, P5 grey, P6 RGB), which
        # leptonica reads without decompression.
        path = self._tmp / f"page-{os.getpid()}-{next(self._seq)}.pnm"
        image.save(path, format="PPM")
        return path

    def _run(self, kind: str, path: Path, config: str) -> str:
        try:
            if kind == "osd":
                out = pytesseract.image_to_osd(str(path), config=config, timeout=self.timeout_s)
            else:
                out = pytesseract.image_to_data(
                    str(path), lang=self.lang, config=config, timeout=self.timeout_s
                )
        except RuntimeError as exc:
            if "timeout" not in str(exc).lower() or isinstance(exc, pytesseract.TesseractError):
                raise
            raise DocumentError(
                "ocr-trop-long",
                f"La lecture (OCR) d'une page a dépassé {self.timeout_s:g} secondes : "
                "vérifiez que le document est un courrier lisible, puis redéposez-le "
                "ou traitez-le à la main.",
            ) from exc
        except pytesseract.TesseractNotFoundError as exc:
            raise SetupError("Tesseract a disparu pendant le traitement.") from exc
        return str(out)

    def _ocr(self, path: Path, dpi: int) -> OcrResult:
        try:
            tsv = self._run("tsv", path, f"--psm 3 --dpi {dpi}")
        except pytesseract.TesseractError as exc:
            raise DocumentError(
                "image-illisible",
                "Tesseract n'a pas pu lire l'image de la page : vérifiez le fichier "
                "et redéposez-le, ou traitez-le à la main.",
            ) from exc
        return parse_tsv(tsv)

    def _orientation(self, path: Path, dpi: int) -> tuple[int, float]:
        """(clockwise degrees to turn the image upright, OSD confidence); (0, 0) if unknown."""
        try:
            osd = self._run("osd", path, f"--psm 0 --dpi {dpi}")
        except pytesseract.TesseractError:
            return 0, 0.0  # too few characters to tell: keep the page as it is
        rotate, confidence = 0, 0.0
        for line in osd.splitlines():
            key, _, value = line.partition(":")
            try:
                if key.strip() == "Rotate":
                    rotate = int(value.strip())
                elif key.strip() == "Orientation confidence":
                    confidence = float(value.strip())
            except ValueError:
                return 0, 0.0
        return (rotate if rotate in (90, 180, 270) else 0), confidence


def _score(result: OcrResult) -> float:
    return result.confidence * min(result.words, 50)


def parse_tsv(tsv: str) -> OcrResult:
    """Rebuild text (lines in paragraphs, paragraphs apart) and mean confidence from TSV."""
    paragraphs: dict[tuple[int, int, int], dict[int, list[str]]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
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
