"""The library's type hints are checked: mypy, configured in setup.cfg, finds no error."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_mypy_finds_no_error(tmp_path):
    # The cache goes to the test's folder so that a run leaves nothing in the checkout.
    completed = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy"), "actorgraph"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
