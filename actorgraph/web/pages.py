"""The browsing pages: home, search, actor, claim and source."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from actorgraph.web.app import Workbench


def routes(workbench: Workbench) -> list[BaseRoute]:
    async def home(request: Request) -> Response:
        graph = workbench.graph
        return workbench.render(request, "home.html", {"summary": graph.summary})

    return [Route("/", home)]
