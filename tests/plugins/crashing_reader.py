"""A reader plugin that kills its worker process on files named like ``crash*``, the way a
segfault in a PDF or image library would (failure injection through the real interface)."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from pipeline.text.extract import TextReader
from pipeline.text.model import Extracted


class CrashingReader:
    def __init__(self, real: TextReader) -> None:
        self.real = real

    def read(self, data: bytes, name: str) -> Extracted:
        if PurePosixPath(name).name.startswith("crash"):
            os._exit(139)  # dies like a segfault: no exception, no cleanup
        return self.real.read(data, name)


def wrap(real: TextReader) -> CrashingReader:
    return CrashingReader(real)
