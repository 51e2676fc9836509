"""Logging set-up, shared by the command line and the worker processes.

Every record carries the id of the item being processed (`item_scope`), so a
warning from deep inside a reader still says which item it is about. Letters' text
never goes to logs. Libraries' own warnings about odd files are noise for the mail
room (the item's outcome says what matters): they show with --verbose only.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator

_current_item: contextvars.ContextVar[str] = contextvars.ContextVar("item", default="-")


class _ItemId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.item_id = _current_item.get()
        return True


def setup(verbose: bool) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(_ItemId())
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(item_id)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.ERROR)
    logging.getLogger("pipeline").setLevel(logging.DEBUG if verbose else logging.WARNING)


@contextlib.contextmanager
def item_scope(item_id: str) -> Iterator[None]:
    token = _current_item.set(item_id)
    try:
        yield
    finally:
        _current_item.reset(token)
