"""Contract and claim numbers, found by their labels.

A number is taken only after a label that says what it is ("N° de contrat", "Police n°",
"Référence de mon assurance automobile", "Sinistre n°", "Dossier sinistre", "V/Réf.",
"sous le n°"…), in the subject, the reference lines and the body. The label families are
data: `lexicon/reference_labels.txt` (contract nouns, claim nouns, and labels that do not
say which); the grammar around them ("n°", "de mon", up to three words, ":") is here.
The number itself is a run of tokens holding digits (`AX-2023-004512`, `45 871 236 P`,
`PAC 71577301 51`, `2019/SIN/876099`), kept whole with its inner spaces, OCR's dashes
and lone separators (`AX — 2020 — 689185`, `GN / 79 / 529260`), and over a line break
in prose; it stops at the first ordinary word.

Contract or claim: the label decides ("Dossier n°" is a claim file); for a label that does
not say ("V/Réf.", "Vos références", "sous le numéro"), the number's shape (`SIN`,
`S24 …`) and the words before it in the sentence do. The match stage has the last word:
a number the register holds is of the register's kind, in the register's spelling
(`pipeline.matching.register_numbers`).

OCR confusions (`O`/`0`, `I`/`l`/`1`, `S`/`5`, `B`/`8`) are mended where a digit is
plainly meant, and `reference_variants()` gives the keys a number may have been misread
from, for the matching stage.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from pipeline.client_register import reference_key
from pipeline.record import References
from pipeline.textnorm import same_length
from pipeline.understand import lexicon
from pipeline.understand.letter import Letter

CONTRACT = "contrat"
CLAIM = "sinistre"
EITHER = "?"

_NO = r"(?:n\s?[°º*o0?]\.?|n\s?[°º]s|no\.|nr\.?|num(?:eros?|\.)?|#)"  # "n°", "no.", "numéro"
# "de", "du", "d'", and with a possessive or an article: "de mon", "de la", "du"
_DE = (r"(?:[ \t]+(?:de|du|d'|d’)(?:[ \t]*(?:mon|ma|mes|votre|vos|notre|nos|la|le|l'))?[ \t]*"
       r"|[ \t]+(?:mon|ma|votre|notre)[ \t]+|[ \t]+)")
_FILLER = r"(?:[ \t]+[a-z'’\-]{2,20}){0,3}?"  # "contrat multirisque habitation n° …"


def _family(kind: str) -> str:
    """The label nouns of one family of the lexicon, as one alternation."""
    return "(?:" + "|".join(p.pattern for p, k in _LEXICON if k == kind) + ")"


def _kind(value: str) -> str:
    if value not in (CONTRACT, CLAIM, EITHER):
        raise ValueError(f"famille inconnue, attendu {CONTRACT}, {CLAIM} ou {EITHER}")
    return value


_LEXICON = lexicon.pattern_mapping("reference_labels", _kind)
_CONTRACT_WORD = _family(CONTRACT)
_CLAIM_WORD = _family(CLAIM)

# (pattern on folded text, kind). Order matters only for overlapping starts.
_LABELS: list[tuple[re.Pattern[str], str]] = [
    # "N° de contrat", "numéro de police", "n° d'adhésion", "n° client"
    (re.compile(rf"\b{_NO}{_DE}?{_CONTRACT_WORD}\b"), CONTRACT),
    (re.compile(rf"\b{_NO}{_DE}?{_CLAIM_WORD}\b"), CLAIM),
    # "Réf. contrat", "Référence client", "référence du sinistre", "Référence de mon
    # assurance automobile"
    (re.compile(rf"\bref(?:erence)?s?\.?{_DE}?{_CONTRACT_WORD}\b"), CONTRACT),
    (re.compile(rf"\bref(?:erence)?s?\.?{_DE}?{_CLAIM_WORD}\b"), CLAIM),
    # "Contrat n°", "police d'assurance n°", "contrat habitation numéro", "contrat GN5715…",
    # "adhésion porte le numéro"
    (re.compile(rf"\b{_CONTRACT_WORD}(?:{_FILLER}[ \t]*{_NO}|[ \t]*:|[ \t]+ref(?:erence)?\.?[ \t]*:?)?"),
     CONTRACT),
    # "Sinistre n°", "Dossier n°", "Dossier sinistre :"
    (re.compile(rf"\b{_CLAIM_WORD}(?:{_FILLER}[ \t]*{_NO}|[ \t]*:)?"), CLAIM),
    # "V/Réf.", "Vos références", "sous le numéro", "Référence :": the register, then the
    # number's shape and the sentence, say which
    *((re.compile(rf"\b(?:{p.pattern})"), EITHER) for p, k in _LEXICON if k == EITHER),
]

_SEPARATOR = re.compile(rf"[ \t]*(?:{_NO})?[ \t]*[:=\-–—.]?[ \t]*(?:\n[ \t]*)?")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9./\-]*")
_CONFUSABLE = "OoIl|SB"
_CONFUSIONS = {"O": "0", "0": "O", "I": "1", "1": "I", "L": "1", "S": "5", "5": "S", "B": "8", "8": "B"}
_KEY_DIGITS = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "B": "8"})
_DIGIT_OF = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"})


@dataclass(frozen=True)
class Found:
    number: str
    kind: str  # CONTRACT, CLAIM, or EITHER before resolution
    explicit: bool  # the label said which


def find_references(letter: Letter) -> References:
    """Contract and claim numbers of the letter, as written, de-duplicated by reference_key."""
    texts = [letter.subject, letter.text]
    if letter.email is not None and letter.email.subject != letter.subject:
        texts.insert(0, letter.email.subject)
    found: dict[str, Found] = {}
    for text in texts:
        for item in _scan(text):
            key = reference_key(item.number)
            known = found.get(key)
            if known is None or (item.explicit and not known.explicit):
                found[key] = item
    contracts = tuple(f.number for f in found.values() if f.kind == CONTRACT)
    claims = tuple(f.number for f in found.values() if f.kind == CLAIM)
    return References(contrats=contracts, sinistres=claims)


def reference_variants(number: str) -> set[str]:
    """The reference keys `number` may stand for, given OCR's usual confusions.

    The key itself, the key with every confusable letter read as a digit, and (for up to
    six confusable positions) every mix of the two, so a register key can be looked up
    in the set whichever way the scanner read each character.
    """
    key = reference_key(number)
    pairs = _CONFUSIONS
    positions = [i for i, c in enumerate(key) if c in pairs]
    variants = {key, key.translate(_KEY_DIGITS)}
    if len(positions) <= 6:
        for choice in itertools.product((False, True), repeat=len(positions)):
            chars = list(key)
            for flip, i in zip(choice, positions, strict=True):
                if flip:
                    chars[i] = pairs[chars[i]]
            variants.add("".join(chars))
    return variants


# --- internals ---------------------------------------------------------------------------


def _scan(text: str) -> list[Found]:
    folded = same_length(text)
    out: list[Found] = []
    taken_until = -1
    starts: list[tuple[int, int, str]] = []
    for pattern, kind in _LABELS:
        for match in pattern.finditer(folded):
            starts.append((match.start(), match.end(), kind))
    starts.sort(key=lambda s: (s[0], -s[1]))
    for start, end, kind in starts:
        if start < taken_until:
            continue
        number, number_end = _number_at(text, end)
        if number is None:
            continue
        while number is not None:
            if kind == EITHER:
                out.append(Found(number, _resolve(number, folded, start), explicit=False))
            else:
                out.append(Found(number, kind, explicit=True))
            taken_until = number_end
            # "Contrats n° 123456 et 789012": the next one under the same label
            more = re.match(r"[ \t]*(?:,|et|&|/)[ \t]*", text[number_end:])
            number = None
            if more:
                number, number_end = _number_at(text, number_end + more.end())
    return out


_DASHES = str.maketrans({"—": "-", "–": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-"})
_LONE_SEPARATOR = re.compile(r"[-/.|]")  # "GN / 79 / 529260", "AX — 2020 — 689185"
_AMOUNT_AFTER = re.compile(r"[ \t]*(?:[,.]\d{1,2}[ \t]*)?(?:€|euros?\b|eur\b|%)", re.IGNORECASE)
_WRAPPED_LINE = 30  # a line at least this long that ends in a number is wrapped prose


def _number_at(text: str, position: int) -> tuple[str | None, int]:
    """The reference number starting at `position` (after the label's separators).

    OCR's and typists' dashes count as hyphens and a separator standing alone between two
    groups is part of the number ("AX — 2020 — 689185" is `AX-2020-689185`); a number
    that ends a long line of prose goes on at the start of the next when that line
    starts with a group of the same length ("le numéro 51 740⏎424 G").
    """
    sep = _SEPARATOR.match(text, position)
    assert sep is not None
    at = sep.end()
    tokens: list[str] = []
    end = at
    line_start = text.rfind("\n", 0, at) + 1
    while True:
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        line = text[at:line_end].translate(_DASHES)
        read, offset, whole = _tokens_in(line, tokens)
        if offset:
            end = at + offset
        if not (whole and tokens and line_end < len(text)):
            break
        wrapped = line_end - line_start >= _WRAPPED_LINE
        following = re.match(r"[ \t]*(\d+)\b", text[line_end + 1 :])
        if not (wrapped and following and tokens[-1].isdigit()
                and len(following.group(1)) == len(tokens[-1]) >= 3):
            break
        at = line_start = line_end + 1
    while tokens and not any(c.isdigit() for c in _mend(tokens[-1])) and len(tokens[-1]) > 1:
        tokens.pop()  # a trailing letters-only token ("PAC" alone) is not part of it
    if not tokens:
        return None, sep.end()
    number = _mend(" ".join(tokens)).strip("./-")
    if not _plausible(number) or _AMOUNT_AFTER.match(text, end):
        return None, sep.end()
    return number, end


def _tokens_in(line: str, tokens: list[str]) -> tuple[int, int, bool]:
    """Read the number's tokens from one line into `tokens`: (count read, offset after the
    last one, whether the whole line was read)."""
    offset = 0
    read = 0
    pending = ""  # a lone separator waiting for the next group
    for word_match in re.finditer(r"\S+", line):
        if word_match.start() - offset > 1 and tokens and not pending:
            return read, offset, False  # two spaces or more: a new column
        word = word_match.group()
        if tokens and not pending and _LONE_SEPARATOR.fullmatch(word):
            pending = "/" if word in "/|" else word
            continue
        core = word.rstrip(".,;:)»\"'")
        cut = core != word
        if core in ("À", "É", "È") and tokens:
            core = same_length(core).upper()  # OCR's accent on a closing letter: "27 251 772 À"
        if (tokens and len(core) == 1 and core.islower() and core not in "ay"
                and (cut or word_match.end() == len(line)) and tokens[-1].isdigit()):
            core = core.upper()  # a closing letter written small: "51 740 424 g."
        token = _TOKEN.fullmatch(core)
        glued = re.fullmatch(r"([A-Z])(?:et|en|de|du|au|qui|que|pour|sur)", core)
        if glued and tokens and tokens[-1].isdigit() and not pending:
            tokens.append(glued.group(1))  # OCR lost a space: "45 871 236 Met je"
            return read + 1, word_match.start() + 1, False
        if token is None or not _continues(core, tokens):
            return read, offset, False
        if pending and len(core) >= 5 and _shape(core) == _shape(tokens[-1]):
            return read, offset, False  # "123456 / 789012": two numbers of the same shape
        if pending:
            tokens[-1] += pending + core
            pending = ""
        else:
            tokens.append(core)
        read += 1
        offset = word_match.end()
        if cut:
            return read, offset, False
    return read, offset, not pending


def _shape(token: str) -> str:
    return re.sub(r"[A-Za-z]", "A", re.sub(r"\d", "9", token))


def _continues(token: str, tokens: list[str]) -> bool:
    """Whether `token` is (still) part of the number being read."""
    has_digit = any(c.isdigit() for c in _mend(token))
    if not tokens:
        # the first token: digits, or a short upper-case prefix ("PAC 7157…", "MT 2020 …")
        return has_digit or bool(re.fullmatch(r"[A-Z]{1,4}", token))
    if has_digit:
        return not re.search(r"[a-z]{3}", token)  # "3eme": a word with a digit
    # a letters-only token: one upper-case letter ends a number ("45 871 236 P")
    return len(token) == 1 and token.isupper() and any(c.isdigit() for c in tokens[-1])


def _mend(token: str) -> str:
    """Confusable letters read as digits where a digit is plainly meant.

    In each run of letters and digits, the letters before the first digit are a prefix
    (`S24`, `GN905…`, `AB-23`) and kept, unless the run follows a run of digits
    (`SIN-2l-O0l23` → `SIN-21-00123`); after the first digit, when no other letter
    appears, the confusable ones are digits (`2O26` → `2026`, `47l5` → `4715`).
    """
    out = []
    after_digits = False
    for run in re.split(r"([^A-Za-z0-9|]+)", token):
        if not run or not re.search(r"[A-Za-z0-9|]", run):
            out.append(run)
            continue
        first_digit = next((i for i, c in enumerate(run) if c.isdigit()), None)
        if first_digit is None:
            out.append(run)
            after_digits = False
            continue
        only_confusable = all(c.isdigit() or c in _CONFUSABLE for c in run)
        if only_confusable and (after_digits or first_digit == 0 or run[0] in "lo|"):
            run = run.translate(_DIGIT_OF)
        else:
            prefix, rest = run[:first_digit], run[first_digit:]
            letters = [c for c in rest if not c.isdigit()]
            if letters and all(c in _CONFUSABLE for c in letters) and len(letters) * 2 <= len(rest):
                rest = rest.translate(_DIGIT_OF)
            run = prefix + rest
        out.append(run)
        after_digits = run.isdigit()
    return "".join(out)


def _plausible(number: str) -> bool:
    key = reference_key(number)
    digits = sum(c.isdigit() for c in key)
    if len(key) < 5 or digits < 3:
        return False
    if re.fullmatch(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", number):
        return False  # a date
    return not re.fullmatch(r"(19|20)\d{2}", key)  # a year


_CLAIM_SHAPE = re.compile(r"SIN|^S\d|^SIN|^D\d", re.IGNORECASE)


def _resolve(number: str, folded: str, label_start: int) -> str:
    """Contract or claim for a number whose label does not say: shape, then context."""
    key = reference_key(number)
    if _CLAIM_SHAPE.search(key):
        return CLAIM
    sentence_start = max(folded.rfind(".", 0, label_start), folded.rfind("\n\n", 0, label_start))
    before = folded[sentence_start + 1 : label_start]
    claim_at = max(before.rfind("sinistre"), before.rfind("dossier"))
    contract_at = max(before.rfind("contrat"), before.rfind("police"), before.rfind("adhesion"))
    return CLAIM if claim_at > contract_at else CONTRACT
