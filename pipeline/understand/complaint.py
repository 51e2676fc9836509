"""Complaint or not, and which ACPR category (rules.md, "Complaint or not").

A complaint (*réclamation*) is the expression of dissatisfaction with the professional;
a request for a service, a document, information, a quote or a change of address is
not, however impatiently it is worded. The decision is made by weighted French cue
phrases read over the subject and the body of the claimant's `Letter`:

    grief cues      dissatisfaction, contestation, absent or slow handling, errors,
                    refusals, escalation (Mediator, lawyer, "mise en demeure")…
    request cues    "pourriez-vous m'adresser…", "attestation", "devis",
                    "changement d'adresse", "je souhaiterais savoir"…
    advert cues     "désinscrire", "webinaire", "offre spéciale", "STOP"…

The cues and the category families are data: `lexicon/complaint_grief.txt`,
`complaint_request.txt`, `complaint_advert.txt` and `complaint_categories.txt`, loaded
once (`cues()`, checked when reading is built: a bad entry stops with file and line).

The cues are matched on a folded copy of the text (lower case, no accents, straight
apostrophes) of the same length as the original, so that every cue found can be
quoted as it appears in the letter: those quotes are the verdict's `evidence`.
Some grief cues ("réclamation", "je conteste", "mécontent"…) are ignored when a
negation stands just before them in the same clause ("je ne conteste pas").

The category comes from keyword families over the subject (weighted more) and the
body; "autre" when no family speaks. Nothing here logs the letter's text.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from enum import StrEnum

from pipeline.record import Category
from pipeline.textnorm import cue_text
from pipeline.understand import lexicon
from pipeline.understand.letter import Letter

AVANT_VENTE, GESTION, COTISATION, SINISTRE, RESILIATION, SERVICE, DONNEES, AUTRE = (
    c.value for c in Category)
CATEGORIES = tuple(c.value for c in Category)

# Grief weight minus request and advert weight needed to call it a complaint: the middle
# of the gap between the two classes on the tuning and validation sets (non-complaints
# at most 0.0, complaints at least 2.0 before this threshold is taken off).
THRESHOLD = 1.0
SUBJECT_FACTOR = 1.5  # a cue in the subject counts this much more than in the body
REQUEST_SUBJECT_DAMPING = 0.7  # grief in the body of a letter whose subject is a plain request
MAX_EVIDENCE = 5
# What the writer asks weighs against what they reproach, but asking for several things
# (or the same thing three times) does not unsay a reproach: the ask is capped.
ASK_CAP = 3.0
# A request in the subject damps the body's grief ("an impatient request stays a
# request") only for weak cues: a reproach stated in passing before a request stands.
DAMPED_BELOW = 2.0
MENTION_FACTOR = 0.25  # grief in a sentence that mentions a dispute without voicing one
EVENT_FACTOR = 0.25  # weak grief telling the event of a claim being declared
EVENT_BELOW = 2.5  # cues of at least this weight (contestation, feelings) are never the event's
MIN_BODY_WORDS = 8  # a shorter body is taken with the whole letter text instead


@dataclass(frozen=True)
class Verdict:
    """Whether an item is a complaint, why, which category, and how sure."""

    is_complaint: bool
    evidence: tuple[str, ...]  # the phrases that decided it, quoted from the letter
    category: str | None  # for complaints: one of CATEGORIES; None for other mail
    score: float  # confidence in this verdict, in [0.5, 1] (0.5 = a coin toss)


class CueKind(StrEnum):
    GRIEF = "grief"
    REQUEST = "demande"
    ADVERT = "publicité"


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]  # over folded text: lower case, no accents, "'" apostrophes
    weight: float
    kind: CueKind
    negatable: bool = False  # ignored after "ne", "pas", "sans", "aucun"… in the same clause


@dataclass(frozen=True)
class Hit:
    cue: Cue
    start: int
    end: int
    weight: float


# ---------------------------------------------------------------------------- cues

# The cue lists are data (pipeline/understand/lexicon/complaint_*.txt), loaded once.
CUE_FILES = {CueKind.GRIEF: "complaint_grief", CueKind.REQUEST: "complaint_request",
             CueKind.ADVERT: "complaint_advert"}
_NEGATABLE = {"niable": True, "ferme": False}


def _negatable(value: str) -> bool:
    if value not in _NEGATABLE:
        raise ValueError("« niable » ou « ferme » attendu")
    return _NEGATABLE[value]


@functools.cache
def cues() -> tuple[Cue, ...]:
    """Every cue of the lexicon files, grief first (SetupError on a bad entry)."""
    out: list[Cue] = []
    for kind, name in CUE_FILES.items():
        for pattern, weight, negatable in lexicon.converted(name, re.compile, float, _negatable):
            out.append(Cue(pattern, weight, kind, negatable))  # type: ignore[arg-type]
    return tuple(out)


_ADVERT_SENDER = re.compile(r"(?:newsletter|noreply|no-reply|offres?|promo|marketing|news)@")
_NEGATION = re.compile(r"(?:\bne\b|\bn'|\bpas\b|\bsans\b|\baucune?\b|\bnon\b|\bni\b|\bjamais\b)"
                       r"[^.;:!?,]{0,30}$")

# ---------------------------------------------------------------------------- categories


def _category(value: str) -> str:
    if value not in CATEGORIES:
        raise ValueError(f"catégorie inconnue, une de : {', '.join(CATEGORIES)}")
    return value


@functools.cache
def _family_patterns() -> dict[str, tuple[tuple[re.Pattern[str], float], ...]]:
    """Keyword families by category (lexicon/complaint_categories.txt), loaded once."""
    families: dict[str, list[tuple[re.Pattern[str], float]]] = {c: [] for c in CATEGORIES}
    for pattern, category, weight in lexicon.converted("complaint_categories", re.compile,
                                                       _category, float):
        families[category].append((pattern, weight))  # type: ignore[index, arg-type]
    return {c: tuple(f) for c, f in families.items() if f}


# ---------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class _Text:
    """The subject and body the decision reads, and their folded copies."""

    subject: str
    body: str
    folded_subject: str
    folded_body: str


def _text_of(letter: Letter) -> _Text:
    body = letter.body
    if len(body.split()) < MIN_BODY_WORDS:
        rest = [line for line in letter.lines[len(letter.head):] if line]
        body = "\n".join(rest) if len(" ".join(rest).split()) > len(body.split()) else body
    subject = letter.subject
    return _Text(subject, body, cue_text(subject), cue_text(body))


def _negated(folded: str, start: int) -> bool:
    return _NEGATION.search(folded[max(0, start - 40):start]) is not None


def find_hits(folded: str, factor: float = 1.0) -> list[Hit]:
    """Every cue found in `folded`, overlapping matches of lesser weight dropped."""
    hits: list[Hit] = []
    for cue in cues():
        for match in cue.pattern.finditer(folded):
            if cue.negatable and _negated(folded, match.start()):
                continue
            hits.append(Hit(cue, match.start(), match.end(), cue.weight * factor))
    hits.sort(key=lambda h: (-h.weight, h.start))
    kept: list[Hit] = []
    for hit in hits:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return kept


def _tally(hits: list[Hit], kind: CueKind) -> float:
    """Weights of one kind, each distinct cue counted once, with diminishing returns."""
    best: dict[int, float] = {}
    for hit in hits:
        if hit.cue.kind is kind:
            best[id(hit.cue)] = max(best.get(id(hit.cue), 0.0), hit.weight)
    total = 0.0
    for rank, weight in enumerate(sorted(best.values(), reverse=True)):
        total += weight * (0.85 ** rank)
    return total


def _quote(original: str, hit: Hit) -> str:
    return " ".join(original[hit.start:hit.end].split())


def category_weight(text: str) -> float:
    """How much category vocabulary `text` holds, all families together."""
    folded = cue_text(text)
    return sum(w for patterns in _family_patterns().values() for p, w in patterns if p.search(folded))


def category_of(text: str, subject: str = "") -> str:
    """The ACPR category whose keyword family weighs most (subject counted double)."""
    folded_subject, folded_body = cue_text(subject), cue_text(text)
    scores = dict.fromkeys(CATEGORIES, 0.0)
    for cat, patterns in _family_patterns().items():
        for pattern, weight in patterns:
            scores[cat] += 3.0 * weight * len(pattern.findall(folded_subject))
            scores[cat] += weight * min(3, len(pattern.findall(folded_body)))
    best = max(CATEGORIES, key=lambda c: (scores[c], -CATEGORIES.index(c)))
    return best if scores[best] >= 1.0 else AUTRE


_SENTENCE_END = re.compile(r"[.!?]+(?:\s+|$)")
_FIRST_PERSON = re.compile(r"\bje\b|\bj'")
_ADDRESSES_PROFESSIONAL = re.compile(r"\bvous\b|\bvotre\b|\bvos\b|\bcabinet\b|\bassureur\b")


@functools.cache
def _mention_frames() -> tuple[tuple[re.Pattern[str], str], ...]:
    def frame(value: str) -> str:
        if value not in ("question", "tiers"):
            raise ValueError("« question » ou « tiers » attendu")
        return value
    return lexicon.converted("complaint_mention", re.compile, frame)  # type: ignore[return-value]


@functools.cache
def _declaration_frames() -> tuple[re.Pattern[str], ...]:
    return lexicon.patterns("complaint_declaration")


def _sentence_spans(folded: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for end in _SENTENCE_END.finditer(folded):
        spans.append((start, end.end()))
        start = end.end()
    if start < len(folded):
        spans.append((start, len(folded)))
    return spans


def _mentions_only(sentence: str) -> bool:
    """The sentence mentions a dispute without voicing one: a question on how things
    work, or someone else's matter told by a writer who does not speak of themself."""
    for pattern, frame in _mention_frames():
        if pattern.search(sentence) and (frame == "question" or not _FIRST_PERSON.search(sentence)):
            return True
    return False


def _reweighed(hits: list[Hit], folded: str, declaration: bool) -> list[Hit]:
    """Grief that only mentions a dispute, or tells the event of a claim being declared,
    counts for little; everything else as found."""
    out: list[Hit] = []
    spans = _sentence_spans(folded)
    for hit in hits:
        factor = 1.0
        if hit.cue.kind is CueKind.GRIEF:
            start, end = next(((s, e) for s, e in spans if s <= hit.start < e), (0, len(folded)))
            sentence = folded[start:end]
            if _mentions_only(sentence):
                factor = MENTION_FACTOR
            elif (declaration and hit.cue.weight < EVENT_BELOW
                  and not _ADDRESSES_PROFESSIONAL.search(sentence)):
                factor = EVENT_FACTOR
        out.append(Hit(hit.cue, hit.start, hit.end, hit.weight * factor) if factor != 1.0 else hit)
    return out


def classify(letter: Letter) -> Verdict:
    """Complaint or other mail, with the cue phrases that decided it: what the writer
    reproaches weighed against what they ask."""
    text = _text_of(letter)
    declaration = any(p.search(text.folded_body) for p in _declaration_frames())
    subject_hits = _reweighed(find_hits(text.folded_subject, SUBJECT_FACTOR),
                              text.folded_subject, declaration)
    body_hits = _reweighed(find_hits(text.folded_body), text.folded_body, declaration)
    all_hits = subject_hits + body_hits
    if _tally(subject_hits, CueKind.REQUEST) and not _tally(subject_hits, CueKind.GRIEF):
        # "Attestation", "Demande de devis"…: an impatient request stays a request
        body_hits = [Hit(h.cue, h.start, h.end, h.weight * REQUEST_SUBJECT_DAMPING)
                     if h.cue.kind is CueKind.GRIEF and h.cue.weight < DAMPED_BELOW else h
                     for h in body_hits]
        all_hits = subject_hits + body_hits
    grief = _tally(all_hits, CueKind.GRIEF)
    request = min(ASK_CAP, _tally(all_hits, CueKind.REQUEST))
    advert = _tally(all_hits, CueKind.ADVERT)
    sender = letter.email.sender_address if letter.email is not None else None
    if sender and _ADVERT_SENDER.search(sender):
        advert += 3.0
    margin = grief - 0.8 * request - advert - THRESHOLD
    is_complaint = margin >= 0
    score = 1.0 / (1.0 + math.exp(-abs(margin)))
    wanted = {CueKind.GRIEF} if is_complaint else {CueKind.REQUEST, CueKind.ADVERT}
    quoted: list[tuple[float, int, str]] = []
    for source, hits, offset in ((text.subject, subject_hits, 0), (text.body, body_hits, 1)):
        for hit in hits:
            if hit.cue.kind in wanted:
                quoted.append((-hit.weight, offset * 100_000 + hit.start, _quote(source, hit)))
    evidence: list[str] = []
    for _weight, _position, phrase in sorted(quoted):
        if phrase and phrase.lower() not in (e.lower() for e in evidence):
            evidence.append(phrase)
        if len(evidence) == MAX_EVIDENCE:
            break
    category = category_of(text.body, text.subject) if is_complaint else None
    return Verdict(is_complaint, tuple(evidence), category, round(score, 3))


def as_complaint(letter: Letter, why: str) -> Verdict:
    """The verdict for a letter that is a complaint by what it is, whatever its wording:
    one meant for the Mediator (rules.md: a letter meant for the Mediator is a complaint)."""
    text = _text_of(letter)
    return Verdict(True, (why,), category_of(text.body, text.subject), 0.9)
