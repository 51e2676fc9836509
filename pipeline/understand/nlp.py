"""The French language pipeline: the only module that imports spaCy.

Only the named-entity recogniser runs: in ``fr_core_news_sm`` it has its own
token-to-vector layer, so the shared ``tok2vec``, the tagger, the parser and the
lemmatizer are not loaded. The rules of `sender.py` and `mandates.py` find most names
from the letter's layout and call the model only when they fail, so `load_nlp()` returns
a `LazyNlp` that loads the model on its first call: a worker that never needs it never
pays the few seconds loading takes, and one that does loads it once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

MODEL = "fr_core_news_sm"
UNUSED = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter")


class LazyNlp:
    """Stands for a spaCy `Language` (``nlp(text)``, ``nlp.pipe(texts)``), loaded on first use."""

    def __init__(self) -> None:
        self._nlp: Any = None

    def _language(self) -> Any:
        if self._nlp is None:
            import spacy  # deferred on purpose: see the module docstring

            self._nlp = spacy.load(MODEL, exclude=list(UNUSED))
        return self._nlp

    def __call__(self, text: str) -> Any:
        return self._language()(text)

    def pipe(self, texts: Iterable[str]) -> Iterator[Any]:
        return iter(self._language().pipe(texts))


def load_nlp() -> LazyNlp:
    """The French pipeline with only its entity recogniser (PER, LOC, ORG, MISC)."""
    return LazyNlp()
