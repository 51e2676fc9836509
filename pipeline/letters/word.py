"""A `Letter` laid out as an editable Word document, written with the standard library alone.
A4, the cabinet's letterhead on top, the addressee's block on the right, the place and date,
the references and subject, the paragraphs justified, the signature.

The package (WordprocessingML in a zip) holds eight parts; six never change and are built
once, here; per letter only `word/document.xml` and `docProps/core.xml` are made. Text goes
in escaped, and the characters XML 1.0 forbids (control characters) are dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from pipeline.letters.compose import Letter
from pipeline.letters.layout import (
    BODY_SIZE,
    MARGIN_BOTTOM_CM,
    MARGIN_SIDE_CM,
    MARGIN_TOP_CM,
    PAGE_H_CM,
    PAGE_W_CM,
    blocks,
)
from pipeline.letters.owed import letter_label

FONT = "Arial"  # LibreOffice on Linux renders it with the metric-compatible Liberation Sans


def _twips(cm: float) -> int:
    """A length in cm as Word's twentieths of a point (1 cm = 360 000 EMU, 635 EMU a twip)."""
    return round(cm * 360_000 / 635)


PAGE_W, PAGE_H = _twips(PAGE_W_CM), _twips(PAGE_H_CM)
MARGIN_TOP, MARGIN_BOTTOM = _twips(MARGIN_TOP_CM), _twips(MARGIN_BOTTOM_CM)
MARGIN_SIDE = _twips(MARGIN_SIDE_CM)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument."

CONTENT_TYPES = _HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_CT}wordprocessingml.'
    'document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_CT}wordprocessingml.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_CT}wordprocessingml.'
    'settings+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_CT}extended-properties+xml"/>'
    '</Types>')

PACKAGE_RELS = _HEAD + (
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>')

DOCUMENT_RELS = _HEAD + (
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/>'
    '</Relationships>')

# Normal: Arial 10.5 pt, no space after; the defaults under it (1.15 line spacing) are those of
# the template python-docx used to start from, so the letters look as they did.
_FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
STYLES = _HEAD + (
    f'<w:styles xmlns:w="{_W}">'
    f'<w:docDefaults><w:rPrDefault><w:rPr>{_FONTS}<w:sz w:val="22"/><w:szCs w:val="22"/>'
    '<w:lang w:val="fr-FR" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="200" w:line="276" w:lineRule="auto"/></w:pPr>'
    '</w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    f'<w:qFormat/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr>{_FONTS}<w:sz w:val="21"/>'
    '</w:rPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    '<w:unhideWhenUsed/></w:style>'
    '</w:styles>')

SETTINGS = _HEAD + (
    f'<w:settings xmlns:w="{_W}"><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="14"/></w:compat>'
    '</w:settings>')

APP = _HEAD + (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>reclam</Application><DocSecurity>0</DocSecurity>'
    '<Pages>1</Pages></Properties>')

_CORE = _HEAD + (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>'
    '<dc:creator>{creator}</dc:creator><cp:revision>1</cp:revision>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
    '</cp:coreProperties>')

_DOCUMENT_START = _HEAD + f'<w:document xmlns:w="{_W}"><w:body>'
_DOCUMENT_END = (
    f'<w:sectPr><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
    f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_SIDE}" w:bottom="{MARGIN_BOTTOM}" '
    f'w:left="{MARGIN_SIDE}" w:header="720" w:footer="720" w:gutter="0"/>'
    '<w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>')

# What XML 1.0 cannot hold (C0 controls but tab and line ends, lone surrogates, U+FFFE/FFFF).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ID = re.compile(r"REC-\d{4}-\d+")  # an item's number: never cut at a line's end
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")
_JUSTIFY = '<w:jc w:val="both"/>'


def _clean(text: str) -> str:
    return escape(_FORBIDDEN.sub("", text))


def _pieces(text: str) -> list[str]:
    """Escaped `text` as a run's content: a tab and a line end as Word's own elements."""
    out = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r", "\r\n"):
            out.append("<w:br/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{piece}</w:t>')
    return out


def _content(text: str) -> str:
    """`text` as a run's content; the hyphens of an item's number are non-breaking (Word's
    noBreakHyphen: still a hyphen when the text is copied or searched)."""
    text = _clean(text)
    out, start = [], 0
    for found in _ID.finditer(text):
        out += _pieces(text[start:found.start()])
        out.append("<w:noBreakHyphen/>".join(
            f"<w:t>{part}</w:t>" for part in found[0].split("-")))
        start = found.end()
    out += _pieces(text[start:])
    return "".join(out)


def _run(text: str, bold: bool = False, size: float | None = None,
         color: str | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:color w:val="{color}"/>' if color else "") + (
        f'<w:sz w:val="{round(size * 2)}"/>' if size else "")
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{_content(text)}</w:r>"


def _paragraph(runs: str, before: float = 0, after: float = 0, left: int = 0,
               hanging: int = 0, justify: bool = False) -> str:
    """A paragraph; spacing in points, indents in twips."""
    indent = (f'<w:ind w:left="{left}"' + (f' w:hanging="{hanging}"' if hanging else "")
              + "/>") if left else ""
    return (f'<w:p><w:pPr><w:spacing w:before="{round(before * 20)}" '
            f'w:after="{round(after * 20)}"/>{indent}'
            f'{_JUSTIFY if justify else ""}</w:pPr>{runs}</w:p>')


def document_xml(letter: Letter) -> str:
    """The letter's body, `word/document.xml`: `layout.blocks` as Word paragraphs (Word
    paginates by itself: `keep_with_next` is the PDF's)."""
    parts = [_DOCUMENT_START]
    for b in blocks(letter):
        run = _run(b.text, bold=b.bold, size=b.size if b.size != BODY_SIZE else None,
                   color=b.color)
        parts.append(_paragraph(run, before=b.before, after=b.after,
                                left=_twips(b.indent_cm) if b.indent_cm else 0,
                                hanging=_twips(b.hanging_cm), justify=b.justify))
    parts.append(_DOCUMENT_END)
    return "".join(parts)


def core_xml(letter: Letter, now: datetime | None = None) -> str:
    """The document's properties: title « subject (REC-…) », the cabinet, the letter's type."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _CORE.format(title=_clean(letter.title),
                        subject=_clean(letter_label(letter.kind)),
                        creator=_clean(letter.letterhead[0]), now=moment)


# The parts that never change, encoded once, in the package's order.
_FIXED_HEAD = (("[Content_Types].xml", CONTENT_TYPES.encode()),
               ("_rels/.rels", PACKAGE_RELS.encode()))
_FIXED_TAIL = (("word/_rels/document.xml.rels", DOCUMENT_RELS.encode()),
               ("word/styles.xml", STYLES.encode()), ("word/settings.xml", SETTINGS.encode()))
_APP = APP.encode()


def docx_bytes(letter: Letter) -> bytes:
    """The .docx of `letter` as bytes (a worker drafts it, the parent writes it)."""
    buffer = io.BytesIO()
    write_docx(letter, buffer)
    return buffer.getvalue()


def write_docx(letter: Letter, path: Path | IO[bytes]) -> None:
    """Write `letter` to `path`, a file or a buffer (the caller makes a file atomic:
    `safe_files.swap_in`)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in _FIXED_HEAD:
            package.writestr(name, data)
        package.writestr("word/document.xml", document_xml(letter).encode())
        for name, data in _FIXED_TAIL:
            package.writestr(name, data)
        package.writestr("docProps/core.xml", core_xml(letter).encode())
        package.writestr("docProps/app.xml", _APP)
