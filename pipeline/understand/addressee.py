"""To whom the item was written: the cabinet, the Mediator, or another organisation.

rules.md, "Mediator" and "Misdirected":

* **Mediator-addressed** when the recipient block (or the email's To:) names the Mediator
  (its name, an alias, its address "TSA 50110"), the greeting or closing formula says
  "Monsieur le Médiateur" / "Madame la Médiatrice", or a sentence seizes the Mediator
  through this very letter ("je sollicite votre médiation", "ce courrier vaut saisine de
  la Médiation de l'assurance", "je saisis le Médiateur par la présente"). A letter to
  the cabinet that only threatens to seize the Mediator ("à défaut, je saisirai le
  Médiateur"), says it has done so, or copies it ("Copie : Médiation de l'Assurance") is
  an *escalation*, not Mediator-addressed.
* **Misdirected** when, not Mediator-addressed, the recipient block, the greeting or the
  email's To: names another insurer or intermediary; or the letter says it has no link
  with the cabinet ("je ne suis pas client de votre cabinet", "souscrit directement
  auprès de …"), or says the contract is held with another organisation without any
  phrase tying it to the cabinet ("vous avez placé mon contrat chez …", "en votre
  qualité de courtier", "souscrit par votre intermédiaire"). Naming an insurer is not
  enough: most complaints about a contract the cabinet sold name its insurer.

Each decision carries its signals: short French phrases quoted from the item.

The phrase lists are data, `lexicon/addressee_*.txt`: copies, the Mediator's seizure and
threats, links to the cabinet, contracts held elsewhere or directly, agents, the words of
organisations' names and of lines that are none. Organisations of config/cabinet.toml are
matched as written, or with an OCR slip (`_Names.find_fuzzy`).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from pipeline.settings import Organisation, Settings
from pipeline.understand import lexicon
from pipeline.understand.complaint import CueKind, find_hits
from pipeline.understand.complaint import fold as cue_fold
from pipeline.understand.dates import fold
from pipeline.understand.letter import Letter

FUZZY_MIN_CHARS = 6  # a shorter name read with a slip is another name ("GME", "MMA")
FUZZY_CHARS_PER_EDIT = 12  # one OCR slip allowed per this many characters of a name

CABINET = "cabinet"
MEDIATOR = "mediateur"
OTHER = "autre"
UNKNOWN = "inconnu"


@dataclass(frozen=True)
class Addressee:
    kind: str  # "cabinet" | "mediateur" | "autre" | "inconnu"
    name: str | None  # the organisation as configured (Organisation.name, the mediator's name) or as read
    mediator: bool
    mediator_signals: tuple[str, ...]
    misdirected: bool
    redirect_to: str | None
    misdirected_signals: tuple[str, ...]
    escalation: bool  # threatens to seize the Mediator, says it did, or copies it
    escalation_signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Named:
    kind: str  # CABINET, MEDIATOR or OTHER
    name: str  # as configured, or as read for an unlisted organisation
    text: str  # the words as read, for the signal


# --- patterns (on folded text: lower case, no accents) -------------------------------------


class _Cues:
    """A lexicon `patterns` file read as one alternation, compiled on first use (the file
    is checked line by line at start-up, lexicon.check_all)."""

    def __init__(self, name: str) -> None:
        self.name = name

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(p.pattern for p in lexicon.patterns(self.name)))

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text)


_MEDIATOR_WORD = re.compile(r"\bmediat(?:eur|rice|ion)\b|\blma\b")
_MEDIATOR_GREETING = re.compile(
    r"\b(?:monsieur|madame)\s+(?:l[ea]\s+)?mediat(?:eur|rice)\b|\bmediat(?:eur|rice)\s*,\s*$"
)
_COPY = _Cues("addressee_copy")
_THREAT = _Cues("addressee_mediator_threat")
_SEIZE = _Cues("addressee_mediator_seize")
# The seizure done by this very letter, whatever reason or condition comes with it.
_SEIZE_NOW = _Cues("addressee_mediator_seize_now")
# What a letter to the Mediator says even without naming it: the internal remedies are
# exhausted, the dispute with the cabinet is submitted for an opinion.
_MEDIATOR_ROLE = _Cues("addressee_mediator_role")
# The cabinet spoken of in the third person: it is the other party, not the reader.
_CABINET_THIRD_PERSON = re.compile(r"\b(?:le|au|du|par le|contre le) cabinet\b(?! de votre)")

_NOT_CLIENT = _Cues("addressee_not_client")
_CABINET_LINK = _Cues("addressee_cabinet_link")
_HELD_WITH = _Cues("addressee_held_with")
# The letter says it is not for the cabinet: sent to the wrong place, or the matter is
# someone else's. As strong as "je ne suis pas client".
_WRONG_PLACE = _Cues("addressee_wrong_place")
_FORWARD_REQUEST = _Cues("addressee_forward")


@functools.cache
def _insurer_word() -> re.Pattern[str]:
    """A word that makes a short line an organisation's name (lexicon/addressee_org_words)."""
    words = "|".join(re.escape(w) for w in lexicon.words("addressee_org_words"))
    return re.compile(rf"\b(?:{words})\b")


@functools.cache
def _agent_patterns() -> tuple[re.Pattern[str], ...]:
    """Written to an insurer's agent, not the cabinet (lexicon/addressee_agent)."""
    return lexicon.patterns("addressee_agent")


@functools.cache
def _direct_patterns() -> tuple[re.Pattern[str], ...]:
    """The contract was taken directly with another organisation (lexicon/addressee_direct)."""
    return lexicon.patterns("addressee_direct")


def _agent(folded: str) -> re.Match[str] | None:
    return next((m for p in _agent_patterns() if (m := p.search(folded))), None)


def _direct(folded: str) -> re.Match[str] | None:
    return next((m for p in _direct_patterns() if (m := p.search(folded))), None)
_SERVICE_LINE = re.compile(r"^\s*(?:service|direction|departement|pole|a l'attention|att\.?\b|cs\b|tsa\b|bp\b)")
_ATTENTION = re.compile(r"^\s*(?:a l'attention de|a l’attention de|attn?\.?|destinataire)\s*:?\s*(?P<who>.+)$")
_HEADER = re.compile(r"^\s*(?:de|from|envoye|date|sent|subject|objet|cc|a|to)\s*:", re.IGNORECASE)
_TO_HEADER = re.compile(r"^\s*(?:a|to|destinataire)\s*:\s*(?P<who>.+)$")
_ADDRESS_LINE = re.compile(r"\d")


def read_addressee(letter: Letter, settings: Settings) -> Addressee:
    """Who the item was written to, and whether it is Mediator-addressed or misdirected."""
    names = _Names(settings)
    recipient, recipient_signal = _recipient(letter, names, settings)
    greeting = _greeting_named(letter, names, recipient)
    to_named = _email_to(letter, names, settings)

    mediator_signals: list[str] = []
    escalation_signals: list[str] = []
    if recipient and recipient.kind == MEDIATOR:
        mediator_signals.append(recipient_signal)
    for line in _greeting_lines(letter):
        if _MEDIATOR_GREETING.search(fold(line)):
            mediator_signals.append(f"formule d'appel : {_short(line)}")
            break
    for line in letter.tail[:4]:
        if _MEDIATOR_GREETING.search(fold(line)) and not _COPY.search(fold(line)):
            mediator_signals.append(f"formule de politesse : {_short(line)}")
            break
    if to_named and to_named.kind == MEDIATOR:
        mediator_signals.append(f"courriel adressé à {to_named.text}")
    seize, escalate = _mediator_sentences(letter, names)
    mediator_signals.extend(seize)
    escalation_signals.extend(escalate)
    if not mediator_signals and not escalation_signals:
        mediator_signals.extend(_mediator_role(letter, settings))
    mediator = bool(mediator_signals)

    misdirected_signals: list[str] = []
    redirect: str | None = None
    if not mediator:
        named_others: list[str] = []
        for named, signal in (
            (recipient, recipient_signal),
            (greeting, f"formule d'appel : {letter.greeting}"),
            (to_named, f"courriel adressé à {to_named.text if to_named else ''}"),
        ):
            if named and named.kind == OTHER:
                misdirected_signals.append(signal)
                named_others.append(named.name)
        # a configured organisation before a name as read ("GME Assurances" / "GMF")
        redirect = next((n for n in named_others if n in names.organisations), None) or next(
            (n for n in named_others if n), None)
        if not misdirected_signals:
            body_signals, body_redirect = _body_misdirected(letter, names)
            misdirected_signals.extend(body_signals)
            redirect = redirect or body_redirect
    misdirected = bool(misdirected_signals)

    if mediator:
        kind, name = MEDIATOR, settings.mediator.name
    elif recipient is not None:
        kind, name = recipient.kind, recipient.name
    elif greeting is not None:
        kind, name = greeting.kind, greeting.name
    elif to_named is not None:
        kind, name = to_named.kind, to_named.name
    else:
        kind, name = UNKNOWN, None
    if kind == CABINET:
        name = settings.cabinet.name
    return Addressee(
        kind=kind,
        name=name,
        mediator=mediator,
        mediator_signals=tuple(dict.fromkeys(mediator_signals)),
        misdirected=misdirected,
        redirect_to=redirect if misdirected else None,
        misdirected_signals=tuple(dict.fromkeys(misdirected_signals)),
        escalation=bool(escalation_signals) and not mediator,
        escalation_signals=tuple(dict.fromkeys(escalation_signals)),
    )


# --- names ------------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Folded, punctuation as spaces: how names are compared."""
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", fold(text)).split())


class _Names:
    """Every configured way of naming the cabinet, the Mediator and the organisations."""

    def __init__(self, settings: Settings) -> None:
        entries: list[tuple[str, str, str]] = []  # (normalised name, kind, configured name)
        cabinet = settings.cabinet
        for text in (cabinet.name, *cabinet.aliases):
            entries.append((_norm(text), CABINET, cabinet.name))
        mediator = settings.mediator
        for text in (mediator.name, *mediator.aliases, "mediation de l assurance",
                     "mediateur de l assurance", "mediatrice de l assurance", "tsa 50110"):
            entries.append((_norm(text), MEDIATOR, mediator.name))
        address = re.match(r"\s*(TSA\s*\d+)", mediator.address)
        if address:
            entries.append((_norm(address.group(1)), MEDIATOR, mediator.name))
        for org in settings.organisations:
            for text in org.names:
                entries.append((_norm(text), OTHER, org.name))
        entries = [e for e in entries if e[0]]
        entries.sort(key=lambda e: -len(e[0]))  # longest first: "AG2R La Mondiale" before "La Mondiale"
        self.entries = entries
        self.organisations: dict[str, Organisation] = {o.name: o for o in settings.organisations}
        self.pattern = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(re.escape(e[0]) for e in entries) + r")(?![a-z0-9])"
        )
        self.by_name = {e[0]: (e[1], e[2]) for e in reversed(entries)}

    def find(self, text: str) -> _Named | None:
        """The first configured name in `text` (longest at a place)."""
        match = self.pattern.search(_norm(text))
        if match is None:
            return None
        kind, name = self.by_name[match.group()]
        return _Named(kind, name, _short(text))

    def find_fuzzy(self, text: str) -> _Named | None:
        """The configured name that `text`, as a whole, spells with an OCR slip or two
        ("GME Assurances" for "GMF Assurances", "Matrnut" for "Matmut"): within a small
        edit distance for its length, and closer than any other configured name. Names of
        fewer than six letters are not guessed ("GME" alone stays unknown)."""
        normed = _norm(_LEADING_DEBRIS.sub("", text))
        if len(normed) < FUZZY_MIN_CHARS:
            return None
        scored: dict[tuple[str, str], int] = {}
        for entry, kind, configured in self.entries:
            if len(entry) < FUZZY_MIN_CHARS:
                continue
            limit = max(1, len(entry) // FUZZY_CHARS_PER_EDIT)
            distance = min(Levenshtein.distance(read, entry, score_cutoff=limit)
                           for read in {normed, normed.replace("rn", "m")})  # OCR's "rn" for "m"
            if distance <= limit:
                key = (kind, configured)
                scored[key] = min(distance, scored.get(key, distance))
        if not scored:
            return None
        best = min(scored.values())
        winners = [key for key, distance in scored.items() if distance == best]
        if len(winners) != 1:
            return None  # "MAJF": MAIF or MAAF, not guessed
        kind, configured = winners[0]
        return _Named(kind, configured, _short(text))

    def find_all(self, text: str) -> list[tuple[int, _Named]]:
        normed = _norm(text)
        out = []
        for match in self.pattern.finditer(normed):
            kind, name = self.by_name[match.group()]
            out.append((match.start(), _Named(kind, name, match.group())))
        return out


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- the recipient ---------------------------------------------------------------------------


def _recipient(letter: Letter, names: _Names, settings: Settings) -> tuple[_Named | None, str]:
    """The addressee named in the head: the last organisation named there (the recipient
    block comes after the sender's), an "À l'attention de" line, or a forward's "À :".
    A name of config/cabinet.toml counts as written or with an OCR slip ("GME Assurances");
    an unlisted one only when the line looks like an organisation's name (an insurer word,
    or an "Agent général" line under it) and the block is not the cabinet's address."""
    found: _Named | None = None
    signal = ""
    head = list(letter.head)
    if not head and not letter.greeting and not letter.subject:
        head = list(itertools.takewhile(lambda line: len(line) < 70, letter.lines[:15]))
    elif letter.greeting in letter.lines[len(head) :]:
        # lines between an early "Objet :" and the greeting ("À l'attention de : …")
        between = letter.lines[len(head) : letter.lines.index(letter.greeting, len(head))]
        head += between if len(between) <= 8 else []
    for index, line in enumerate(head):
        folded = fold(line)
        if not line or _COPY.search(folded):
            continue
        attention = _ATTENTION.match(folded)
        to_header = _TO_HEADER.match(folded)
        if _HEADER.match(folded) and not to_header:
            continue
        if to_header:
            named = names.find(line) or _by_address(to_header.group("who"), names, settings)
            if named is not None:
                found, signal = named, f"destinataire : {_short(line)}"
            continue
        named = names.find(line)
        if named is None and attention is not None:
            named = _collaborator(attention.group("who"), settings)
            # "À l'attention de : Cabinet Fournier Assurances, Agent général, 3 place…"
            line = _as_read(line).split(",")[0] if named is None else line
            folded = fold(line)
        if named is None and looks_like_organisation(line):
            named = names.find_fuzzy(line)
            below = [fold(n) for n in head[index + 1 : index + 5] if n.strip()]
            agent = bool(below) and _agent(below[0]) is not None
            if named is None and (agent or (_insurer_word().search(folded)
                                            and not _SERVICE_LINE.match(folded))):
                named = _Named(OTHER, _as_read(line), _short(line))
                if not agent and _cabinet_address(below, settings):
                    named = _Named(CABINET, settings.cabinet.name, _short(line))
        if named is not None:
            found, signal = named, f"destinataire : {_short(line)}"
    if found is not None and found.kind == OTHER:
        signal = f"destinataire : {found.name}"
    return found, signal


_LEADING_DEBRIS = re.compile(r"^[\W_]+")
_NAME_CONNECTORS = frozenset({"de", "du", "des", "la", "le", "les", "et", "d", "l", "en", "sur",
                              "au", "aux", "a"})


@functools.cache
def _not_name_words() -> frozenset[str]:
    return frozenset(lexicon.words("addressee_not_name_words"))


def looks_like_organisation(line: str) -> bool:
    """A line that can be an organisation's name as read: short, no digit, no clause
    punctuation, its words capitalised, and none of the words of a sentence or a subject
    line ("_- Objet: Résiliation de mon contrat…" is not a name)."""
    text = _LEADING_DEBRIS.sub("", line).strip()
    if not text or len(text) >= 60 or _ADDRESS_LINE.search(text) or _HEADER.match(fold(text)):
        return False
    if re.search(r"[:;?!…]", text):
        return False
    words = re.findall(r"[^\W\d_]+", text)
    if not words or len(words) > 7:
        return False
    if any(w in _not_name_words() for w in _norm(text).split()):
        return False
    significant = [w for w in words if fold(w) not in _NAME_CONNECTORS]
    return bool(significant) and all(w[0].isupper() for w in significant)


def _cabinet_address(lines: list[str], settings: Settings) -> bool:
    """The cabinet's own postal address among these folded lines: its postcode, or its
    street number and name on one line. The block is the cabinet's, however its name was
    read ("AFA - Courtage" for "AEA - Courtage")."""
    address = _norm(settings.cabinet.address)
    postcode = re.search(r"\b\d{5}\b", address)
    street = address.split(postcode.group())[0] if postcode else address
    number = re.match(r"\d+", street)
    name = max(re.findall(r"[a-z]{5,}", street), key=len, default="")
    for line in lines:
        words = _norm(line).split()
        if postcode and postcode.group() in words:
            return True
        if number and name and number.group() in words and name in words:
            return True
    return False


def _as_read(line: str) -> str:
    text = re.sub(r"^\s*(?:[àa] l['’]attention de|destinataire)\s*:?\s*", "", line, flags=re.I)
    return " ".join(text.split()).strip(" ,.;:")


def _collaborator(who: str, settings: Settings) -> _Named | None:
    folded = _norm(who)
    for person in settings.collaborators:
        if _norm(person.name) in folded or person.email in who.lower():
            return _Named(CABINET, settings.cabinet.name, who)
    return None


def _greeting_lines(letter: Letter) -> list[str]:
    """The greeting, and when the cut missed it, short lines that look like one."""
    lines = [letter.greeting] if letter.greeting else []
    for line in letter.lines:
        if len(line) < 60 and re.match(r"^\s*(madame|monsieur|mesdames|messieurs|cher|chere)\b", fold(line)):
            lines.append(line)
    return lines


def _greeting_named(letter: Letter, names: _Names, recipient: _Named | None) -> _Named | None:
    """The organisation the greeting names; "Monsieur l'Agent" is an insurer's agent, the
    one the recipient block names if it does."""
    if not letter.greeting:
        return None
    named = names.find(letter.greeting) or names.find_fuzzy(letter.greeting.strip(" ,!"))
    if named is None and _agent(fold(letter.greeting)):
        agency = recipient.name if recipient is not None and recipient.kind == OTHER else ""
        named = _Named(OTHER, agency, letter.greeting)
    return named


def _email_to(letter: Letter, names: _Names, settings: Settings) -> _Named | None:
    """What the claimant's own email's To: says; the Mediator or the cabinet win over others."""
    if letter.email is None or not letter.email.to:
        return None
    found = [n for n in (_by_address(a, names, settings) for a in letter.email.to) if n]
    for kind in (MEDIATOR, CABINET, OTHER):
        for named in found:
            if named.kind == kind:
                return named
    return None


def _by_address(text: str, names: _Names, settings: Settings) -> _Named | None:
    found = re.search(r"[\w.+\-]+@([\w\-]+(?:\.[\w\-]+)+)", text.lower())
    if found is None:
        return None
    address, domain = found.group(), found.group(1)
    if address in settings.cabinet.emails or domain in settings.cabinet.domains:
        return _Named(CABINET, settings.cabinet.name, address)
    if any(c.email == address for c in settings.collaborators):
        return _Named(CABINET, settings.cabinet.name, address)
    if re.search(r"mediat(?:ion|eur)[\w\-]*assurance|mediateur", domain):
        return _Named(MEDIATOR, settings.mediator.name, address)
    labels = set(domain.split(".")[:-1])
    for org in settings.organisations:
        if org.complaints_email == address:
            return _Named(OTHER, org.name, address)
        if org.complaints_email and org.complaints_email.split("@", 1)[1] == domain:
            return _Named(OTHER, org.name, address)
        if any(_norm(n).replace(" ", "") in labels for n in org.names if len(_norm(n)) >= 3):
            return _Named(OTHER, org.name, address)
    return None


# --- the Mediator in the text ------------------------------------------------------------------


def _sentences(letter: Letter) -> list[str]:
    """The text after the head, cut into sentences (lines of a paragraph joined)."""
    lines = list(letter.lines[len(letter.head) :])
    paragraphs = "\n".join(lines).split("\n\n")
    out: list[str] = []
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            out.append(line)  # a line alone ("Copie : Médiation de l'Assurance")
        joined = " ".join(paragraph.split())
        out.extend(s for s in re.split(r"(?<=[.!?;])\s+", joined) if s)
    return out


def _mediator_sentences(letter: Letter, names: _Names) -> tuple[list[str], list[str]]:
    seize: list[str] = []
    escalate: list[str] = []
    seen: set[str] = set()
    for sentence in _sentences(letter):
        folded = fold(sentence)
        named = names.find(sentence)
        mentions = _MEDIATOR_WORD.search(folded) or (named is not None and named.kind == MEDIATOR)
        if not mentions or folded in seen:
            continue
        seen.add(folded)
        if _COPY.search(folded):
            escalate.append(f"copie au Médiateur : « {_short(sentence)} »")
        elif _SEIZE_NOW.search(folded):  # "faute de solution, je demande par la présente…"
            seize.append(f"saisine du Médiateur : « {_short(sentence)} »")
        elif _THREAT.search(folded):
            escalate.append(f"menace de saisir le Médiateur : « {_short(sentence)} »")
        elif _SEIZE.search(folded):
            seize.append(f"saisine du Médiateur : « {_short(sentence)} »")
    return seize, escalate


def _mediator_role(letter: Letter, settings: Settings) -> list[str]:
    """A letter that submits the dispute with the cabinet for an opinion, speaking of the
    cabinet as a third party: it was written to the Mediator."""
    text = " ".join("\n".join(letter.lines[len(letter.head) :]).split())
    folded = fold(text)
    roles = list(_MEDIATOR_ROLE.finditer(folded))
    if not roles:
        return []
    cabinet_names = [_norm(n) for n in (settings.cabinet.name, *settings.cabinet.aliases)]
    third = _CABINET_THIRD_PERSON.search(folded) or any(
        re.search(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])", _norm(text)) for n in cabinet_names
    )
    if not third and len({m.group() for m in roles}) < 2:
        return []
    return [f"litige soumis au Médiateur : « {_short(text[m.start() : m.end() + 40])} »" for m in roles[:2]]


# --- misdirected from what the letter says -------------------------------------------------------


_NAME_AS_READ = re.compile(
    r"(?P<name>[A-Z][\w&'’\-]*(?:\s+(?:[A-Z][\w&'’\-]*|de|des|du|la|et|d'|d’)(?=\s|$|[,.;:)]))*)"
)


def _body_misdirected(letter: Letter, names: _Names) -> tuple[list[str], str | None]:
    text = "\n".join(letter.lines[len(letter.head) :])
    joined = " ".join(text.split())
    folded = fold(joined)
    direct = _direct(folded)
    if _linked(folded) and not direct:
        return [], None  # a client for other contracts may still hold this one directly
    signals: list[str] = []
    not_client = direct or _NOT_CLIENT.search(folded) or _WRONG_PLACE.search(folded)
    held = _held_with(joined, names)
    if held is None and not_client:
        held = _first_organisation(joined, names)
    forward = _FORWARD_REQUEST.search(folded)
    if held is None:
        return [], None  # no organisation to send it to: a complaint about the cabinet
    if not (not_client or forward or held[2]):
        return [], None
    if not_client:
        signals.append(f"« {_short(joined[not_client.start() : not_client.end()])} »")
    signals.append(f"contrat détenu auprès de {held[0]} : « {held[1]} »")
    if forward:
        end = joined.find(".", forward.end())
        signals.append(f"« {_short(joined[forward.start() : end if end > 0 else None], 70)} »")
    return signals, held[0]


def _linked(folded: str) -> bool:
    """A phrase tying the contract to the cabinet, not denied ("et non par votre
    intermédiaire" is no link)."""
    for match in _CABINET_LINK.finditer(folded):
        if not re.search(r"\b(?:non|pas|ni|jamais)\s+(?:pas\s+)?$", folded[max(0, match.start() - 12) : match.start()]):
            return True
    return False


def _first_organisation(text: str, names: _Names) -> tuple[str, str, bool] | None:
    """The first configured organisation the text names, with its sentence."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for _, named in names.find_all(sentence):
            if named.kind == OTHER:
                return named.name, _short(sentence), False
    return None


def _grievance_against(folded: str, name: str, names: _Names) -> bool:
    """The organisation is what the writer complains of: a sentence that names it also
    holds a grievance ("X ne donne aucune suite", "impossible de joindre X")."""
    if re.search(r"\b(?:difficultes avec|probleme avec|litige avec|conflit avec)\b", folded):
        return True
    spellings = {_norm(text) for text, (_, configured) in names.by_name.items()
                 if configured == name} | {_norm(name)}
    for sentence in re.split(r"(?<=[.!?;])\s+", folded):
        normed = _norm(sentence)
        names_it = any(re.search(rf"(?<![a-z0-9]){re.escape(s)}(?![a-z0-9])", normed)
                       for s in spellings if s)
        if names_it and any(hit.cue.kind is CueKind.GRIEF and hit.weight >= 2.0
                            for hit in find_hits(cue_fold(sentence))):
            return True
    return False


def _held_with(text: str, names: _Names) -> tuple[str, str, bool] | None:
    """(organisation, quote, the organisation is the subject of the grievance) when the text
    says the contract is held with an organisation other than the cabinet."""
    folded = fold(text)
    # positions in `text` of each organisation name: search the folded text directly
    candidates: list[tuple[int, int, str]] = []
    for named_entry, kind, configured in names.entries:
        if kind != OTHER:
            continue
        pattern = re.compile(r"(?<![a-z0-9])" + re.escape(named_entry).replace(r"\ ", r"[\s\-']+") + r"(?![a-z0-9])")
        for match in pattern.finditer(folded):
            candidates.append((match.start(), match.end(), configured))
    # unlisted names after "auprès de", "chez"
    for match in re.finditer(r"\b(?:aupres (?:de |d'|d’)|chez )(?:la compagnie |la mutuelle |l'assureur )?", folded):
        after = _NAME_AS_READ.match(text, match.end())
        if after and after.group("name") and not names.find(after.group("name")):
            name = after.group("name").strip()
            if len(name) >= 3 and not re.match(r"(?i)^(vous|votre|vos|moi|nous|qui|mon|ma|mes)\b", name):
                candidates.append((after.start(), after.end(), name))
    candidates.sort()
    for start, end, name in candidates:
        stop = max(folded.rfind(mark, 0, start) for mark in (". ", "! ", "? ", ": "))
        sentence_start = stop + 2 if stop >= 0 else 0
        before = folded[max(sentence_start, start - 120) : start]
        if _HELD_WITH.search(before) or re.search(r"\bcontrat\b[^.]{0,60}\b(?:chez|aupres)\b", before):
            sentence_end = folded.find(". ", end)
            sentence_end = len(folded) if sentence_end < 0 else sentence_end
            quote = _short(text[sentence_start:sentence_end])
            return name, quote, _grievance_against(folded, name, names)
    return None
