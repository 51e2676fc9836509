"""A reader plugin for the cluster test: files named like ``lent*`` take a few seconds, and
each start is marked by a file named after the worker process in $RECLAM_TEST_MARKS, so
that the test can kill -9 the very process reading it; files named like ``crash*`` kill
their worker (`crashing_reader`)."""

from __future__ import annotations

import os
import time
from pathlib import Path, PurePosixPath

from pipeline.text.extract import TextReader
from pipeline.text.model import Extracted
from tests.plugins.crashing_reader import CrashingReader

SLOW_S = 4.0


class SlowReader:
    def __init__(self, real: CrashingReader) -> None:
        self.real = real

    def read(self, data: bytes, name: str) -> Extracted:
        if PurePosixPath(name).name.startswith("lent"):
            marks = Path(os.environ["RECLAM_TEST_MARKS"])
            (marks / f"{os.getpid()}-{time.monotonic_ns()}").write_text(str(os.getpid()))
            time.sleep(SLOW_S)
        return self.real.read(data, name)


def wrap(real: TextReader) -> SlowReader:
    return SlowReader(CrashingReader(real))
