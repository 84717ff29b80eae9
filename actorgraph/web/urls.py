"""The workbench's page of an actor, a claim or a source, from its IRI."""

from __future__ import annotations

from actorgraph.namespace import ACTOR, CLAIM, SOURCE

_PAGES = {str(ACTOR): "/actors/", str(CLAIM): "/claims/", str(SOURCE): "/sources/"}


def url_of(iri: object) -> str | None:
    """The page of an actor, claim or source IRI; ``None`` for any other term.

    >>> from actorgraph.namespace import ACTOR, AG
    >>> url_of(ACTOR.Iran), url_of(AG.backs)
    ('/actors/Iran', None)
    """
    text = str(iri)
    for namespace, page in _PAGES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return page + text[len(namespace) :]
    return None
