"""The wording sets of the mail generator, by name. Each lives in its own module, so
that a set can be written (or read) without seeing the others."""

from __future__ import annotations

from tools.synth.sets.heldout import HELDOUT
from tools.synth.sets.tuning import TUNING
from tools.synth.sets.validation import VALIDATION
from tools.synth.wordings import WordingSet

SETS: dict[str, WordingSet] = {"tuning": TUNING, "heldout": HELDOUT, "validation": VALIDATION}
