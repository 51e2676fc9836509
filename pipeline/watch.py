"""Wakes the run loop when something lands in inbox/ (watchdog); the loop also rescans
periodically, for network shares whose events never arrive."""

from __future__ import annotations

import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer


class _Wake(FileSystemEventHandler):
    def __init__(self, wake: threading.Event) -> None:
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.wake.set()


class InboxWatch:
    """Context manager: while open, any change under inbox/ sets `wake`."""

    def __init__(self, inbox: Path, wake: threading.Event) -> None:
        self._observer = Observer()
        self._observer.schedule(_Wake(wake), str(inbox), recursive=True)

    def __enter__(self) -> InboxWatch:
        self._observer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)
