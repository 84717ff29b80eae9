"""What a write request must bring before the workbench lets it change the graph.

A page of another site open in the same browser can make the browser send a request here (a
form it submits, a ``fetch``), with the browser's cookies; it cannot read this server's pages.
So a write (every POST of the curation forms) must show two things that page cannot give:

- **the form's token**: each browser gets a random session id in a cookie (``HttpOnly``, so no
  script reads it; ``SameSite=Strict``, so another site's request goes without it), and every form
  this server sends carries, in a hidden field, an HMAC of that id under a secret made when the
  server started. A token of another session, of another server or of an earlier run of this one
  does not match; the comparison takes the same time whatever the token.
- **the same origin**: the browser's ``Origin`` header (or, when it sends none, the origin of its
  ``Referer``) must be this server's own origin, as the request addresses it. The ``Host`` was
  already checked against the address the request reached (``server.Guard``: DNS rebinding).

``SameSite`` does not tell ports apart: a page of ``http://127.0.0.1:9000`` is of the same *site*
as this server on port 8000, and its requests carry the cookie. The origin check and the token,
which that page can neither send nor read, are what stop it.

A request that names neither ``Origin`` nor ``Referer`` is refused: every browser sends
``Origin`` with a POST (the Fetch standard), so only a stripped request or a non-browser client
lacks both, and the command line, not the web forms, is the way to write from a script.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

#: The cookie that holds a browser's session id.
SESSION_COOKIE = "actorgraph_session"
#: The hidden field of every form that holds its token.
TOKEN_FIELD = "csrf_token"
_SESSION = re.compile(r"^[A-Za-z0-9_-]{43}$")  # what secrets.token_urlsafe(32) makes


class WriteCheck:
    """The tokens of one server run (its secret is made here and kept in memory only), and the
    checks of a write request."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)

    def session(self, request: Request) -> tuple[str, bool]:
        """The browser's session id, and whether it is new (to be set as its cookie)."""
        given = request.cookies.get(SESSION_COOKIE, "")
        if _SESSION.match(given):
            return given, False
        return secrets.token_urlsafe(32), True

    def token(self, session: str) -> str:
        """The token the forms of *session* carry."""
        return hmac.new(self._secret, session.encode("ascii"), hashlib.sha256).hexdigest()

    @staticmethod
    def keep_session(response: Response, session: str) -> None:
        """Set the session cookie: sent back to this server only, never to a script."""
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/")

    def refusal(self, request: Request, token: str | None) -> str | None:
        """Why the write *request* (with the form's *token*) is refused, or None if it may write."""
        problem = same_origin_problem(request)
        if problem is not None:
            return problem
        session = request.cookies.get(SESSION_COOKIE, "")
        if not _SESSION.match(session):
            return "write refused: the request has no session of this workbench — reload the form and send it again"
        if not hmac.compare_digest(self.token(session).encode(), (token or "").encode("ascii", "replace")):
            return "write refused: the form's token is not this session's — reload the form and send it again"
        return None


def same_origin_problem(request: Request) -> str | None:
    """Why *request* is not from a page of this server (its ``Origin``, else its ``Referer``), or None."""
    host = request.headers.get("host")
    if not host:
        return "write refused: the request names no Host"
    own = f"{request.url.scheme}://{host}".lower()
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return "write refused: the request names neither its Origin nor its Referer"
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin.lower() != own:
        return f"write refused: the request comes from {origin[:100]!r}, not from this workbench ({own})"
    return None
