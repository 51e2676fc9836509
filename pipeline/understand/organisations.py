"""Which organisation a line, the greeting or an email address names: the cabinet, the
Mediator, an organisation of config/cabinet.toml (as written, or with an OCR slip:
`OrganisationNames.find_fuzzy`) or one as read; and the one the recipient block names."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from pipeline.settings import Organisation, Settings
from pipeline.textnorm import same_length
from pipeline.understand import lexicon
from pipeline.understand.letter import Letter

FUZZY_MIN_CHARS = 6  # a shorter name read with a slip is another name ("GME", "MMA")
FUZZY_CHARS_PER_EDIT = 12  # one OCR slip allowed per this many characters of a name

CABINET = "cabinet"
MEDIATOR = "mediateur"
OTHER = "autre"
UNKNOWN = "inconnu"


@dataclass(frozen=True)
class Named:
    kind: str  # CABINET, MEDIATOR or OTHER
    name: str  # as configured, or as read for an unlisted organisation
    text: str  # the words as read, for the signal


# A copy line ("Copie : Médiation de l'Assurance"): never the recipient.
COPY = lexicon.Cues("addressee_copy")


@functools.cache
def _insurer_word() -> re.Pattern[str]:
    """A word that makes a short line an organisation's name (lexicon/addressee_org_words)."""
    words = "|".join(re.escape(w) for w in lexicon.words("addressee_org_words"))
    return re.compile(rf"\b(?:{words})\b")


@functools.cache
def _agent_patterns() -> tuple[re.Pattern[str], ...]:
    """Written to an insurer's agent, not the cabinet (lexicon/addressee_agent)."""
    return lexicon.patterns("addressee_agent")


def _agent(folded: str) -> re.Match[str] | None:
    return next((m for p in _agent_patterns() if (m := p.search(folded))), None)


_SERVICE_LINE = re.compile(r"^\s*(?:service|direction|departement|pole|a l'attention|att\.?\b|cs\b|tsa\b|bp\b)")
_ATTENTION = re.compile(r"^\s*(?:a l'attention de|a l’attention de|attn?\.?|destinataire)\s*:?\s*(?P<who>.+)$")
_HEADER = re.compile(r"^\s*(?:de|from|envoye|date|sent|subject|objet|cc|a|to)\s*:", re.IGNORECASE)
_TO_HEADER = re.compile(r"^\s*(?:a|to|destinataire)\s*:\s*(?P<who>.+)$")
_ADDRESS_LINE = re.compile(r"\d")


def fold_organisation(text: str) -> str:
    """Folded, punctuation as spaces: how names are compared."""
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", same_length(text)).split())


class OrganisationNames:
    """Every configured way of naming the cabinet, the Mediator and the organisations."""

    def __init__(self, settings: Settings) -> None:
        entries: list[tuple[str, str, str]] = []  # (normalised name, kind, configured name)
        cabinet = settings.cabinet
        for text in (cabinet.name, *cabinet.aliases):
            entries.append((fold_organisation(text), CABINET, cabinet.name))
        mediator = settings.mediator
        for text in (mediator.name, *mediator.aliases, "mediation de l assurance",
                     "mediateur de l assurance", "mediatrice de l assurance", "tsa 50110"):
            entries.append((fold_organisation(text), MEDIATOR, mediator.name))
        address = re.match(r"\s*(TSA\s*\d+)", mediator.address)
        if address:
            entries.append((fold_organisation(address.group(1)), MEDIATOR, mediator.name))
        for org in settings.organisations:
            for text in org.names:
                entries.append((fold_organisation(text), OTHER, org.name))
        entries = [e for e in entries if e[0]]
        entries.sort(key=lambda e: -len(e[0]))  # longest first: "AG2R La Mondiale" before "La Mondiale"
        self.entries = entries
        self.organisations: dict[str, Organisation] = {o.name: o for o in settings.organisations}
        self.pattern = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(re.escape(e[0]) for e in entries) + r")(?![a-z0-9])"
        )
        self.by_name = {e[0]: (e[1], e[2]) for e in reversed(entries)}

    def find(self, text: str) -> Named | None:
        """The first configured name in `text` (longest at a place)."""
        match = self.pattern.search(fold_organisation(text))
        if match is None:
            return None
        kind, name = self.by_name[match.group()]
        return Named(kind, name, short(text))

    def find_fuzzy(self, text: str) -> Named | None:
        """The configured name that `text`, as a whole, spells with an OCR slip or two
        ("GME Assurances" for "GMF Assurances", "Matrnut" for "Matmut"): within a small
        edit distance for its length, and closer than any other configured name. Names of
        fewer than six letters are not guessed ("GME" alone stays unknown)."""
        normed = fold_organisation(_LEADING_DEBRIS.sub("", text))
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
        return Named(kind, configured, short(text))

    def find_all(self, text: str) -> list[tuple[int, Named]]:
        normed = fold_organisation(text)
        out = []
        for match in self.pattern.finditer(normed):
            kind, name = self.by_name[match.group()]
            out.append((match.start(), Named(kind, name, match.group())))
        return out


def short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- the recipient ---------------------------------------------------------------------------


def read_recipient(letter: Letter, names: OrganisationNames, settings: Settings) -> tuple[Named | None, str]:
    """The addressee named in the head: the last organisation named there (the recipient
    block comes after the sender's), an "À l'attention de" line, or a forward's "À :".
    A name of config/cabinet.toml counts as written or with an OCR slip ("GME Assurances");
    an unlisted one only when the line looks like an organisation's name (an insurer word,
    or an "Agent général" line under it) and the block is not the cabinet's address."""
    found: Named | None = None
    signal = ""
    head = list(letter.head)
    if not head and not letter.greeting and not letter.subject:
        head = list(itertools.takewhile(lambda line: len(line) < 70, letter.lines[:15]))
    elif letter.greeting in letter.lines[len(head) :]:
        # lines between an early "Objet :" and the greeting ("À l'attention de : …")
        between = letter.lines[len(head) : letter.lines.index(letter.greeting, len(head))]
        head += between if len(between) <= 8 else []
    for index, line in enumerate(head):
        folded = same_length(line)
        if not line or COPY.search(folded):
            continue
        attention = _ATTENTION.match(folded)
        to_header = _TO_HEADER.match(folded)
        if _HEADER.match(folded) and not to_header:
            continue
        if to_header:
            named = names.find(line) or _by_address(to_header.group("who"), names, settings)
            if named is not None:
                found, signal = named, f"destinataire : {short(line)}"
            continue
        named = names.find(line)
        if named is None and attention is not None:
            named = _collaborator(attention.group("who"), settings)
            # "À l'attention de : Cabinet Fournier Assurances, Agent général, 3 place…"
            line = _as_read(line).split(",")[0] if named is None else line
            folded = same_length(line)
        if named is None and looks_like_organisation(line):
            named = names.find_fuzzy(line)
            below = [same_length(n) for n in head[index + 1 : index + 5] if n.strip()]
            agent = bool(below) and _agent(below[0]) is not None
            if named is None and (agent or (_insurer_word().search(folded)
                                            and not _SERVICE_LINE.match(folded))):
                named = Named(OTHER, _as_read(line), short(line))
                if not agent and _cabinet_address(below, settings):
                    named = Named(CABINET, settings.cabinet.name, short(line))
        if named is not None:
            found, signal = named, f"destinataire : {short(line)}"
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
    if not text or len(text) >= 60 or _ADDRESS_LINE.search(text) or _HEADER.match(same_length(text)):
        return False
    if re.search(r"[:;?!…]", text):
        return False
    words = re.findall(r"[^\W\d_]+", text)
    if not words or len(words) > 7:
        return False
    if any(w in _not_name_words() for w in fold_organisation(text).split()):
        return False
    significant = [w for w in words if same_length(w) not in _NAME_CONNECTORS]
    return bool(significant) and all(w[0].isupper() for w in significant)


def _cabinet_address(lines: list[str], settings: Settings) -> bool:
    """The cabinet's own postal address among these folded lines: its postcode, or its
    street number and name on one line. The block is the cabinet's, however its name was
    read ("AFA - Courtage" for "AEA - Courtage")."""
    address = fold_organisation(settings.cabinet.address)
    postcode = re.search(r"\b\d{5}\b", address)
    street = address.split(postcode.group())[0] if postcode else address
    number = re.match(r"\d+", street)
    name = max(re.findall(r"[a-z]{5,}", street), key=len, default="")
    for line in lines:
        words = fold_organisation(line).split()
        if postcode and postcode.group() in words:
            return True
        if number and name and number.group() in words and name in words:
            return True
    return False


def _as_read(line: str) -> str:
    text = re.sub(r"^\s*(?:[àa] l['’]attention de|destinataire)\s*:?\s*", "", line, flags=re.I)
    return " ".join(text.split()).strip(" ,.;:")


def _collaborator(who: str, settings: Settings) -> Named | None:
    folded = fold_organisation(who)
    for person in settings.collaborators:
        if fold_organisation(person.name) in folded or person.email in who.lower():
            return Named(CABINET, settings.cabinet.name, who)
    return None


def greeting_named(letter: Letter, names: OrganisationNames, recipient: Named | None) -> Named | None:
    """The organisation the greeting names; "Monsieur l'Agent" is an insurer's agent, the
    one the recipient block names if it does."""
    if not letter.greeting:
        return None
    named = names.find(letter.greeting) or names.find_fuzzy(letter.greeting.strip(" ,!"))
    if named is None and _agent(same_length(letter.greeting)):
        agency = recipient.name if recipient is not None and recipient.kind == OTHER else ""
        named = Named(OTHER, agency, letter.greeting)
    return named


def email_to(letter: Letter, names: OrganisationNames, settings: Settings) -> Named | None:
    """What the claimant's own email's To: says; the Mediator or the cabinet win over others."""
    if letter.email is None or not letter.email.to:
        return None
    found = [n for n in (_by_address(a, names, settings) for a in letter.email.to) if n]
    for kind in (MEDIATOR, CABINET, OTHER):
        for named in found:
            if named.kind == kind:
                return named
    return None


def _by_address(text: str, names: OrganisationNames, settings: Settings) -> Named | None:
    found = re.search(r"[\w.+\-]+@([\w\-]+(?:\.[\w\-]+)+)", text.lower())
    if found is None:
        return None
    address, domain = found.group(), found.group(1)
    if address in settings.cabinet.emails or domain in settings.cabinet.domains:
        return Named(CABINET, settings.cabinet.name, address)
    if any(c.email == address for c in settings.collaborators):
        return Named(CABINET, settings.cabinet.name, address)
    if re.search(r"mediat(?:ion|eur)[\w\-]*assurance|mediateur", domain):
        return Named(MEDIATOR, settings.mediator.name, address)
    labels = set(domain.split(".")[:-1])
    for org in settings.organisations:
        if org.complaints_email == address:
            return Named(OTHER, org.name, address)
        if org.complaints_email and org.complaints_email.split("@", 1)[1] == domain:
            return Named(OTHER, org.name, address)
        if any(fold_organisation(n).replace(" ", "") in labels for n in org.names if len(fold_organisation(n)) >= 3):
            return Named(OTHER, org.name, address)
    return None
