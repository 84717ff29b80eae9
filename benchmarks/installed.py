"""What the new processes a benchmark starts share with an installed actorgraph."""

from __future__ import annotations

import compileall
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "actorgraph"


def compile_package() -> None:
    """Byte-compile actorgraph, as installing a wheel does (and a checkout's first run).

    Without it, on a machine that sets PYTHONDONTWRITEBYTECODE (the development machine does),
    every new process compiles actorgraph's modules from source: about 70 ms of a cold command
    that no installed copy pays.
    """
    compileall.compile_dir(str(PACKAGE), quiet=1)
