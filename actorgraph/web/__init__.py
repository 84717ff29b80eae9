"""The web workbench: browse, ask, map and curate a graph in the browser (``actorgraph serve``).

:func:`make_workbench` builds the ASGI application from a :class:`actorgraph.Graph`: server-rendered
pages (Jinja2 templates, every value escaped) on the same library the command line uses, the SPARQL
1.1 Protocol endpoint of :mod:`actorgraph.server` at ``/sparql`` unchanged, and the packaged static
files (no CDN: the pages load nothing from elsewhere).
"""

from actorgraph.web.app import Workbench, make_workbench

__all__ = ["Workbench", "make_workbench"]
