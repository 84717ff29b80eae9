"""Talking to a SPARQL server over HTTP: queries, updates and Graph Store Protocol requests.

One place for what every engine asks of a client, so that reading (``--store sparql:URL``), the
``sparql`` command and ``push`` all behave the same:

- the URL may carry a query string (``/sparql?default-graph-uri=...``, as Virtuoso users write
  it): a request adds its own parameters after those, never instead of them;
- queries go as an HTML form (``application/x-www-form-urlencoded``), which the SPARQL 1.1
  Protocol allows and every engine reads: Virtuoso 7.2 never answers a query POSTed directly as
  ``application/sparql-query`` (it waits for more of the body until the client gives up);
- a user name, with the password from the environment variable :data:`PASSWORD_VARIABLE` (never
  from a command line, where other users of the machine see it): HTTP Basic or Digest, as the
  server asks (Virtuoso's authenticated endpoints ask Digest);
- https with the system's certificates; a time limit on every request;
- every failure is a named error (:class:`actorgraph.errors.EndpointFailed` and its kinds) that
  says, in one line, which URL failed and how.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from actorgraph.errors import (
    EndpointAuthFailed,
    EndpointFailed,
    EndpointRefused,
    EndpointTimedOut,
    EndpointUnreachable,
)

#: The environment variable a server's password is read from.
PASSWORD_VARIABLE = "ACTORGRAPH_PASSWORD"
DEFAULT_TIMEOUT = 60.0

Params = Sequence[tuple[str, str]]


def with_params(url: str, params: Iterable[tuple[str, str]]) -> str:
    """*url* with *params* added to the query string it already has; a parameter given replaces
    the URL's own of that name (a request for one named graph reads that graph, not the URL's
    ``default-graph-uri``).

    >>> with_params("http://h/sparql?default-graph-uri=urn:g", [("query", "ASK {}")])
    'http://h/sparql?default-graph-uri=urn%3Ag&query=ASK+%7B%7D'
    >>> with_params("http://h/sparql?default-graph-uri=urn:g", [("default-graph-uri", "urn:h")])
    'http://h/sparql?default-graph-uri=urn%3Ah'
    >>> with_params("http://h/store", [("default", "")])
    'http://h/store?default'
    """
    parts = urlsplit(url)
    added = list(params)
    names = {name for name, _ in added}
    pairs = [*((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in names), *added]
    query = "&".join(key if value == "" and key == "default" else urlencode([(key, value)]) for key, value in pairs)
    return urlunsplit(parts._replace(query=query))


def url_params(url: str) -> list[tuple[str, str]]:
    """The parameters of *url*'s query string, in order."""
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


@dataclass(frozen=True)
class Reply:
    """A server's answer: its body, media type, and the software it names (``Server``)."""

    body: bytes
    media: str
    server: str


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL server's URL, with the user to log in as and the time limit of each request.

    The password is read from :data:`PASSWORD_VARIABLE` when a request is made, and never kept.
    """

    url: str
    user: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    def query(self, text: str, accept: str, params: Params = ()) -> tuple[bytes, str]:
        """Run the query *text*; returns the answer's body and media type. *params* add to the
        URL's own (``default-graph-uri``, ``named-graph-uri``)."""
        body = urlencode([("query", text)]).encode("utf-8")
        reply = self.request("POST", params, body, "application/x-www-form-urlencoded", accept)
        return reply.body, reply.media

    def update(self, text: str) -> None:
        """Run the SPARQL Update *text* (sent as a form, as queries are)."""
        body = urlencode([("update", text)]).encode("utf-8")
        self.request("POST", (), body, "application/x-www-form-urlencoded", "*/*")

    def request(
        self,
        method: str,
        params: Params = (),
        body: bytes | IO[bytes] | None = None,
        content_type: str | None = None,
        accept: str = "*/*",
        length: int | None = None,
    ) -> Reply:
        """One HTTP request to the URL with *params* added.

        A file-like *body* is streamed (give its *length*). Raises the kind of EndpointFailed
        that says what went wrong.
        """
        headers = {"Accept": accept}
        if content_type:
            headers["Content-Type"] = content_type
        if length is not None:
            headers["Content-Length"] = str(length)
        request = urllib.request.Request(with_params(self.url, params), data=body, method=method, headers=headers)
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                server = response.headers.get("Server", "")
                return Reply(response.read(), response.headers.get_content_type(), server)
        except urllib.error.HTTPError as error:
            raise self._refused(error) from None
        except (TimeoutError, urllib.error.URLError, OSError, ValueError) as error:
            raise self._unreachable(error) from None

    def _opener(self) -> urllib.request.OpenerDirector:
        if self.user is None:
            return urllib.request.build_opener()
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, self.url, self.user, os.environ.get(PASSWORD_VARIABLE, ""))
        return urllib.request.build_opener(
            urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)
        )

    def _refused(self, error: urllib.error.HTTPError) -> EndpointFailed:
        try:
            lines = error.read().decode("utf-8", "replace").strip().splitlines()
        except OSError:
            lines = []
        detail = lines[0].strip() if lines else str(error.reason)
        if error.code in (401, 403):
            return EndpointAuthFailed(self.url, error.code, detail, self.user, PASSWORD_VARIABLE)
        return EndpointRefused(self.url, error.code, detail)

    def _unreachable(self, error: BaseException) -> EndpointFailed:
        cause = getattr(error, "reason", error)
        if isinstance(cause, TimeoutError) or isinstance(error, TimeoutError):
            return EndpointTimedOut(self.url, self.timeout)
        return EndpointUnreachable(self.url, str(cause) or type(cause).__name__)
