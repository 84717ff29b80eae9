"""A griffe extension: the doctests of a docstring become its numpydoc *Examples* section.

The library's docstrings keep their doctests (pytest runs them) after the prose or the
*Parameters*, without an *Examples* heading. Unheaded, the numpy parser reads them as more
parameters and Markdown reads a list in their output as a link; headed, they render as code.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLES_HEADING = re.compile(r"^[ \t]*Examples\n[ \t]*-{3,}[ \t]*$", re.MULTILINE)
_FIRST_DOCTEST = re.compile(r"^([ \t]*)>>> ", re.MULTILINE)


def with_examples_heading(text: str) -> str:
    """Return *text* with an *Examples* heading before its first doctest, if it has none.

    >>> with_examples_heading("Add.\\n\\n>>> 1 + 1\\n2").splitlines()
    ['Add.', '', 'Examples', '--------', '>>> 1 + 1', '2']
    """
    first = _FIRST_DOCTEST.search(text)
    if first is None or _EXAMPLES_HEADING.search(text[: first.start()]):
        return text
    indent = first.group(1)
    heading = f"{indent}Examples\n{indent}--------\n"
    return text[: first.start()] + heading + text[first.start() :]


class DoctestExamples(griffe.Extension):
    """Head every docstring's doctests as its *Examples* section."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = with_examples_heading(obj.docstring.value)
