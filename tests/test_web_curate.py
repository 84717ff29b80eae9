"""Curating in the browser: serve --write, the forms, the review queue, and what a write must bring.

In process (a TestClient addressing the server as http://127.0.0.1:8000): every refusal (read-only
server, token missing, wrong, of another session or server, no session, a foreign or missing
Origin) leaves the files as they were; each form writes through the library and redirects with a
confirmation; a library error comes back on the form with the input kept. In the browser: a
claim added through the form is in the files and the folder validates, a page of another origin
cannot write, and the review queue accepts and rejects proposals.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

import actorgraph
from actorgraph.cli import cli
from actorgraph.errors import ReadOnlyGraph
from actorgraph.proposals import NewSource
from actorgraph.web import make_workbench
from actorgraph.web.csrf import SESSION_COOKIE
from actorgraph.web.curate import NOTICES, READ_ONLY
from actorgraph.web.review import passage

ORIGIN = "http://127.0.0.1:8000"
SOURCE = "news-2024-10-01-iran-israel-hezbollah"
QUOTE = "the Iranian-backed Hamas in Gaza"
CLAIM = {"subject": "Iran", "relation": "backs", "object": "Hamas", "source": SOURCE, "quote": QUOTE,
         "reliability": "F", "credibility": "2"}  # fmt: skip
# A report whose proposals the real engine reads: an attack with its date, two claims of a new actor.
REPORT = (
    "Fighting spread across Lebanon this week. "
    "Israeli jets struck Hezbollah positions in the southern suburbs of Beirut on Saturday. "
    "Residents fled north.\n"
    "Iran's foreign minister Abbas Araghchi criticized the United States.\n"
)
WRITE_ROUTES = [
    "/claims/new",
    "/claims/iran-backs-hezbollah/edit",
    "/claims/iran-backs-hezbollah/retract",
    "/claims/iran-backs-hezbollah/dispute",
    "/claims/iran-backs-hezbollah/restore",
    "/actors/Iran/merge",
]


def graph_files(folder: Path) -> dict[Path, bytes]:
    """Every file of the graph (the lock file aside), as bytes."""
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".actorgraph.lock"}


def client_of(folder: Path, write: bool = True) -> TestClient:
    return TestClient(make_workbench(actorgraph.open(folder), write=write), base_url=ORIGIN)


def token_of(page: Any) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.text)
    assert found, page.text
    return found.group(1)


def error_of(page: Any) -> str:
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', page.text)
    assert found, page.text
    return html.unescape(found.group(1))


def send(client: TestClient, path: str, data: dict[str, str], origin: str | None = ORIGIN, **headers: str) -> Any:
    """*data* posted to *path* with the token of the form *path* shows (unless *data* has one)."""
    data = {"csrf_token": token_of(client.get(path)), **data}
    if origin is not None:
        headers["Origin"] = origin
    return client.post(path, data=data, headers=headers, follow_redirects=False)


@pytest.fixture
def client(graph_copy: Path) -> TestClient:
    return client_of(graph_copy)


# --- serve --write ---------------------------------------------------------------------------------


class _Stopped:
    """A server that stops at once, for the command's words."""

    url = ORIGIN

    def serve_forever(self) -> None:
        raise KeyboardInterrupt

    def server_close(self) -> None:
        pass


def test_serve_says_when_writing_is_on(runner, graph_copy, monkeypatch):
    monkeypatch.setattr("actorgraph.server.make_server", lambda app, host, port, quiet: _Stopped())
    result = runner.invoke(cli, ["--graph", str(graph_copy), "serve", "--write"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert re.fullmatch(r"Serving .*graph \(\d+ triples\), writing is on: the curation forms change its files\.", first)


def test_serve_write_refuses_the_read_only_seed_graph(runner):
    result = runner.invoke(cli, ["serve", "--write"])
    assert (result.exit_code, result.stderr) == (
        1, "Error: name the graph folder to change with --graph (or ACTORGRAPH_GRAPH); writes have no default\n"
    )  # fmt: skip
    with pytest.raises(ReadOnlyGraph):
        make_workbench(actorgraph.open(), write=True)


def test_sparql_stays_read_only_with_write_on(client, graph_copy):
    before = graph_files(graph_copy)
    token = token_of(client.get("/claims/new"))
    update = {"update": "INSERT DATA { actor:Iran ag:backs actor:France }", "csrf_token": token}
    assert client.post("/sparql", data=update, headers={"Origin": ORIGIN}).status_code == 403
    assert client.put("/sparql", headers={"Origin": ORIGIN}).status_code == 403
    assert (
        client.get("/sparql", params={"query": "ASK { actor:Iran ag:backs actor:France }"}).json()["boolean"] is False
    )
    assert graph_files(graph_copy) == before


# --- what a write must bring -------------------------------------------------------------------------


def test_a_form_sets_an_httponly_strict_session_cookie(client):
    cookie = client.get("/claims/new").headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "set-cookie" not in client.get("/claims/new").headers  # the session is kept, not renewed


def test_a_form_page_lets_its_forms_say_their_origin(client):
    # no-referrer (every other answer's policy) would make a form's Origin "null", refused
    assert client.get("/claims/new").headers["referrer-policy"] == "same-origin"
    assert client.get("/").headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (None, "write refused: the form's token is not this session's — reload the form and send it again"),
        ("0" * 64, "write refused: the form's token is not this session's — reload the form and send it again"),
        ("", "write refused: the form's token is not this session's — reload the form and send it again"),
    ],
)
def test_a_write_without_this_sessions_token_is_refused(client, graph_copy, token, message):
    client.get("/claims/new")
    before = graph_files(graph_copy)
    data = CLAIM if token is None else {**CLAIM, "csrf_token": token}
    answer = client.post("/claims/new", data=data, headers={"Origin": ORIGIN}, follow_redirects=False)
    assert (answer.status_code, error_of(answer)) == (403, message)
    assert graph_files(graph_copy) == before


def test_a_token_of_another_session_or_server_is_refused(client, graph_copy):
    other_session = TestClient(client.app, base_url=ORIGIN)  # the same server, another browser
    other_server = client_of(graph_copy)
    before = graph_files(graph_copy)
    for foreign in (other_session, other_server):
        token = token_of(foreign.get("/claims/new"))
        client.get("/claims/new")
        answer = client.post("/claims/new", data={**CLAIM, "csrf_token": token}, headers={"Origin": ORIGIN})
        assert answer.status_code == 403
        assert error_of(answer).startswith("write refused: the form's token is not this session's")
    assert graph_files(graph_copy) == before


def test_a_write_with_no_session_cookie_is_refused(client, graph_copy):
    token = token_of(client.get("/claims/new"))
    client.cookies.clear()
    answer = client.post("/claims/new", data={**CLAIM, "csrf_token": token}, headers={"Origin": ORIGIN})
    assert answer.status_code == 403
    assert error_of(answer) == (
        "write refused: the request has no session of this workbench — reload the form and send it again"
    )


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"Origin": "http://attacker.example"},
         "the request comes from 'http://attacker.example', not from this workbench (http://127.0.0.1:8000)"),
        ({"Origin": "http://127.0.0.1:9000"},
         "the request comes from 'http://127.0.0.1:9000', not from this workbench (http://127.0.0.1:8000)"),
        ({"Origin": "http://localhost:8000"},
         "the request comes from 'http://localhost:8000', not from this workbench (http://127.0.0.1:8000)"),
        ({"Origin": "null"}, "the request comes from 'null', not from this workbench (http://127.0.0.1:8000)"),
        ({"Referer": "http://attacker.example/page"},
         "the request comes from 'http://attacker.example', not from this workbench (http://127.0.0.1:8000)"),
        ({}, "the request names neither its Origin nor its Referer"),
    ],
)  # fmt: skip
def test_a_write_from_another_origin_is_refused_even_with_the_token(client, graph_copy, headers, message):
    before = graph_files(graph_copy)
    answer = send(client, "/claims/new", CLAIM, origin=None, **headers)
    assert (answer.status_code, error_of(answer)) == (403, f"write refused: {message}")
    assert graph_files(graph_copy) == before


def test_a_same_origin_referer_stands_for_a_missing_origin(client, graph_copy):
    answer = send(client, "/claims/new", CLAIM, origin=None, Referer=f"{ORIGIN}/claims/new")
    assert answer.status_code == 303
    assert QUOTE in (graph_copy / "claims.ttl").read_text(encoding="utf-8")


def test_a_foreign_host_is_refused_before_any_form(client):
    assert client.get("/claims/new", headers={"Host": "attacker.example"}).status_code == 421


def test_a_form_body_that_is_not_a_plain_form_is_refused(client, graph_copy):
    before = graph_files(graph_copy)
    token = token_of(client.get("/claims/new"))
    answer = client.post("/claims/new", files={"csrf_token": (None, token)}, headers={"Origin": ORIGIN})
    assert answer.status_code == 415
    huge = client.post("/claims/new", content=b"a" * (1 << 20 | 1),
                       headers={"Origin": ORIGIN, "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert huge.status_code == 413
    assert graph_files(graph_copy) == before


def test_get_never_writes(client, graph_copy):
    before = graph_files(graph_copy)
    for path in WRITE_ROUTES:
        assert client.get(path, params={**CLAIM, "reason": "a test"}).status_code == 200, path
    assert client.get("/review").status_code == 200
    assert graph_files(graph_copy) == before


def test_a_link_may_fill_a_form_in(client):
    page = client.get("/claims/new", params={"subject": "Hezbollah", "source": SOURCE, "csrf_token": "x"})
    assert 'name="subject" value="Hezbollah"' in page.text
    assert f'<option value="{SOURCE}" selected>' in page.text
    assert token_of(page) != "x"


@pytest.mark.parametrize("path", [*WRITE_ROUTES, "/review/p-00000000/accept", "/review/p-00000000/reject"])
def test_a_read_only_workbench_refuses_every_write_route(graph_copy, path):
    client = client_of(graph_copy, write=False)
    before = graph_files(graph_copy)
    answer = client.post(path, data=CLAIM, headers={"Origin": ORIGIN})
    assert (answer.status_code, error_of(answer)) == (403, READ_ONLY)
    if not path.startswith("/review/"):
        assert client.get(path).status_code == 403
    assert "set-cookie" not in answer.headers
    assert graph_files(graph_copy) == before


# --- the forms ----------------------------------------------------------------------------------------


def test_a_claim_added_through_the_form_is_in_the_files(client, graph_copy, runner):
    answer = send(client, "/claims/new", CLAIM)
    assert (answer.status_code, answer.headers["location"]) == (303, "/claims/iran-backs-hamas-2?done=added")
    claim = actorgraph.open(graph_copy).history("iran-backs-hamas-2").current
    assert (claim.subject, claim.relation, claim.object, claim.quote, claim.confidence) == (
        "Iran", "backs", "Hamas", QUOTE, "F2"
    )  # fmt: skip
    assert runner.invoke(cli, ["--graph", str(graph_copy), "validate"]).exit_code == 0


def test_the_page_after_a_write_says_what_was_done_from_a_code_only(client):
    assert f'<p class="notice" role="status">{NOTICES["added"]}</p>' in client.get("/?done=added").text
    assert 'class="notice"' not in client.get("/?done=Your+graph+was+deleted").text


def test_a_library_error_is_shown_above_the_form_with_the_input_kept(client, graph_copy):
    before = graph_files(graph_copy)
    answer = send(client, "/claims/new", {**CLAIM, "quote": "Iran backs Hamas <b>openly</b>"})
    assert answer.status_code == 400
    assert error_of(answer) == (
        f"quote not verbatim in source:{SOURCE}: 'Iran backs Hamas <b>openly</b>' "
        "— the closest passage is 'Iranian-backed Hamas in'"
    )
    assert "&lt;b&gt;openly&lt;/b&gt;&#39; — the closest" in answer.text  # escaped, as every value shown
    assert ">Iran backs Hamas &lt;b&gt;openly&lt;/b&gt;</textarea>" in answer.text
    assert 'name="subject" value="Iran"' in answer.text
    assert '<option value="backs" selected>' in answer.text
    assert graph_files(graph_copy) == before


def test_an_actor_the_graph_lacks_is_created_with_the_class_chosen(client, graph_copy):
    new = {**CLAIM, "object": "Hamas fighters"}
    missing = send(client, "/claims/new", new)
    assert error_of(missing) == (
        "unknown actor 'Hamas fighters' — did you mean 'Palestinian fighters'? To create it, choose its class "
        "under “If new, its class” in the form (classes: ArmedGroup, GovernmentBody, Organization, Person, State)"
    )
    answer = send(client, "/claims/new", {**new, "object_type": "ArmedGroup", "quote": "Hamas"})
    assert answer.status_code == 303
    assert actorgraph.open(graph_copy).show("Hamas fighters").actor.type == "ArmedGroup"


def test_edit_makes_a_new_version_of_what_was_changed(client, graph_copy):
    form = client.get("/claims/iran-backs-hezbollah/edit")
    assert '<p class="about">Iran —backs→ Hezbollah [iran-backs-hezbollah]</p>' in form.text
    assert f'<option value="{SOURCE}" selected>' in form.text
    # What the form shows first and is sent back unchanged is no change.
    shown = {"source": SOURCE, "credibility": "2", "reliability": "F"}
    answer = send(client, "/claims/iran-backs-hezbollah/edit", {**shown, "date": "2024-09", "reason": "a test edit"})
    assert (answer.status_code, answer.headers["location"]) == (303, "/claims/iran-backs-hezbollah-2?done=edited")
    versions = actorgraph.open(graph_copy).history("iran-backs-hezbollah").versions
    assert [v.changes for v in versions[1:]] == [(("date", None, "2024-09"),)]


def test_retract_restore_and_dispute(client, graph_copy):
    claim = "/claims/israel-raids-into-lebanon"
    retracted = send(client, f"{claim}/retract", {"reason": "a test retraction"})
    assert (retracted.status_code, retracted.headers["location"]) == (303, f"{claim}?done=retracted")
    assert actorgraph.open(graph_copy).history("israel-raids-into-lebanon").current.deprecated
    assert "retracted: a test retraction" in client.get(f"{claim}/restore").text
    restored = send(client, f"{claim}/restore", {})
    assert (restored.status_code, restored.headers["location"]) == (303, f"{claim}?done=restored")
    quote = "Hezbollah has denied that Israel launched any incursion into Lebanon"
    disputed = send(client, f"{claim}/dispute", {"source": SOURCE, "quote": quote})  # the seed has it by Hezbollah
    assert (disputed.status_code, disputed.headers["location"]) == (303, f"{claim}?done=disputed")
    current = actorgraph.open(graph_copy).history("israel-raids-into-lebanon").current
    assert (current.deprecated, current.status) == (False, "disputed")


def test_retract_needs_a_reason_said_on_the_form(client):
    answer = send(client, "/claims/iran-backs-hezbollah/retract", {"reason": ""})
    assert answer.status_code == 400 and "reason" in error_of(answer)


def test_merge_another_actor_into_this_one(client, graph_copy):
    path = "/actors/Israel_Defense_Forces/merge"
    answer = send(client, path, {"merged": "Israeli authorities", "reason": "the same body, named twice"})
    assert (answer.status_code, answer.headers["location"]) == (303, "/actors/Israel_Defense_Forces?done=merged")
    [merge] = actorgraph.open(graph_copy).merges()
    assert (merge.reason, str(merge.merged).rsplit("/", 1)[1]) == ("the same body, named twice", "Israeli_authorities")
    again = send(client, path, {"merged": "Israel Defense Forces", "reason": "itself"})
    assert again.status_code == 400


def test_an_unknown_claim_or_actor_is_404_with_the_library_message(client):
    answer = client.get("/claims/iran-backs-hezbolah/edit")
    assert answer.status_code == 404
    assert error_of(answer).startswith("unknown claim 'iran-backs-hezbolah' — did you mean")
    assert client.get("/actors/Nobody_At_All/merge").status_code == 404


# --- the review queue ------------------------------------------------------------------------------


@pytest.fixture
def proposed(graph_copy: Path) -> Path:
    """The seed graph with the proposals the real engine reads in REPORT."""
    report = graph_copy.parent / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    actorgraph.open(graph_copy).propose(report, new_source=NewSource("Strikes on Beirut", "2024-10-07"))
    return graph_copy


def _attack(folder: Path) -> Any:
    [attack] = [p for p in actorgraph.open(folder).proposals() if p.relation == "attacked"]
    return attack


def test_the_quote_is_marked_in_the_sentences_around_it(proposed):
    attack = _attack(proposed)
    shown = passage(REPORT, attack)
    assert shown.before == "Fighting spread across Lebanon this week. "
    assert shown.quote == (
        ("Israeli", "subject"), (" jets ", ""), ("struck", "trigger"), (" ", ""), ("Hezbollah", "object"),
        (" positions in the southern suburbs of Beirut on ", ""), ("Saturday", "date"), (".", ""),
    )  # fmt: skip
    assert shown.after == " Residents fled north."
    assert passage(None, attack).before == "" and passage(None, attack).quote == shown.quote


def test_the_review_queue_lists_read_only(proposed):
    client = client_of(proposed, write=False)
    page = client.get("/review")
    assert page.status_code == 200
    assert "3 proposals to review; this workbench is read-only" in page.text
    assert '<mark class="trigger">struck</mark>' in page.text
    assert (
        "Israel —attacked→ Hezbollah" in page.text
        and "Abbas Araghchi (new Person) —criticizes→ United States" in page.text
    )
    assert "<form" not in page.text.split("</header>")[1] and "set-cookie" not in page.headers


def test_accept_with_an_edit_and_reject_through_the_queue(proposed):
    client = client_of(proposed)
    attack = _attack(proposed)
    token = token_of(client.get("/review"))
    values = {"csrf_token": token, "subject": "Israel", "relation": "attacked", "object": "Hezbollah",
              "date": "2024-10-05", "reliability": "F", "credibility": "3", "comment": ""}  # fmt: skip
    answer = client.post(f"/review/{attack.id}/accept", data=values, headers={"Origin": ORIGIN}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].endswith("?done=accepted")
    claim_id = answer.headers["location"].split("/claims/")[1].split("?")[0]
    claim = actorgraph.open(proposed).history(claim_id).current
    assert (claim.relation, str(claim.date), claim.confidence, claim.status) == (
        "attacked",
        "2024-10-05",
        "F3",
        "verified",
    )
    rest = [p.id for p in actorgraph.open(proposed).proposals()]
    rejected = client.post(f"/review/{rest[0]}/reject", data={"csrf_token": token, "reason": "a test rejection"},
                           headers={"Origin": ORIGIN}, follow_redirects=False)  # fmt: skip
    assert (rejected.status_code, rejected.headers["location"]) == (303, "/review?done=rejected")
    decided = {p.id: p.state for p in actorgraph.open(proposed).proposals(include_decided=True)}
    assert (decided[attack.id], decided[rest[0]], decided[rest[1]]) == ("accepted", "rejected", "open")


def test_a_refused_acceptance_is_shown_above_its_proposal(proposed):
    client = client_of(proposed)
    attack = _attack(proposed)
    before = graph_files(proposed)
    token = token_of(client.get("/review"))
    data = {"csrf_token": token, "relation": "leads", "date": "2024-10-05"}
    answer = client.post(f"/review/{attack.id}/accept", data=data, headers={"Origin": ORIGIN})
    assert answer.status_code == 400
    assert error_of(answer) == "'leads' takes a Person as subject; Israel is a State"
    assert '<option value="leads" selected>' in answer.text.split(f'id="{attack.id}"')[1]
    assert graph_files(proposed) == before


def test_a_decision_on_an_unknown_proposal_is_said_above_the_list(proposed):
    client = client_of(proposed)
    token = token_of(client.get("/review"))
    answer = client.post(
        "/review/p-nothing/reject", data={"csrf_token": token, "reason": "gone"}, headers={"Origin": ORIGIN}
    )
    assert answer.status_code == 400
    assert error_of(answer).startswith("unknown proposal 'p-nothing'")


# --- in the browser ---------------------------------------------------------------------------------


def test_a_claim_added_in_the_browser_is_in_the_files_and_validates(serve_workbench, web_visit, graph_copy, runner):
    base = serve_workbench(graph_copy, write=True)
    visit = web_visit(base, "/claims/new")
    visit.assert_clean()
    page = visit.page
    page.fill("#f-subject", "Iran")
    page.select_option("#f-relation", "backs")
    page.fill("#f-object", "Hamas")
    page.select_option("#f-source", SOURCE)
    page.fill("#f-quote", QUOTE)
    page.select_option("#f-credibility", "2")
    with page.expect_response(f"{base}/claims/new") as posted:
        page.click("form.curate button[type=submit]")
    assert posted.value.status == 303
    assert posted.value.headers["location"] == "/claims/iran-backs-hamas-2?done=added"
    assert QUOTE in (graph_copy / "claims.ttl").read_text(encoding="utf-8")
    assert runner.invoke(cli, ["--graph", str(graph_copy), "validate"]).exit_code == 0


def test_an_actor_input_offers_the_names_complete_gives(serve_workbench, web_visit, graph_copy):
    base = serve_workbench(graph_copy, write=True)
    visit = web_visit(base, "/claims/new")
    asked = []

    def complete(route: Any) -> None:  # /complete as web/explore.py answers it
        asked.append(route.request.url)
        actors = [{"label": "Hezbollah", "name": "Hizballah", "type": "ArmedGroup", "url": "/actors/Hezbollah"}]
        route.fulfill(json={"query": "hiz", "actors": actors})

    visit.page.route(f"{base}/complete?*", complete)
    visit.page.fill("#f-object", "hiz")
    option = visit.page.locator("#f-object-names option")
    option.wait_for(state="attached")
    assert (option.get_attribute("value"), asked) == ("Hezbollah", [f"{base}/complete?q=hiz"])
    visit.assert_clean()


class _Hostile(BaseHTTPRequestHandler):
    """A page of another origin that writes to the workbench as soon as it opens: a fetch POST
    with the browser's cookies, then a form it submits."""

    page = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hostile_site() -> Iterator[Any]:
    """``hostile_site(target)``: the URL of a page on another port of 127.0.0.1 that posts a claim
    to *target* (another origin, the same site: the browser sends SameSite=Strict cookies)."""
    servers = []

    def serve(target: str) -> str:
        fields = "".join(f'<input name="{k}" value="{v}">' for k, v in {**CLAIM, "csrf_token": "0" * 64}.items())
        body = "&".join(f"{k}={v}" for k, v in CLAIM.items()).replace(" ", "+")
        page = (f'<form id="f" method="post" action="{target}">{fields}</form><script>'
                f'fetch("{target}", {{method: "POST", mode: "no-cors", credentials: "include", '
                f'headers: {{"Content-Type": "application/x-www-form-urlencoded"}}, body: "{body}"}})'
                '.finally(() => document.getElementById("f").submit());</script>')  # fmt: skip
        handler = type("Hostile", (_Hostile,), {"page": page.encode()})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_forged_cross_origin_write_is_refused(serve_workbench, browser, hostile_site, graph_copy):
    base = serve_workbench(graph_copy, write=True)
    hostile = hostile_site(f"{base}/claims/new")
    before = graph_files(graph_copy)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base}/claims/new")  # the browser has a session of the workbench now
        assert any(c["name"] == SESSION_COOKIE for c in context.cookies(base))
        answers = []
        page.on(
            "response",
            lambda r: answers.append((r.request.method, r.url, r.status)) if r.url.startswith(base) else None,
        )
        with page.expect_navigation(url=f"{base}/claims/new"):
            page.goto(hostile)
        page.wait_for_load_state()
        assert page.locator("p.error").inner_text() == (
            f"write refused: the request comes from '{hostile.rstrip('/')}', not from this workbench ({base})"
        )
    finally:
        context.close()
    assert [(m, s) for m, u, s in answers if u == f"{base}/claims/new"] == [("POST", 403), ("POST", 403)]
    assert graph_files(graph_copy) == before


def test_accept_and_reject_in_the_browser(serve_workbench, web_visit, proposed):
    base = serve_workbench(proposed, write=True)
    attack = _attack(proposed)
    visit = web_visit(base, "/review")
    visit.assert_clean()
    page = visit.page
    assert page.locator(f"#{attack.id} blockquote.passage mark.trigger").inner_text() == "struck"
    page.fill(f"#{attack.id}-date", "2024-10-05")
    with page.expect_response(f"{base}/review/{attack.id}/accept") as accepted:
        page.click(f"#{attack.id} form.accept button")
    assert accepted.value.status == 303
    other = next(p for p in actorgraph.open(proposed).proposals())
    visit = web_visit(base, "/review")
    visit.page.fill(f"#{other.id}-reason", "not what the report says")
    with visit.page.expect_response(f"{base}/review/{other.id}/reject") as rejected:
        visit.page.click(f"#{other.id} form.reject button")
    assert (rejected.value.status, rejected.value.headers["location"]) == (303, "/review?done=rejected")
    assert visit.page.locator("p.notice").inner_text() == NOTICES["rejected"]
    decided = {p.id: (p.state, p.rejection_reason) for p in actorgraph.open(proposed).proposals(include_decided=True)}
    assert decided[attack.id][0] == "accepted" and decided[other.id] == ("rejected", "not what the report says")
    visit.assert_clean()
