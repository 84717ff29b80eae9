"""actorgraph: a knowledge graph of who backs, fights, leads and kills whom in a conflict.

Claims are RDF with a source, a verbatim quote, dates and a confidence; see ``store`` to load
a graph folder, ``claims`` and ``actors`` to read it, ``validate`` to check it.
"""

__version__ = "0.1.0"
