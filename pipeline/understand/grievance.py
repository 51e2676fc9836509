"""The body sentence a description quotes: the one that states the grievance, else the
request (record.md, `description`).

    sentences       the body cut in sentences, by rule: the understand stage's spaCy
                    pipeline runs its entity recogniser only (no parser, no sentence
                    boundaries: pipeline/understand/nlp.py), and the letter is not parsed
                    a second time for this
    set aside       what is not the writer's prose (lexicon/boilerplate.txt): a quoted
                    reply and what follows it, a disclaimer, a signature delimiter,
                    contact lines, stamps; short lines that are not sentences (names,
                    titles of a signature); sentences holding a personal number that
                    masking would hide (pipeline/privacy.py) or a masked one
    formulas        an opening formula (lexicon/opening_formulas.txt) is read past: its
                    rest is scored, and a sentence that is nothing else is never quoted
                    (« Madame, Monsieur, », « Notre association vous fait part de la
                    réclamation suivante : »); a framing sentence (who writes, for whom,
                    since when) and one with a closing formula, a thanks, an enclosure or
                    a threat (lexicon/closing_formulas.txt) are much damped
    scored          grievance cues (lexicon/grievance_cues.txt) and, a little, the
                    category families' vocabulary (lexicon/complaint_categories.txt);
                    earlier sentences win ties, the matter comes first in a letter;
                    without a grievance sentence, the sentence that asks most
                    (lexicon/request_cues.txt)

The cue families are data; nothing here logs the letter's text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline import privacy
from pipeline.textnorm import cue_text
from pipeline.understand import lexicon
from pipeline.understand.complaint import category_weight

FRAME_FACTOR = 0.25  # a sentence saying who writes, for whom, since when
CLOSING_FACTOR = 0.2  # a sentence with a closing formula, a thanks, a threat
CATEGORY_FACTOR = 0.3  # the topic's vocabulary counts for this much of a cue
MAX_CUES = 4.0  # a sentence's cues count up to this: more cues do not make the matter
POSITION_STEP = 0.3  # taken off per sentence before: the matter comes first in a letter
MIN_GRIEVANCE = 1.5  # a sentence scoring less states no grievance
CLEAR_GRIEVANCE = 3.0  # the first sentence scoring this much states it
MIN_REQUEST = 1.5
MIN_WORDS = 4  # a shorter sentence, or a formula's rest, is not quoted
MIN_REST_WORDS = 4
LINE_WORDS = 8  # a line this short without a final stop is a line of its own (signature)

_END = re.compile(r"[.!?…:;,»)]$")
_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(]?[A-ZÀ-ÖØ-Þ0-9])")
_ABBREVIATION = re.compile(r"\b(M|Me|Mme|Mlle|MM|Dr|St|Ste|art|cf|env|réf|Réf|n|N|p|tél|Tél|etc)\.")
_HIDE_DOT = "\u2024"
_MASKED = re.compile(r"[*•]{3,}|X{4,}|x{4,}")
_WORD = re.compile(r"[^\W\d_]{2,}")
# a main clause after a frame's comma opens with its subject, not with « qui », « et »…
_MAIN_CLAUSE = re.compile(r"(?:je|j'|nous|vous|on|il|elle|ils|elles|mon|ma|mes|notre|nos|votre|"
                          r"vos|son|sa|ses|leur|leurs|cette|ce|ces|le|la|les|l')\b")


@dataclass(frozen=True)
class Candidate:
    text: str  # the sentence as written (lines joined)
    position: int  # its rank among the candidates
    grievance: float  # what its cues say, damped for a frame or a closing
    request: float
    damped: bool  # a frame or a closing formula

    def rank(self, score: float) -> float:
        return score - POSITION_STEP * self.position


@functools.cache
def _cues(name: str) -> tuple[tuple[re.Pattern[str], float], ...]:
    return lexicon.pattern_mapping(name, float)


_FORMULA_KINDS = ("formule", "cadre")
_LINE_KINDS = ("fin", "ligne")


def _kind(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def convert(value: str) -> str:
        if value not in allowed:
            raise ValueError(" ou ".join(f"« {a} »" for a in allowed) + " attendu")
        return value
    return convert


@functools.cache
def _openings() -> tuple[tuple[re.Pattern[str], str], ...]:
    return lexicon.pattern_mapping("opening_formulas", _kind(_FORMULA_KINDS))


@functools.cache
def _openings_of(kind: str) -> tuple[re.Pattern[str], ...]:
    """The opening formulas of one kind (« formule » or « cadre »), split once."""
    return tuple(pattern for pattern, k in _openings() if k == kind)


@functools.cache
def _boilerplate() -> tuple[tuple[re.Pattern[str], str], ...]:
    return lexicon.pattern_mapping("boilerplate", _kind(_LINE_KINDS))


@functools.cache
def _closings() -> lexicon.Cues:
    return lexicon.Cues("closing_formulas")


def check() -> None:
    """Every table this module reads, loaded and checked (SetupError on a bad entry)."""
    _cues("grievance_cues")
    _cues("request_cues")
    _openings()
    _boilerplate()
    _closings().pattern  # noqa: B018 - compiled now, not on the first letter


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def prose_lines(body: str) -> list[list[str]]:
    """The body's paragraphs of prose, each a list of lines: what follows a quoted reply,
    a disclaimer or a signature delimiter dropped, contact lines and stamps skipped. A
    line going on in lower case after a blank line that cut a sentence (OCR reads a
    scan's line spacing as paragraphs) stays in its paragraph."""
    paragraphs: list[list[str]] = [[]]
    for raw in body.splitlines():
        line = " ".join(raw.split())
        folded = cue_text(line)
        kinds = {kind for pattern, kind in _boilerplate() if pattern.search(folded)}
        if "fin" in kinds:
            break
        if not line or "ligne" in kinds:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        previous = paragraphs[-2] if len(paragraphs) > 1 and not paragraphs[-1] else None
        if previous and line[:1].islower() and not _END.search(previous[-1]):
            paragraphs.pop()
        paragraphs[-1].append(line)
    return [p for p in paragraphs if p]


def _segments(paragraph: list[str]) -> list[str]:
    """A paragraph's lines joined; a short line without a final stop stands alone (a
    heading, a name or a title under the text), and so does a line without a final stop
    before one (the last line of a text that ends without a stop, above a signature)."""
    out: list[str] = []
    current: list[str] = []
    for index, line in enumerate(paragraph):
        current.append(line)
        following = paragraph[index + 1] if index + 1 < len(paragraph) else ""
        alone = (not _END.search(line) and following[:1].isupper()
                 and (len(line.split()) < LINE_WORDS
                      or (len(following.split()) < LINE_WORDS and not _END.search(following))))
        if alone or not following:
            out.append(" ".join(current))
            current = []
    return out


def sentences(body: str) -> list[str]:
    """The body's sentences of prose, in order (formulas still in)."""
    out: list[str] = []
    for paragraph in prose_lines(body):
        for segment in _segments(paragraph):
            hidden = _ABBREVIATION.sub(lambda m: m.group(1) + _HIDE_DOT, segment)
            for part in _SPLIT.split(hidden):
                sentence = part.replace(_HIDE_DOT, ".").strip()
                if _words(sentence) >= MIN_WORDS and not _title_line(sentence):
                    out.append(sentence)
    return out


def _title_line(text: str) -> bool:
    """A line of names and titles (« Service Comptabilité – Transports Roche »): no final
    stop, and half its words or more capitalised."""
    words = _WORD.findall(text)
    return not _END.search(text) and 2 * sum(w[0].isupper() for w in words) >= len(words)


def _tally(cues: tuple[tuple[re.Pattern[str], float], ...], folded: str) -> float:
    return sum(weight for pattern, weight in cues if pattern.search(folded))


def _readable(sentence: str) -> bool:
    """Not a sentence to quote: one holding a personal number (masked when written), or
    a number already masked."""
    return privacy.mask(sentence) == sentence and not _MASKED.search(sentence)


def _past_formulas(folded: str) -> str:
    """The folded sentence after its opening formulas (« Madame, Monsieur, suite à notre
    conversation, … »), read past one after the other."""
    formulas = _openings_of("formule")
    while True:
        match = next((m for m in (p.match(folded) for p in formulas) if m and m.end()), None)
        if match is None:
            return folded
        folded = folded[match.end():]


def _past_frame(folded: str) -> tuple[str, float]:
    """(what to read, its factor): the sentence past its opening formulas; a framing
    sentence is damped, but when its frame is a clause before a comma and the main
    clause follows (« Assurée chez vous sous le n° …,
    je conteste la franchise »), the main clause is read as it is."""
    frames = _openings_of("cadre")
    frame = next((m for m in (p.match(folded) for p in frames) if m), None)
    if frame is None:  # after the formulas: « Madame, je suis cliente depuis… »
        folded = _past_formulas(folded)
        frame = next((m for m in (p.match(folded) for p in frames) if m), None)
    if frame is None:
        return folded, 1.0
    comma = folded.find(", ", frame.end())
    clause = folded[comma + 2:] if comma >= 0 else ""
    if _MAIN_CLAUSE.match(clause) and _words(clause) >= MIN_REST_WORDS:
        return clause, 1.0
    return folded, FRAME_FACTOR


def candidates(body: str) -> list[Candidate]:
    """Each quotable sentence with its grievance and request scores."""
    out: list[Candidate] = []
    for sentence in sentences(body):
        if not _readable(sentence):
            continue
        folded, factor = _past_frame(cue_text(sentence))
        if _words(folded) < MIN_REST_WORDS:
            continue  # nothing but a formula
        if _closings().search(folded):
            factor = min(factor, CLOSING_FACTOR)
        grievance = min(MAX_CUES, _tally(_cues("grievance_cues"), folded)
                        + CATEGORY_FACTOR * min(3.0, category_weight(folded)))
        request = min(MAX_CUES, _tally(_cues("request_cues"), folded))
        out.append(Candidate(sentence, len(out), factor * grievance, factor * request,
                             factor < 1.0))
    return out


def key_sentence(body: str) -> str:
    """The sentence that states the grievance, else the one that asks most, else the
    first sentence of prose; "" when the body has none."""
    found = candidates(body)
    if not found:
        return ""
    clear = [c for c in found if c.grievance >= CLEAR_GRIEVANCE]
    if clear:
        return clear[0].text  # the matter comes first; history and arguments follow
    stated = [c for c in found if c.grievance >= MIN_GRIEVANCE]
    if stated:
        return max(stated, key=lambda c: (c.rank(c.grievance), -c.position)).text
    asked = [c for c in found if c.request >= MIN_REQUEST]
    if asked:
        return max(asked, key=lambda c: (c.rank(c.request), -c.position)).text
    best = max(found, key=lambda c: (c.grievance, not c.damped, -c.position))
    return best.text if best.grievance > 0 else next((c for c in found if not c.damped), best).text
