"""Text out of PDFs and images: our own small fixtures, then the real odd files.

The real files (/work/shared/corpus-real) are read in place, never copied: their
licences are not ours. Tesseract is installed in CI, so nothing is skipped.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.errors import DocumentError, SetupError
from pipeline.sniff import sniff
from pipeline.text.images import read_image
from pipeline.text.model import Extracted, PageMethod, TextLimits
from pipeline.text.ocr import OcrEngine, parse_tsv
from pipeline.text.pdf import read_pdf

CORPUS = Path("/work/shared/corpus-real")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LETTER = [
    "Réclamation concernant le contrat n° AX-2023-004512,",
    "dégât des eaux à Besançon : délai dépassé.",
]
LIMITS = TextLimits()


@pytest.fixture(scope="module")
def engine() -> OcrEngine:
    return OcrEngine(LIMITS)


def letter_image(lines: list[str] = LETTER, size: int = 42) -> Image.Image:
    """A white 300-dpi strip with French text in DejaVu Sans (about 10 pt)."""
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (1500, 60 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((40, 30 + 70 * i), line, font=font, fill=0)
    image.info["dpi"] = (300, 300)
    return image


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = BytesIO()
    image.save(out, format=fmt, dpi=(300, 300), **options)
    return out.getvalue()


def minimal_pdf(page_streams: list[bytes], *, extra_catalog: bytes = b"") -> bytes:
    """A hand-written PDF: A4 pages drawing text in Helvetica (WinAnsi, so accents work)."""
    objects: list[bytes] = []
    n = len(page_streams)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b">>")
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n)
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for i, stream in enumerate(page_streams):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def text_stream(lines: list[str], y: int = 780) -> bytes:
    parts = [b"BT /F1 12 Tf 14 TL 50 %d Td" % y]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        parts.append(b"(" + escaped.encode("cp1252") + b") Tj T*")
    parts.append(b"ET")
    return b"\n".join(parts)


def png_with_header_size(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with almost no pixel data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def assert_letter_read(text: str) -> None:
    for word in ("Réclamation", "AX-2023-004512", "dégât", "Besançon"):
        assert word in text, (word, text)


# -- OCR engine ---------------------------------------------------------------------------


def test_ocr_reads_french_accents_with_a_confidence(engine: OcrEngine) -> None:
    result = engine.read(letter_image(), 300)
    assert_letter_read(result.text)
    assert 0.7 < result.confidence <= 1.0
    assert result.rotation == 0


@pytest.mark.parametrize(("turned", "fixes"), [(90, {90}), (180, {180}), (270, {0, 270})])
def test_ocr_turns_a_sideways_or_upside_down_page_before_reading(
    engine: OcrEngine, turned: int, fixes: set[int]
) -> None:
    """A page scanned turned by `turned` degrees anticlockwise is turned back (the
    rotation is in degrees clockwise); Tesseract's layout analysis may read a page
    turned a quarter clockwise as it is, which is fine too."""
    result = engine.read(letter_image(LETTER * 4).rotate(turned, expand=True), 300)
    assert result.rotation in fixes
    assert_letter_read(result.text)


def test_ocr_rebuilds_lines_and_paragraphs_from_tsv() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tBonjour",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tMadame,",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t70\tmerci.",
        "4\t1\t1\t2\t1\t0\t0\t0\t1\t1\t-1\t",
        "5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t60\tCordialement",
    ]
    result = parse_tsv("\n".join([header, *rows]))
    assert result.text == "Bonjour Madame,\nmerci.\n\nCordialement"
    assert result.confidence == pytest.approx(0.75)
    assert result.words == 4


def test_ocr_timeout_is_a_document_error_in_french() -> None:
    engine = OcrEngine(TextLimits(ocr_timeout_s=0.01))
    with pytest.raises(DocumentError) as caught:
        engine.read(letter_image(), 300)
    assert caught.value.code == "ocr-trop-long"
    assert "dépassé" in caught.value.reason


def test_missing_language_data_is_a_setup_error_in_french(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="« fra » de Tesseract manquent"):
        OcrEngine(LIMITS, tessdata=str(tmp_path))
    with pytest.raises(SetupError, match="tesseract-ocr-xyz"):
        OcrEngine(LIMITS, lang="xyz")


def test_one_engine_reads_many_pages_with_its_model_loaded_once(engine: OcrEngine) -> None:
    """The model stays loaded between pages (one per worker), and pages do not leak
    into each other: each result is its own page's text, in every pixel mode."""
    first = engine.read(letter_image(["Premier courrier : Besançon"]), 300)
    api = engine._api
    second = engine.read(letter_image(["Deuxième lettre : Périgueux"]).convert("1"), 300)
    third = engine.read(letter_image(["Troisième envoi : Épinal"]).convert("RGB"), 300)
    assert engine._api is api is not None
    assert "Besançon" in first.text and "Périgueux" not in first.text
    assert "Périgueux" in second.text and "Besançon" not in second.text
    assert "Épinal" in third.text and "Périgueux" not in third.text


# -- images -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mode", "options"),
    [
        ("PNG", "L", {}),
        ("PNG", "P", {}),
        ("PNG", "LA", {}),
        ("TIFF", "1", {"compression": "group4"}),
        ("JPEG", "CMYK", {"quality": 90}),
    ],
)
def test_image_formats_and_modes_are_read(
    engine: OcrEngine, fmt: str, mode: str, options: dict[str, object]
) -> None:
    data = encode(letter_image().convert(mode), fmt, **options)
    extracted = read_image(data, LIMITS, engine, part="scan.bin")
    (page,) = extracted.pages
    assert page.method is PageMethod.OCR and page.part == "scan.bin" and page.number == 1
    assert page.confidence is not None and page.confidence > 0.7
    assert_letter_read(page.text)


def test_every_tiff_frame_becomes_a_page(engine: OcrEngine) -> None:
    frames = [letter_image([f"Page {n} : sinistre à Besançon"]) for n in (1, 2, 3)]
    out = BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    extracted = read_image(out.getvalue(), LIMITS, engine)
    assert [p.number for p in extracted.pages] == [1, 2, 3]
    for n, page in enumerate(extracted.pages, start=1):
        assert f"Page {n}" in page.text and "Besançon" in page.text


def test_too_many_tiff_frames_are_refused_before_ocr(engine: OcrEngine) -> None:
    frames = [Image.new("1", (50, 50), 1) for _ in range(3)]
    out = BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(DocumentError) as caught:
        read_image(out.getvalue(), TextLimits(max_pages=2), engine)
    assert caught.value.code == "trop-de-pages"
    assert "3 pages" in caught.value.reason


@pytest.mark.parametrize("side", [12_000, 40_000], ids=["over-our-cap", "over-pillow-cap"])
def test_decompression_bomb_image_is_refused_before_decoding(engine: OcrEngine, side: int) -> None:
    start = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        read_image(png_with_header_size(side, side), LIMITS, engine)
    assert caught.value.code == "image-trop-grande"
    assert "démesurée" in caught.value.reason
    assert time.monotonic() - start < 2


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n garbage", encode(letter_image(), "PNG")[:3000]],
    ids=["header-only", "truncated"],
)
def test_truncated_or_corrupt_image_is_unreadable(engine: OcrEngine, data: bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        read_image(data, LIMITS, engine)
    assert caught.value.code == "image-illisible"
    assert "illisible" in caught.value.reason


def test_blank_image_gives_an_empty_page_and_a_warning(engine: OcrEngine) -> None:
    extracted = read_image(encode(Image.new("L", (600, 800), 255), "PNG"), LIMITS, engine)
    assert extracted.pages[0].text == ""
    assert extracted.warnings == ("Page 1 : page blanche, aucun texte.",)


# -- PDFs we make -------------------------------------------------------------------------


def test_digital_pdf_uses_its_text_layer(engine: OcrEngine) -> None:
    data = minimal_pdf([text_stream(LETTER), text_stream(["Deuxième page : préjudice subi."])])
    extracted = read_pdf(data, LIMITS, engine, part="lettre.pdf")
    assert [p.method for p in extracted.pages] == [PageMethod.TEXT_LAYER] * 2
    assert all(p.confidence is None and p.part == "lettre.pdf" for p in extracted.pages)
    assert_letter_read(extracted.pages[0].text)
    assert "Deuxième page : préjudice subi." in extracted.pages[1].text


def test_image_only_pdf_is_ocrd(engine: OcrEngine) -> None:
    out = BytesIO()
    letter_image().save(out, format="PDF", resolution=300)
    (page,) = read_pdf(out.getvalue(), LIMITS, engine).pages
    assert page.method is PageMethod.OCR and page.confidence and page.confidence > 0.7
    assert_letter_read(page.text)


def test_upside_down_scan_in_a_pdf_is_read_upright(engine: OcrEngine) -> None:
    out = BytesIO()
    letter_image(LETTER * 3).rotate(180).save(out, format="PDF", resolution=300)
    (page,) = read_pdf(out.getvalue(), LIMITS, engine).pages
    assert page.rotation == 180
    assert_letter_read(page.text)


def test_pdf_with_junk_before_the_header_is_read(engine: OcrEngine) -> None:
    data = b"\xef\xbb\xbfJUNK" + minimal_pdf([text_stream(LETTER)])
    assert sniff(data) == "pdf"
    assert_letter_read(read_pdf(data, LIMITS, engine).text)


def test_too_many_pdf_pages_are_refused(engine: OcrEngine) -> None:
    data = minimal_pdf([text_stream([f"Page {n}"]) for n in range(3)])
    with pytest.raises(DocumentError) as caught:
        read_pdf(data, TextLimits(max_pages=2), engine)
    assert caught.value.code == "trop-de-pages"


def test_truncated_pdf_is_unreadable(engine: OcrEngine) -> None:
    with pytest.raises(DocumentError) as caught:
        read_pdf(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", LIMITS, engine)
    assert caught.value.code == "pdf-illisible"


def test_dynamic_xfa_form_without_content_is_refused(engine: OcrEngine) -> None:
    data = minimal_pdf([b""], extra_catalog=b"/NeedsRendering true ")
    with pytest.raises(DocumentError) as caught:
        read_pdf(data, LIMITS, engine)
    assert caught.value.code == "pdf-xfa"
    assert "XFA" in caught.value.reason


# -- the real odd files, read in place ----------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """A golden expectation: a quarantine code, or facts about the pages."""

    error: str | None = None
    pages: int | None = None
    methods: tuple[PageMethod, ...] | None = None
    words: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    rotation: int | None = None
    warning: str | None = None
    check: Callable[[Extracted], None] | None = field(default=None, compare=False)


OCR, LAYER = PageMethod.OCR, PageMethod.TEXT_LAYER


def _frames_hold_their_page_numbers(extracted: Extracted) -> None:
    for n, page in enumerate(extracted.pages, start=1):
        assert f"Page {n}" in page.text


def _mixed_page_has_layer_and_image_text(extracted: Extracted) -> None:
    first = extracted.pages[0].text
    assert "normal text" in first and "in an image" in first
    assert first.count("normal text") == 1  # the OCR of the layer's own lines is dropped


def _contract_text_is_clipped_to_the_page(extracted: Extracted) -> None:
    assert len(extracted.text) < 600  # 4 KB of text lies outside the 384x111 pt page


CASES: dict[str, Expect] = {
    # scans/
    "scans/ocrmypdf_francais.pdf": Expect(
        pages=1, methods=(OCR,), words=("intérieure", "côté", "île", "bûches", "âtre", "alcôve")
    ),
    "scans/tesseract_eurotext.tif": Expect(pages=1, methods=(OCR,), words=("renard", "paresseux")),
    "scans/tesseract_8071_093.3B_g4.tif": Expect(pages=1, methods=(OCR,), words=("parents",)),
    "scans/tesseract_phototest-rotated-180.png": Expect(
        pages=1, methods=(OCR,), rotation=180, words=("quick brown dog", "lazy fox")
    ),
    "scans/ocrmypdf_ccitt.pdf": Expect(pages=1, methods=(OCR,), words=("LinnSequencer",)),
    "scans/ocrmypdf_jbig2.pdf": Expect(pages=1, methods=(OCR,), words=("LinnSequencer",)),
    "scans/ocrmypdf_rotated_skew.pdf": Expect(pages=1, methods=(OCR,), words=("LinnSequencer",)),
    "scans/ocrmypdf_epson.pdf": Expect(pages=1, methods=(OCR,), words=("character recognition",)),
    "scans/ocrmypdf_baiona_cmyk.jpg": Expect(pages=1, methods=(OCR,), words=("BAIONA",)),
    "scans/ocrmypdf_2400dpi.pdf": Expect(pages=1, methods=(OCR,), words=("Waterman", "linzen")),
    "scans/paperless_multi-page-images-alpha-rgb.tiff": Expect(
        pages=3,
        methods=(OCR,) * 3,
        words=("multi page document",),
        check=_frames_hold_their_page_numbers,
    ),
    "scans/paperless_simple-no-dpi.png": Expect(
        pages=1, methods=(OCR,), words=("This is a test document",)
    ),
    "scans/paperless_single-page-mixed.pdf": Expect(
        pages=2,
        methods=(OCR, LAYER),
        words=("digital text on page 2",),
        check=_mixed_page_has_layer_and_image_text,
    ),
    # pdfs-odd/
    "pdfs-odd/ocrmypdf_invalid.pdf": Expect(error="pdf-illisible"),
    "pdfs-odd/pdfplumber_empty.pdf": Expect(error="fichier-vide"),
    "pdfs-odd/pdfplumber_password-example.pdf": Expect(error="pdf-chiffre"),
    "pdfs-odd/pdfminer_encryption_rc4-128.pdf": Expect(error="pdf-chiffre"),
    "pdfs-odd/pdfjs_empty_protected.pdf": Expect(pages=1, warning="page blanche"),
    "pdfs-odd/qpdf_pages-loop.pdf": Expect(pages=1, methods=(LAYER,), words=("Potato",)),
    "pdfs-odd/qpdf_append-xref-loop.pdf": Expect(pages=30, words=("Potato 0", "Potato 29")),
    "pdfs-odd/qpdf_issue-147.pdf": Expect(error="pdf-illisible"),
    "pdfs-odd/pdfminer_issue-1113-evil-xobjects.pdf": Expect(pages=1, words=("Hello world",)),
    "pdfs-odd/pdfminer_zen_of_python_corrupted.pdf": Expect(
        pages=1, methods=(LAYER,), words=("Beautiful is better than ugly",)
    ),
    "pdfs-odd/ocrmypdf_hugemono_35000px.pdf": Expect(error="image-trop-grande"),
    "pdfs-odd/ocrmypdf_enormous_page.pdf": Expect(pages=1, methods=(OCR,), words=("pixels",)),
    "pdfs-odd/ocrmypdf_livecycle_xfa.pdf": Expect(error="pdf-xfa"),
    "pdfs-odd/pdfjs_GHOSTSCRIPT-698804-1-fuzzed.pdf": Expect(pages=1, warning="page blanche"),
    "pdfs-odd/pdfjs_poppler-937-0-fuzzed.pdf": Expect(error="pdf-illisible"),
    "pdfs-odd/pdfjs_french_diacritics_cid_garbage.pdf": Expect(
        pages=1, methods=(OCR,), words=("é", "É", "à"), absent=("(cid:",)
    ),
    "pdfs-odd/pdfjs_issue7454_fr_contract.pdf": Expect(
        pages=1,
        methods=(LAYER,),
        words=("contrat conseillé", "Décès"),
        check=_contract_text_is_clipped_to_the_page,
    ),
    "pdfs-odd/pypdf_with-attachment.pdf": Expect(
        pages=1, methods=(LAYER,), words=("Lorem ipsum",), warning="image.png"
    ),
    "pdfs-odd/paperless_test_with_bom.pdf": Expect(
        pages=2, methods=(LAYER, LAYER), words=("paperless",)
    ),
    "pdfs-odd/paperless_invalid_pdf_leading_garbage.pdf": Expect(
        pages=2, methods=(LAYER, LAYER), words=("Invoice",)
    ),
}


def test_every_real_scan_and_odd_pdf_has_a_golden_expectation() -> None:
    on_disk = {
        f"{p.parent.name}/{p.name}" for d in ("scans", "pdfs-odd") for p in (CORPUS / d).iterdir()
    }
    assert on_disk == set(CASES)


def _read(data: bytes, engine: OcrEngine) -> Extracted:
    kind = sniff(data)
    if kind in ("tiff", "png", "jpeg"):
        return read_image(data, LIMITS, engine)
    return read_pdf(data, LIMITS, engine)


SLOW = {"pdfs-odd/ocrmypdf_enormous_page.pdf"}  # a 30-inch page OCR'd at 258 dpi


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "relative", [pytest.param(r, marks=pytest.mark.slow) if r in SLOW else r for r in sorted(CASES)]
)
def test_real_file_gives_its_golden_outcome(relative: str, engine: OcrEngine) -> None:
    expect = CASES[relative]
    data = (CORPUS / relative).read_bytes()  # read in place, never copied
    if expect.error:
        with pytest.raises(DocumentError) as caught:
            _read(data, engine)
        assert caught.value.code == expect.error
        assert caught.value.reason.endswith(".") and " : " in caught.value.reason
        return
    extracted = _read(data, engine)
    if expect.pages is not None:
        assert len(extracted.pages) == expect.pages
    if expect.methods is not None:
        assert tuple(p.method for p in extracted.pages) == expect.methods
    for word in expect.words:
        assert word in extracted.text, word
    for word in expect.absent:
        assert word not in extracted.text, word
    if expect.rotation is not None:
        assert extracted.pages[0].rotation == expect.rotation
    if expect.warning is not None:
        assert any(expect.warning in w for w in extracted.warnings), extracted.warnings
    for page in extracted.pages:
        if page.method is OCR:
            assert page.confidence is not None and 0.0 <= page.confidence <= 1.0
    if expect.check is not None:
        expect.check(extracted)


def test_a_faded_page_with_speckle_noise_is_read() -> None:
    """Grey paper, grey ink and scanner noise (the independent set's faded 200-dpi scans):
    Tesseract alone reads nothing; the engine's second pass without the speckles does."""
    import numpy as np

    from tests.makers import letter_image as full_letter

    pixels = np.asarray(full_letter()).astype(float)
    faded = 215 - (255 - pixels) * 0.7 + np.random.default_rng(3).normal(0, 28, pixels.shape)
    page = Image.fromarray(np.clip(faded, 0, 255).astype("uint8"))
    engine = OcrEngine(TextLimits())
    assert engine._ocr(page, 200).words == 0  # what a single pass gives
    result = engine.read(page, 200)
    assert "conteste le refus" in result.text and result.confidence > 0.8
