"""The wording sets of the mail generator, by name. Each lives in its own module, so
that a set can be written (or read) without seeing the others."""

from __future__ import annotations

from pipeline.synth.sets.heldout import HELDOUT
from pipeline.synth.sets.tuning import TUNING
from pipeline.synth.sets.validation import VALIDATION
from pipeline.synth.wordings import WordingSet

SETS: dict[str, WordingSet] = {"tuning": TUNING, "heldout": HELDOUT, "validation": VALIDATION}
