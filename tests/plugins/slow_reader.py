"""A reader plugin for the cluster test: files named like ``lent*`` take a few seconds, and
each start is marked by a file named after the worker process in $RECLAM_TEST_MARKS, so
that the test can kill -9 the very process reading it; files named like ``crash*`` kill
their worker (`crashing_reader`).

The test ends the wait early by creating the release file (`release_path`: the marks
folder's name with ``.go``), once it has killed the process it meant to kill: a read
started after that (the item tried again on another worker) is not slow, and one started
before it (the victim's) was slow while it mattered."""

from __future__ import annotations

import os
import time
from pathlib import Path, PurePosixPath

from pipeline.text.extract import TextReader
from pipeline.text.model import Extracted
from tests.plugins.crashing_reader import CrashingReader

SLOW_S = 4.0
POLL_S = 0.02


def release_path(marks: Path) -> Path:
    return marks.with_name(f"{marks.name}.go")


class SlowReader:
    def __init__(self, real: CrashingReader) -> None:
        self.real = real

    def read(self, data: bytes, name: str) -> Extracted:
        if PurePosixPath(name).name.startswith("lent"):
            marks = Path(os.environ["RECLAM_TEST_MARKS"])
            (marks / f"{os.getpid()}-{time.monotonic_ns()}").write_text(str(os.getpid()))
            deadline = time.monotonic() + SLOW_S
            while time.monotonic() < deadline and not release_path(marks).exists():
                time.sleep(POLL_S)
        return self.real.read(data, name)


def wrap(real: TextReader) -> SlowReader:
    return SlowReader(CrashingReader(real))
