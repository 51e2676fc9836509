"""Bytes and header words of a message to clean text: charsets, encoded words, blanks.

`decode_bytes` tries the declared charset (with the aliases mail clients use), then
utf-8, cp1252 and latin-1; `decode_words` decodes RFC 2047 encoded-words with the same
fallbacks; `clean_line` and `clean_text` make one-line and body text clean.
"""

from __future__ import annotations

import codecs
import email.header
import logging
import re
import unicodedata

log = logging.getLogger(__name__)


_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "chinese": "gb18030",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "ks_c_5601-1989": "cp949",
    "euc-kr": "cp949",
    "iso-8859-1": "cp1252",  # what mail clients really send under that label (’ œ €)
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "iso_8859-1": "cp1252",
    "us-ascii": "ascii",
    "ansi_x3.4-1968": "ascii",
    "x-user-defined": "cp1252",
    "unicode-1-1-utf-7": "utf-7",
    "utf8": "utf-8",
    "shift-jis": "cp932",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
}


def codec_for(charset: str | None) -> str | None:
    """The Python codec to use for a declared charset, None when unknown."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode text bytes: declared charset (with aliases), then utf-8, cp1252, latin-1."""
    declared = codec_for(charset)
    for codec in dict.fromkeys(c for c in (declared, "utf-8", "cp1252") if c):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    if declared:
        return data.decode(declared, errors="replace")
    return data.decode("latin-1")


def fix_surrogates(value: str) -> str:
    """Undo the stdlib's surrogateescape on raw 8-bit header bytes (utf-8, else cp1252)."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    raw = value.encode("utf-8", errors="surrogateescape")
    return decode_bytes(raw, None)


def decode_words(value: str | None) -> str:
    """Decode RFC 2047 encoded-words, with the charset fallbacks of `decode_bytes`."""
    if not value:
        return ""
    value = fix_surrogates(str(value))
    value = re.sub(r"\r?\n(?=[ \t])", "", value)  # unfold before decoding
    if "=?" not in value:
        return value
    try:
        chunks = email.header.decode_header(value)
    except Exception:  # malformed encoded-word: keep the text as written
        log.debug("undecodable encoded-word kept as is")
        return value
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
        elif charset is None:
            out.append(chunk.decode("raw-unicode-escape", errors="replace"))
        else:
            out.append(decode_bytes(chunk, charset))
    return "".join(out)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def clean_line(value: str | None) -> str:
    """One-line text: control characters become spaces, blanks collapsed, NFC."""
    if not value:
        return ""
    text = _CONTROL.sub(" ", value)
    text = re.sub(r"\s+", " ", text).strip()
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Body text: unified newlines, no trailing blanks, at most one empty line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and out[-1] == "":
                continue
            out.append("")
        else:
            out.append(line)
    return unicodedata.normalize("NFC", "\n".join(out).strip())
