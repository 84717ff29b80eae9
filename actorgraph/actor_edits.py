"""Changing an actor already in the graph: its label, its aliases and its class, in place.

The actor's statements are found in the Turtle files that hold them and only the values
concerned are rewritten (``files.statement_marks`` finds each predicate and object), so every
other byte of the file stays: comments, order, layout. Before anything is written, each edited
file is parsed again and must hold exactly the statements expected (those it held, less the
ones removed, plus the ones added); otherwise nothing is written and the message says to edit
the file by hand. Writes are atomic, under the folder's lock. The IRI never changes: claims,
other files and links from elsewhere keep pointing at the actor.

A rename keeps the old label as an alias, so the old name still resolves. A class change is
refused when a claim of the actor (or of an actor merged into it) would no longer fit its
relation's domain or range. Names follow ``curation.check_text``; a name belongs to one actor.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from actorgraph import files, merges, store
from actorgraph.actors import Actor, ActorIndex
from actorgraph.curation import Change, _short, _tokens, check_text, writable_folder, writing
from actorgraph.errors import ActorChangeRefused
from actorgraph.text import fold
from actorgraph.vocabulary import Vocabulary

Triple = tuple[Node, Node, Node]

#: Leading white space and comments of a pair or an object.
_BLANK = re.compile(r"(?:\s|#[^\n]*)*")
#: One term as written: a string (long or short) with its language or datatype, an IRI, or a name.
_OBJECT = re.compile(
    r'(?:"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')(?:@[A-Za-z0-9\-]+|\^\^[^\s,;#]+)?'
    r"|<[^>]*>|[^\s,;#]+"
)


@dataclass(frozen=True)
class _Object:
    start: int
    end: int
    comma_before: int | None
    comma_after: int | None


@dataclass(frozen=True)
class _Pair:
    predicate: str
    start: int
    semicolon_before: int | None
    semicolon_after: int | None
    objects: tuple[_Object, ...]


@dataclass(frozen=True)
class _Statement:
    path: Path
    start: int
    end: int
    pairs: tuple[_Pair, ...]


def _statement(path: Path, text: str, start: int) -> _Statement:
    """The statement of *text* starting at *start* (its subject), pair by pair."""
    marks, end = files.statement_marks(text, start)
    semicolons = [m for m in marks if text[m] == ";"]
    bounds = [start, *(m + 1 for m in semicolons), end]
    pairs = []
    for k in range(len(bounds) - 1):
        begin = _BLANK.match(text, bounds[k]).end()  # type: ignore[union-attr]
        if k == 0:  # skip the subject
            begin = _BLANK.match(text, _OBJECT.match(text, begin).end()).end()  # type: ignore[union-attr]
        stop = bounds[k + 1] - 1  # the ';' or the '.'
        predicate = _OBJECT.match(text, begin)
        if predicate is None or begin >= stop:
            continue  # a trailing ';'
        commas = [m for m in marks if text[m] == "," and begin < m < stop]
        edges = [predicate.end(), *(c + 1 for c in commas), stop + 1]
        objects = []
        for j in range(len(edges) - 1):
            first = _BLANK.match(text, edges[j]).end()  # type: ignore[union-attr]
            core = _OBJECT.match(text, first)
            last = core.end() if core else first
            before = commas[j - 1] if j > 0 else None
            after = commas[j] if j < len(commas) else None
            objects.append(_Object(first, last, before, after))
        pairs.append(
            _Pair(predicate.group(), begin, semicolons[k - 1] if k > 0 else None,
                  semicolons[k] if k < len(semicolons) else None, tuple(objects))
        )  # fmt: skip
    return _Statement(path, start, end, tuple(pairs))


@dataclass
class _Edits:
    """Text edits to the graph's files, with the statements each removes and adds, checked by
    parsing every edited file before any is written."""

    folder: Path
    dataset: Graph
    texts: dict[Path, str] = field(default_factory=dict)
    spans: dict[Path, list[tuple[int, int, str]]] = field(default_factory=dict)
    removed: dict[Path, set[Triple]] = field(default_factory=dict)
    added: dict[Path, set[Triple]] = field(default_factory=dict)

    def text(self, path: Path) -> str:
        if path not in self.texts:
            self.texts[path] = path.read_text(encoding="utf-8")
        return self.texts[path]

    def statements(self, iri: URIRef) -> Iterator[_Statement]:
        """The statements whose subject is *iri*, in every file that says something of it."""
        for graph in store.data_graphs(self.dataset):  # type: ignore[arg-type]
            if (iri, None, None) not in graph:
                continue
            path = store.graph_file(self.folder, graph.identifier)
            text = self.text(path)
            tokens = "|".join(re.escape(t) for t in _tokens(iri, text))
            for match in re.finditer(rf"^[ \t]*(?:{tokens})(?=[\s;,])", text, re.MULTILINE):
                yield _statement(path, text, match.start() + len(match.group()) - len(match.group().lstrip()))

    def value(self, path: Path, obj: _Object) -> Node | None:
        """What an object as written stands for (a string, an IRI), read as its file reads it."""
        text = self.text(path)
        prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in files.declared_prefixes(text).items())
        try:
            parsed = Graph().parse(data=f"{prefixes}<urn:s> <urn:p> {text[obj.start : obj.end]} .", format="turtle")
        except (BadSyntax, ValueError):  # not a term this edit reads: not the value looked for
            return None
        return next(parsed.objects(), None)

    def pairs(self, iri: URIRef, predicate: URIRef) -> Iterator[tuple[_Statement, _Pair]]:
        for statement in self.statements(iri):
            for pair in statement.pairs:
                if pair.predicate in (
                    *_tokens(predicate, self.text(statement.path)),
                    *(["a"] * (predicate == RDF.type)),
                ):
                    yield statement, pair

    def objects(self, iri: URIRef, predicate: URIRef) -> Iterator[tuple[_Statement, _Pair, _Object, Node | None]]:
        for statement, pair in self.pairs(iri, predicate):
            for obj in pair.objects:
                yield statement, pair, obj, self.value(statement.path, obj)

    def edit(self, path: Path, start: int, end: int, text: str, removed: Triple | None, added: Triple | None) -> None:
        self.spans.setdefault(path, []).append((start, end, text))
        if removed:
            self.removed.setdefault(path, set()).add(removed)
        if added:
            self.added.setdefault(path, set()).add(added)

    def term(self, path: Path, node: URIRef) -> str:
        """*node* as the file writes it: with one of its prefixes, else in full."""
        tokens = _tokens(node, self.text(path))
        return tokens[-1]

    def write(self, dry_run: bool) -> dict[Path, str]:
        """Check every edited file, then write them all (unless *dry_run*); return, for each, the
        edited statements as they will read."""
        new_texts = {path: _applied(self.text(path), spans) for path, spans in self.spans.items()}
        for path, new_text in new_texts.items():
            before = set(store.parse_file(path))
            after = set(store.parse_file(path, data=new_text))
            expected = (before - self.removed.get(path, set())) | self.added.get(path, set())
            if after != expected:
                raise ActorChangeRefused(
                    f"cannot edit {store.display_path(path)} safely: the actor is written there in a way this edit "
                    "does not handle (a name stated twice, say); edit it by hand"
                )
        if not dry_run:
            for path, new_text in new_texts.items():
                with writing(path):
                    files.atomic_write(path, new_text)
        return {path: _shown(new_texts[path], spans) for path, spans in self.spans.items()}


def _applied(text: str, spans: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _shown(new_text: str, spans: list[tuple[int, int, str]]) -> str:
    """The statements around the edits, as the edited file has them (for ``--dry-run``)."""
    first = min(start for start, _, _ in spans)
    begin = new_text.rfind("\n\n", 0, first) + 2 if new_text.rfind("\n\n", 0, first) >= 0 else 0
    end = new_text.find("\n\n", first)
    return new_text[begin : len(new_text) if end < 0 else end] + "\n"


@dataclass
class _Session:
    folder: Path
    dataset: Graph
    vocabulary: Vocabulary
    index: ActorIndex
    edits: _Edits


@contextmanager
def _session(graph_dir: str | os.PathLike[str] | None) -> Iterator[_Session]:
    """The graph's files as they are, read under the folder's lock, held until the edit is written."""
    folder = writable_folder(graph_dir)
    with files.graph_lock(folder):
        dataset = store.load(folder)
        vocabulary = Vocabulary.from_graph(dataset)
        yield _Session(folder, dataset, vocabulary, ActorIndex.from_graph(dataset, vocabulary), _Edits(folder, dataset))


def _owner(index: ActorIndex, name: str, actor: Actor) -> Actor | None:
    """Another actor that *name* is already a name of, if any."""
    wanted = fold(name)
    return next((a for a in index.actors if a.iri != actor.iri and wanted in {fold(n) for n in a.names}), None)


def _only(found: list[tuple[_Statement, _Pair, _Object, Node | None]], what: str, actor: Actor) -> tuple[
        _Statement, _Pair, _Object, Node | None]:  # fmt: skip
    if len(found) != 1:
        raise ActorChangeRefused(
            f"{actor.label!r} has {len(found)} {what} written as this edit reads them (expected 1): edit it by hand"
        )
    return found[0]


# --- rename -------------------------------------------------------------------------------------


def rename(graph_dir: str | os.PathLike[str] | None, name: str, new_name: str, dry_run: bool = False) -> Change:
    """Give the actor called *name* the label *new_name*; the old label becomes an alias."""
    new = check_text(new_name, "actor name").strip()
    with _session(graph_dir) as session:
        actor = session.index.resolve(name)
        if new == actor.label:
            return Change(f"unchanged: {new!r} is already the label of", str(actor.iri))
        other = _owner(session.index, new, actor)
        if other is not None:
            raise ActorChangeRefused(f"{new!r} is already a name of {other.label!r}: a name resolves to one actor")
        statement, _, obj, _ = _only([found for found in session.edits.objects(actor.iri, RDFS.label)], "labels", actor)
        edits = session.edits
        edits.edit(statement.path, obj.start, obj.end, _string(new), (actor.iri, RDFS.label, Literal(actor.label)),
                   (actor.iri, RDFS.label, Literal(new)))  # fmt: skip
        kept = fold(actor.label) in {fold(a) for a in actor.aliases}
        was_alias = [found for found in edits.objects(actor.iri, SKOS.altLabel) if fold(str(found[3])) == fold(new)]
        if was_alias:  # the new label was an alias: the old label takes its place
            where, _, written, value = _only(was_alias, f"aliases {new!r}", actor)
            replacement = "" if kept else _string(actor.label)
            old_alias = (actor.iri, SKOS.altLabel, value)
            if kept:
                start, end = _removal(edits.text(where.path), where, *_pair_of(where, written))
                edits.edit(where.path, start, end, "", old_alias, None)  # type: ignore[arg-type]
            else:
                edits.edit(where.path, written.start, written.end, replacement, old_alias,  # type: ignore[arg-type]
                           (actor.iri, SKOS.altLabel, Literal(actor.label)))  # fmt: skip
        elif not kept:
            _add_alias(edits, actor, actor.label, statement)
        meaning = (
            f"{actor.label!r} is now {new!r}; the IRI stays {_short(str(actor.iri))}, and {actor.label!r} is kept "
            "as an alias, so the old name still resolves"
        )
        return Change("would rename" if dry_run else "renamed", str(actor.iri), edits.write(dry_run), details=[meaning])


def _string(text: str) -> str:
    from actorgraph.turtle import turtle_string

    return turtle_string(text)


# --- aliases ------------------------------------------------------------------------------------


def alias(
    graph_dir: str | os.PathLike[str] | None, name: str, alias: str, remove: bool = False, dry_run: bool = False
) -> Change:
    """Add *alias* to the names of the actor called *name* (or, with *remove*, take it away)."""
    wanted = check_text(alias, "alias").strip()
    with _session(graph_dir) as session:
        actor = session.index.resolve(name)
        edits = session.edits
        if remove:
            if fold(wanted) == fold(actor.label):
                raise ActorChangeRefused(f"{wanted!r} is the label of {actor.label!r}, not an alias: rename it instead")
            _remove_alias(edits, actor, wanted)
            verb = "would remove an alias of" if dry_run else "removed an alias of"
            meaning = f"{wanted!r} no longer names {actor.label!r}"
            return Change(verb, str(actor.iri), edits.write(dry_run), details=[meaning])
        if fold(wanted) in {fold(n) for n in actor.names}:
            return Change(f"unchanged: {wanted!r} is already a name of", str(actor.iri))
        other = _owner(session.index, wanted, actor)
        if other is not None:
            raise ActorChangeRefused(f"{wanted!r} is already a name of {other.label!r}: a name resolves to one actor")
        label_statement, _, _, _ = _only(list(edits.objects(actor.iri, RDFS.label)), "labels", actor)
        _add_alias(edits, actor, wanted, label_statement)
        verb = "would add an alias to" if dry_run else "added an alias to"
        meaning = f"{wanted!r} now resolves to {actor.label!r}"
        return Change(verb, str(actor.iri), edits.write(dry_run), details=[meaning])


def _add_alias(edits: _Edits, actor: Actor, alias: str, home: _Statement) -> None:
    """Append *alias* to the actor's aliases where they are written (else to the statement *home*)."""
    added = (actor.iri, SKOS.altLabel, Literal(alias))
    for statement, pair in edits.pairs(actor.iri, SKOS.altLabel):
        end = pair.objects[-1].end
        edits.edit(statement.path, end, end, f", {_string(alias)}", None, added)
        return
    end = home.pairs[-1].objects[-1].end
    written = f" ;\n    {edits.term(home.path, SKOS.altLabel)} {_string(alias)}"
    edits.edit(home.path, end, end, written, None, added)


def _remove_alias(edits: _Edits, actor: Actor, alias: str) -> None:
    found = [f for f in edits.objects(actor.iri, SKOS.altLabel) if f[3] == Literal(alias)] or [
        f for f in edits.objects(actor.iri, SKOS.altLabel) if fold(str(f[3])) == fold(alias)
    ]
    if not found:
        close = ", ".join(repr(a) for a in actor.aliases) or "none"
        raise ActorChangeRefused(f"{alias!r} is not an alias of {actor.label!r} (its aliases: {close})")
    statement, pair, obj, value = _only(found, f"aliases {alias!r}", actor)
    start, end = _removal(edits.text(statement.path), statement, pair, obj)
    edits.edit(statement.path, start, end, "", (actor.iri, SKOS.altLabel, value), None)  # type: ignore[arg-type]


def _pair_of(statement: _Statement, obj: _Object) -> tuple[_Pair, _Object]:
    return next(pair for pair in statement.pairs if obj in pair.objects), obj


def _removal(text: str, statement: _Statement, pair: _Pair, obj: _Object) -> tuple[int, int]:
    """The span to delete to take *obj* out of *statement*, with the punctuation around it."""
    if len(pair.objects) > 1:
        if obj.comma_before is not None:
            return obj.comma_before, obj.end
        return obj.start, _BLANK.match(text, obj.comma_after + 1).end()  # type: ignore[operator, union-attr]
    position = statement.pairs.index(pair)
    if position > 0:  # from the end of the pair before: its ';' and the space before it go too
        return statement.pairs[position - 1].objects[-1].end, obj.end
    if pair.semicolon_after is not None and statement.pairs[-1] is not pair:
        return pair.start, _BLANK.match(text, pair.semicolon_after + 1).end()  # type: ignore[union-attr]
    end = statement.end + 1 if text[statement.end : statement.end + 1] == "\n" else statement.end
    return statement.start, end


# --- class --------------------------------------------------------------------------------------


def set_type(graph_dir: str | os.PathLike[str] | None, name: str, class_name: str, dry_run: bool = False) -> Change:
    """Make the actor called *name* one of class *class_name*, if every claim of it still fits."""
    with _session(graph_dir) as session:
        actor = session.index.resolve(name)
        wanted = session.vocabulary.actor_type(class_name)
        if wanted.name == actor.type:
            return Change(f"unchanged: already {merges.article(wanted.name)},", str(actor.iri))
        _check_claims(session, actor, wanted.name)
        classes = {t.iri for t in session.vocabulary.actor_types.values()}
        found = [f for f in session.edits.objects(actor.iri, RDF.type) if f[3] in classes]
        statement, _, obj, old = _only(found, "actor classes", actor)
        term = session.edits.term(statement.path, wanted.iri)
        session.edits.edit(statement.path, obj.start, obj.end, term, (actor.iri, RDF.type, old),  # type: ignore[arg-type]
                           (actor.iri, RDF.type, wanted.iri))  # fmt: skip
        meaning = f"{actor.label!r} is now {merges.article(wanted.name)}, no longer {merges.article(actor.type)}"
        verb = "would change the class of" if dry_run else "changed the class of"
        return Change(verb, str(actor.iri), session.edits.write(dry_run), details=[meaning])


def _check_claims(session: _Session, actor: Actor, new_type: str) -> None:
    """Refuse the class when a claim of the actor, or of an actor merged into it, would not fit."""
    roots = merges.canonical_actors(merges.read_merges(session.dataset))
    types = {str(a.iri): a.type for a in session.index.actors} | {str(actor.iri): new_type}

    def type_of(iri: URIRef) -> str:
        return types.get(str(roots.get(iri, iri)), "Actor")

    members = [actor.iri, *(merged for merged, root in roots.items() if root == actor.iri)]
    problem = merges.first_misfit(session.dataset, session.vocabulary, session.index, members, type_of)
    if problem is not None:
        raise ActorChangeRefused(f"cannot make {actor.label!r} {merges.article(new_type)}: {problem}")
