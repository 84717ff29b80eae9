"""Escaping what actorgraph writes, one rule per kind of output.

- ``csv_text``: the one CSV writer (every ``--format csv``, ``export csv``, SPARQL's ``text/csv``).
  A text cell a spreadsheet would run as a formula gets a leading ``'`` (OWASP "CSV injection").
- ``nt_literal`` / ``nt_term`` / ``ntriples``: N-Triples whose every line any parser reads back,
  whatever the text (line and paragraph separators, vertical tab, NUL, DEL and C1 controls).
- ``terminal_safe``: text for a terminal, with control characters (escape sequences, OSC 52
  clipboard writes, bidi overrides) shown as visible escapes instead of acted upon; the CLI's
  ``emit`` applies it to everything but machine formats.
- ``json_safe``: JSON with the bidi and C1 characters it may carry raw as ``\\u`` escapes.
- ``html_text``: a value as HTML text or attribute value (notebook tables, the map's frame).
- ``xml_text``: text an XML file can hold (GraphML, GEXF, the SVG charts), before its escaping.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

# --- CSV -----------------------------------------------------------------------------------------

#: A spreadsheet reads a text cell starting with one of these as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number (a negative one included) is read as that number and runs nothing, so
# it is left as it is; "+1" is not in this form and is escaped like any other leading "+".
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def csv_text(rows: Iterable[Sequence[object]], fields: Sequence[str], newline: str = "\r\n") -> str:
    """CSV with a header row, every cell through ``csv_cell``.

    *rows* holds cells in *fields* order; None is written empty, booleans as true and false.

    >>> print(csv_text([["=1+1", -2, "-2", "-1+1", True]], ["a", "b", "c", "d", "e"], newline="\\n"), end="")
    a,b,c,d,e
    '=1+1,-2,-2,'-1+1,true
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(fields)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: ``'`` before a would-be formula, numbers left as they are.

    >>> csv_cell('=HYPERLINK("http://x")'), csv_cell("Iran"), csv_cell(-1), csv_cell("@SUM(A1)")
    ('\\'=HYPERLINK("http://x")', 'Iran', -1, "'@SUM(A1)")
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and _FORMULA.match(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_value(cell: str) -> str:
    """The text ``csv_cell`` wrote *cell* for: its added ``'`` taken off, so a spreadsheet read
    back gives the text that was written out.

    Text that itself starts with ``'`` before a would-be formula got one more ``'``, so this is
    exact both ways.

    >>> [csv_value(csv_cell(text)) for text in ("=1+1", "'=1", "'quoted'", "-2")]
    ['=1+1', "'=1", "'quoted'", '-2']
    """
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell) else cell


# Would-be formulas, and text that would read as one escaped: quotes first, then a formula start.
_FORMULA = re.compile("'*[" + re.escape("".join(FORMULA_START)) + "]")


# --- N-Triples -----------------------------------------------------------------------------------


class _Escapes:
    """Replaces each of a set of characters by its escape: a regular expression finds them, as
    ``str.translate`` is slow on long texts (a lookup per character, in Python).
    """

    def __init__(self, escapes: dict[str, str]) -> None:
        self._escapes = escapes
        self._pattern = re.compile("[" + "".join(re.escape(char) for char in escapes) + "]")

    def __call__(self, text: str) -> str:
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        return self._escapes[match.group()]


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Every character a line-based reader may split on or choke at: C0, DEL, C1, U+2028 and U+2029.
_UNSAFE = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]
_LITERAL_ESCAPES = _Escapes({chr(code): f"\\u{code:04X}" for code in _UNSAFE} | _ECHAR)
# An IRI cannot hold C0 controls or spaces at all; the rest of the unsafe characters are UCHARs.
_IRI_ESCAPES = _Escapes({chr(code): f"\\u{code:04X}" for code in _UNSAFE if code > 0x20})


def nt_literal(text: str) -> str:
    """*text* as an N-Triples string, quotes included, with every unsafe character escaped.

    >>> print(nt_literal('a"b\\u2028c\\x0bd\\n'))
    "a\\"b\\u2028c\\u000Bd\\n"
    """
    return f'"{_LITERAL_ESCAPES(text)}"'


def nt_term(term: Node) -> str:
    """A term as N-Triples writes it.

    >>> from rdflib import XSD
    >>> nt_term(Literal("1", datatype=XSD.integer)), nt_term(Literal("Iran", lang="en"))
    ('"1"^^<http://www.w3.org/2001/XMLSchema#integer>', '"Iran"@en')
    """
    if isinstance(term, URIRef):
        return f"<{_IRI_ESCAPES(str(term))}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.language:
            return f"{nt_literal(str(term))}@{term.language}"
        if term.datatype:
            return f"{nt_literal(str(term))}^^{nt_term(term.datatype)}"
        return nt_literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def ntriples(graph: Graph) -> str:
    """*graph* as N-Triples, one line a triple, lines sorted (one order, whatever the store's)."""
    return "".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph))


# --- Terminal ------------------------------------------------------------------------------------

# C0 but tab and newline, DEL, C1, and the bidi embeddings, overrides and isolates (which reorder
# what follows them on the line, and can make one name read as another).
_TERMINAL_UNSAFE = [*(c for c in range(0x20) if chr(c) not in "\t\n"), 0x7F, *range(0x80, 0xA0)]
_TERMINAL_UNSAFE += [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_TERMINAL_ESCAPES = _Escapes(
    {chr(code): f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in _TERMINAL_UNSAFE}
)

# JSON escapes C0 controls itself; these are the unsafe characters it leaves raw (and U+2028 and
# U+2029, which end a line for JavaScript).
_JSON_ESCAPES = _Escapes({chr(code): f"\\u{code:04x}" for code in [*_TERMINAL_UNSAFE, 0x2028, 0x2029] if code >= 0x7F})


def json_safe(text: str) -> str:
    """JSON text with the controls and bidi characters JSON may carry raw written as ``\\u`` escapes.

    The same data, read back; but printed to a terminal, nothing in it is acted upon.

    >>> json_safe('{"a": "x\\u202ey\\x85"}')
    '{"a": "x\\\\u202ey\\\\u0085"}'
    """
    return _JSON_ESCAPES(text)


def terminal_safe(text: str) -> str:
    """*text* with every character a terminal would act on written as a visible escape.

    >>> terminal_safe("Acme\\x1b]0;PWNED\\x07\\u202e\\tx\\n")
    'Acme\\\\x1b]0;PWNED\\\\x07\\\\u202e\\tx\\n'
    """
    return _TERMINAL_ESCAPES(text)


# --- HTML ----------------------------------------------------------------------------------------


def html_text(value: object) -> str:
    """*value* as HTML text, safe in an element or a quoted attribute (``None`` is empty).

    >>> html_text('<b title="x">&</b>')
    '&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;'
    """
    return "" if value is None else html.escape(str(value), quote=True)


# --- XML -----------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry (C0 controls but tab, newline, carriage return; lone surrogates; U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """*value* as text an XML file can hold: characters XML 1.0 forbids become U+FFFD.

    >>> xml_text("Hamas\x0b")
    'Hamas\ufffd'
    """
    return _NOT_XML.sub("\ufffd", str(value))
