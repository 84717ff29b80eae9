"""The README keeps its promises: its set-up commands, and every command documented in the docs."""

from __future__ import annotations

import re

from conftest import REPO

from actorgraph.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = REPO / "docs"


def _bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, re.DOTALL)


def _manual() -> str:
    """The hand-written pages of the documentation, in one text."""
    return "\n".join(page.read_text(encoding="utf-8") for page in sorted(DOCS.glob("*.md")))


def test_readme_opens_with_the_two_setup_commands():
    main_job, tests = (block.strip() for block in _bash_blocks()[:2])
    assert "pip install" in main_job and "actorgraph" in main_job
    assert tests.startswith("bash .ci/setup && ") and "pytest" in tests
    setup = (REPO / ".ci" / "setup").read_text(encoding="utf-8")
    assert "apt-get install" in setup and "chromium" in setup and "pip install -q -e '.[test]'" in setup
    assert README.index(main_job) < README.index("## Six examples")


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _bash_blocks()[1].strip()
    assert test_command in ci.splitlines()


def test_the_readme_stays_short_and_links_every_page():
    assert len(README.splitlines()) <= 200
    for page in sorted(DOCS.glob("*.md")):
        assert f"(docs/{page.name})" in README, f"the README does not link docs/{page.name}"


def test_every_command_is_documented():
    manual = _manual()
    for name, command in cli.commands.items():
        assert f"## `actorgraph {name}" in manual, f"the docs have no section for `actorgraph {name}`"
        for group_command in getattr(command, "commands", {}):
            assert f"actorgraph {name} {group_command}" in manual


def test_every_module_is_in_how_it_fits_together():
    section = (DOCS / "architecture.md").read_text(encoding="utf-8")
    for module in sorted((REPO / "actorgraph").glob("*.py")):
        if module.name not in {"__init__.py", "__main__.py"} and not module.name.startswith("_"):
            assert f"actorgraph/{module.name}" in section, module.name
