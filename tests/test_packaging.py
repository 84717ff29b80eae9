"""A built wheel carries the vocabulary and the seed graph, and works from any directory."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_works_outside_the_checkout(tmp_path):
    # Built from a copy: setuptools leaves build/ and *.egg-info beside the sources it builds.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".*", "build", "dist", "site", "*.egg-info"))
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("actorgraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "actorgraph/cli/__init__.py" in names
    assert "actorgraph/_ontology/actorgraph.ttl" in names
    assert "actorgraph/_ontology/shapes.ttl" in names
    assert "actorgraph/_graph/claims-2024-10-01-iran-israel-hezbollah.ttl" in names
    # The seed report's text, which validate checks every quote against (a missing text is a problem).
    shipped = "actorgraph/_graph/sources/news-2024-10-01-iran-israel-hezbollah.txt"
    assert zipfile.ZipFile(wheel).read(shipped) == (REPO / "graph" / shipped.rsplit("_graph/", 1)[1]).read_bytes()

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import actorgraph, sys; sys.argv = ['actorgraph', 'validate']; "
            "print(actorgraph.__file__); from actorgraph.cli import main; main()",
        ],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    first, second = completed.stdout.splitlines()[:2]
    assert first.startswith(str(site))
    assert second == "bundled seed graph: valid (3 files, 41 claims)"
    assert "actorgraph/assets/vis-network.min.js" in names
    assert "actorgraph/templates/chart.svg" in names  # the charts of --every, -o and timeline --plot
    assert {"actorgraph/web/static/vendor/codemirror.js", "actorgraph/web/static/vendor/LICENSES.txt"} <= set(names)
    mapped = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv = ['actorgraph', 'export', 'html']; "
         "from actorgraph.cli import main; main()"],
        cwd=elsewhere, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "ACTORGRAPH_CACHE": str(tmp_path / "c")},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert mapped.returncode == 0, mapped.stderr
    assert (elsewhere / "exports" / "actors.html").stat().st_size > 100_000
