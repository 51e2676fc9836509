"""An HTML body to clean text, and HTML bytes to a string by their <meta charset>."""

from __future__ import annotations

import logging
import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction

from pipeline.text.email_charset import clean_text, codec_for, decode_bytes

log = logging.getLogger(__name__)


_PARAGRAPH_TAGS = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "ul", "ol", "dl",
    "pre", "hr", "address", "center", "form", "fieldset", "section", "article", "body",
]  # fmt: skip
_LINE_TAGS = ["div", "li", "tr", "dd", "dt", "header", "footer", "caption"]
_DROP_TAGS = ["script", "style", "head", "title", "noscript", "template", "object", "svg"]
_SOFT, _PARA, _HARD = "\x00", "\x01", "\x02"  # line, paragraph, <br> markers
_BREAKS = re.compile(r"[ \t\u00a0]*(?:[\x00\x01\x02\n][ \t\u00a0]*)+")


def _breaks(match: re.Match[str]) -> str:
    run = match.group(0)
    hard = run.count(_HARD) + run.count("\n")
    return "\n" * min(2, max(hard, 2 if _PARA in run else 1))


def html_to_text(html: str) -> str:
    """Clean text out of an HTML body: no script/style, paragraph and line breaks kept."""
    if not html.strip():
        return ""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for node in soup.find_all(string=True):
        if isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction):
            node.extract()
            continue
        if node.find_parent("pre") is None:
            node.replace_with(re.sub(r"[ \t\r\n\f\v\x00-\x02]+", " ", str(node)))
    for br in soup.find_all("br"):
        br.replace_with(_HARD)
    for tag in soup.find_all(["td", "th"]):
        tag.insert_after(" ")
    for tag in soup.find_all(_LINE_TAGS):
        tag.insert_before(_SOFT)
        tag.insert_after(_SOFT)
    for tag in soup.find_all(_PARAGRAPH_TAGS):
        tag.insert_before(_PARA)
        tag.insert_after(_PARA)
    text = _BREAKS.sub(_breaks, soup.get_text())
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return clean_text("\n".join(lines))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\\?["']?([A-Za-z0-9_\-:.]+)""", re.I)


def decode_html_bytes(data: bytes, hint: str | None = None) -> str:
    """Decode HTML bytes: its <meta charset> if it fits, else `hint`, else the fallbacks."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        declared = codec_for(match.group(1).decode("ascii", "replace"))
        if declared:
            try:
                return data.decode(declared)
            except UnicodeDecodeError:
                log.debug("html meta charset %s does not fit the bytes", declared)
    return decode_bytes(data, hint)
