"""The named queries of ontology/queries: their headers, their shape, and each one's answer on
the seed graph."""

from __future__ import annotations

import re

import pytest
from conftest import REPO
from rdflib import RDF, RDFS

from actorgraph import store
from actorgraph.namespace import ACTOR, AG
from actorgraph.queries import PARAMETER_TYPES, get_query, list_queries, mask
from actorgraph.sparql import prepare, run_named_query
from actorgraph.sparql_syntax import parts

CLAIM = "https://w3id.org/actorgraph/claim/"
NAMES = [path.stem for path in sorted((REPO / "ontology" / "queries").glob("*.rq"))]


def answer(seed, name, params=None, columns=None):
    """The rows of a named query as tuples of strings, claims by their local name."""
    result = run_named_query(seed, name, params or {})
    wanted = columns or result.vars
    index = [result.vars.index(column) for column in wanted]
    return [tuple(None if row[i] is None else row[i].removeprefix(CLAIM) for i in index) for row in result.values()]


# --- the catalogue -----------------------------------------------------------------------------


def test_at_least_ten_named_queries_each_with_title_and_description():
    queries = list_queries()
    assert [q.name for q in queries] == NAMES
    assert len(queries) >= 10
    for query in queries:
        assert query.header.title, query.name
        assert len(query.description) > 40, query.name
        assert query.text.startswith("# title: "), query.name
        for parameter in query.parameters:
            assert parameter.type in PARAMETER_TYPES and parameter.description, (query.name, parameter.name)


@pytest.mark.parametrize("name", NAMES)
def test_each_named_query_parses_and_its_parameters_are_variables_of_it(name):
    query = get_query(name)
    prepare(query.text)
    body = mask(query.text)  # comments and strings blanked out
    for parameter in query.parameters:
        assert re.search(rf"[?$]{parameter.name}\b", body), f"{name}: ?{parameter.name} is not used"


@pytest.mark.parametrize("name", NAMES)
def test_each_named_query_joins_lazily(name):
    """rdflib evaluates a Join whose sides contain another Join by materialising both sides
    (a cross product of everything the right side matches on its own). Named queries keep
    every UNION branch a basic graph pattern, so each join pushes its bindings down."""
    algebra = prepare(get_query(name).text).query.algebra
    eager = [part for part in parts(algebra) if part.name == "Join" and not part.get("lazy")]
    assert eager == [], f"{name} has a join rdflib cannot evaluate lazily"
    # rdflib keeps (NOT) EXISTS patterns untranslated and joins their groups eagerly: a nested
    # group there took `unsourced-actors` from 2 s to over 30 s at 4,100 claims.
    for part in parts(algebra):
        if part.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            blocks = dict.get(part["graph"], "part") or []
            assert [block.name for block in blocks] == ["TriplesBlock"], f"{name}: keep EXISTS to one triple block"


@pytest.mark.parametrize("name", NAMES)
def test_no_union_is_joined_with_more_patterns(name):
    """Oxigraph plans `{ A } UNION { B } ?x ?p ?y` badly: it evaluates the patterns after the
    union on their own (labels × labels) and joins later; 37 s instead of 1 s for `leaders` at
    4,100 claims. So every UNION branch carries its whole basic graph pattern; only OPTIONAL,
    BIND and FILTER follow the union."""

    def has_patterns(node):
        return any(part.name == "BGP" and part.get("triples") for part in parts(node))

    for part in parts(prepare(get_query(name).text).query.algebra):
        if part.name == "Join":
            for one, other in ((part["p1"], part["p2"]), (part["p2"], part["p1"])):
                assert not (one.name == "Union" and other.name != "Union" and has_patterns(other)), name


def test_every_named_query_has_an_expected_answer_below():
    tested = {name for name, _params, _expected in EXPECTED} | {"claims-from-source", "network", "leaders"}
    assert tested == set(NAMES)


# --- expected answers on the seed graph --------------------------------------------------------

PALESTINIAN_FIGHTERS = (
    "Palestinian fighters",
    "made an incursion into",
    "event",
    "2023-10-07",
    "palestinian-fighters-invaded-israel",
)
EXPECTED = [
    ("who-backs-whom", {}, [
        ("Iran", "backs", "Hamas", "F2", "iran-backs-hamas"),
        ("Iran", "backs", "Hezbollah", "F2", "iran-backs-hezbollah"),
        ("Iran", "has as proxy", "Hezbollah", "F2", "iran-has-proxy-hezbollah"),
    ]),
    ("who-backs-whom", {"of": "Hamas"}, [("Iran", "backs", "Hamas", "F2", "iran-backs-hamas")]),
    ("who-backs-whom", {"by": "Israel"}, []),
    ("proxies", {}, [("Iran", "Hezbollah", "F2", "iran-has-proxy-hezbollah")]),
    ("proxies", {"of": "Iran"}, [("Iran", "Hezbollah", "F2", "iran-has-proxy-hezbollah")]),
    ("proxies", {"of": "Hezbollah"}, []),
    ("attacks", {}, [
        ("2023-10-07", "Palestinian fighters", "made an incursion into", "Israel", None, "F2",
         "palestinian-fighters-invaded-israel"),
        ("2024-04", "Iran", "attacked", "Israel", None, "F2", "iran-attacked-israel-2024-04"),
        ("2024-10-01", "Israel Defense Forces", "attacked", "Hezbollah", "Daniel Hagari", "F3",
         "idf-dismantled-hezbollah-assets"),
        (None, "Israel", "killed", "Hassan Nasrallah", None, "F2", "israel-killed-nasrallah"),
        (None, "Israel", "attacked", "Hezbollah", None, "F2", "israel-detonated-hezbollah-pagers"),
        (None, "Israel", "attacked", "Hezbollah", None, "F2", "israel-raids-against-hezbollah"),
        (None, "Israel", "made an incursion into", "Lebanon", None, "F2", "israel-moving-into-lebanon"),
        (None, "Israel", "made an incursion into", "Lebanon", None, "F2", "israel-raids-into-lebanon"),
    ]),
    ("attacks", {"by": "Israel", "on": "Hezbollah"}, [
        (None, "Israel", "attacked", "Hezbollah", None, "F2", "israel-detonated-hezbollah-pagers"),
        (None, "Israel", "attacked", "Hezbollah", None, "F2", "israel-raids-against-hezbollah"),
    ]),
    ("attacks", {"on": "nasrallah"}, [
        (None, "Israel", "killed", "Hassan Nasrallah", None, "F2", "israel-killed-nasrallah"),
    ]),
    ("hostile-to", {"actor": "Israel"}, [
        ("Ali Khamenei", "threatens", "2024-09-28", "F2", "khamenei-threatens-israel"),
        ("Hamas", "at war with", None, "F2", "israel-at-war-with-hamas"),
        ("Hezbollah", "at war with", None, "F2", "israel-at-war-with-hezbollah"),
        ("Hezbollah", "denies a claim of", None, "F2", "hezbollah-denies-israeli-incursion"),
        ("Hezbollah", "prepares an attack on", None, "F3", "hezbollah-prepares-invasion-of-israel"),
        ("Iran", "attacked", "2024-04", "F2", "iran-attacked-israel-2024-04"),
        ("Iran", "prepares an attack on", "2024-10-01", "F3", "iran-prepares-attack-on-israel"),
        ("Naim Qassem", "threatens", "2024-09-30", "F2", "qassem-threatens-israel"),
        ("Palestinian fighters", "made an incursion into", "2023-10-07", "F2", "palestinian-fighters-invaded-israel"),
    ]),
    ("hostile-to", {"actor": "United States"}, [
        ("Benjamin Netanyahu", "rejects a proposal of", None, "F2", "netanyahu-rejects-us-proposal"),
        ("Israel", "resists pressure from", None, "F2", "israel-resists-us-pressure"),
    ]),
    ("hostile-to-both", {"a": "United States", "b": "France"}, [
        ("Benjamin Netanyahu", "rejects a proposal of", "rejects a proposal of", "2"),
    ]),
    ("hostile-to-both", {"a": "Iran", "b": "Hamas"}, []),
    ("shared-backers", {"actor": "Hamas", "other": "Israel"}, []),
    ("in-force-on", {"date": "2024-09-01"}, [
        PALESTINIAN_FIGHTERS,
        ("Iran", "attacked", "event", "2024-04", "iran-attacked-israel-2024-04"),
        ("United States", "defends", "event", "2024-04", "us-defends-israel-2024-04"),
        ("Israeli authorities", "arrested", "event", "2024-09", "israeli-authorities-arrested-plot-suspect"),
        ("United States", "cooperates with", "event", "2024-09", "us-cooperates-with-france-ceasefire-proposal"),
    ]),
    ("in-force-on", {"date": "2024-07-15"}, [
        PALESTINIAN_FIGHTERS,
        ("Iran", "attacked", "event", "2024-04", "iran-attacked-israel-2024-04"),
        ("United States", "defends", "event", "2024-04", "us-defends-israel-2024-04"),
        ("Ismail Haniyeh", "leads", "state", "… – 2024-07", "haniyeh-leads-hamas"),
    ]),
    ("in-force-on", {"date": "2024-08-01"}, [
        PALESTINIAN_FIGHTERS,
        ("Iran", "attacked", "event", "2024-04", "iran-attacked-israel-2024-04"),
        ("United States", "defends", "event", "2024-04", "us-defends-israel-2024-04"),
    ]),
    ("in-force-on", {"date": "2023"}, [
        PALESTINIAN_FIGHTERS,
        ("Ismail Haniyeh", "leads", "state", "… – 2024-07", "haniyeh-leads-hamas"),
    ]),
    ("in-force-on", {"date": "2023-10-06"}, [
        ("Ismail Haniyeh", "leads", "state", "… – 2024-07", "haniyeh-leads-hamas"),
    ]),
    ("low-confidence", {}, [
        ("Hezbollah", "prepares an attack on", "Israel", "F3", "Daniel Hagari",
         "hezbollah-prepares-invasion-of-israel"),
        ("Iran", "prepares an attack on", "Israel", "F3", "a senior White House official",
         "iran-prepares-attack-on-israel"),
        ("Israel Defense Forces", "attacked", "Hezbollah", "F3", "Daniel Hagari", "idf-dismantled-hezbollah-assets"),
        ("Unnamed suspect in a plot against Netanyahu", "plots against", "Benjamin Netanyahu", "F3",
         "Israeli authorities", "plot-suspect-plots-against-netanyahu"),
    ]),
    ("low-confidence", {"credibility": "4"}, []),
    ("unsourced-actors", {}, [
        ("Biden administration", "government body", "in no claim", str(ACTOR.Biden_administration)),
        ("Pentagon", "government body", "in no claim", str(ACTOR.Pentagon)),
    ]),
    ("unbacked-relations", {}, []),
    ("attributed-claims", {}, [
        ("Daniel Hagari", "Hezbollah", "prepares an attack on", "Israel", None,
         "hezbollah-prepares-invasion-of-israel"),
        ("Daniel Hagari", "Israel Defense Forces", "attacked", "Hezbollah", "2024-10-01",
         "idf-dismantled-hezbollah-assets"),
        ("Israeli authorities", "Unnamed suspect in a plot against Netanyahu", "plots against", "Benjamin Netanyahu",
         None, "plot-suspect-plots-against-netanyahu"),
        ("a senior White House official", "Iran", "prepares an attack on", "Israel", "2024-10-01",
         "iran-prepares-attack-on-israel"),
        ("a senior White House official", "United States", "defends", "Israel", "2024-10-01",
         "us-defends-israel-2024-10"),
        ("a senior White House official", "United States", "threatens", "Iran", "2024-10-01", "us-threatens-iran"),
    ]),
]  # fmt: skip

COLUMNS = {
    "who-backs-whom": ["backer", "relation", "backed", "confidence", "claim"],
    "proxies": ["sponsor", "proxy", "confidence", "claim"],
    "attacks": ["date", "attacker", "relation", "target", "attributed_to", "confidence", "claim"],
    "hostile-to": ["hostile_actor", "relation", "date", "confidence", "claim"],
    "hostile-to-both": None,
    "shared-backers": None,
    "in-force-on": ["subject", "relation", "kind", "when", "claim"],
    "low-confidence": ["subject", "relation", "object", "confidence", "attributed_to", "claim"],
    "unsourced-actors": None,
    "unbacked-relations": None,
    "attributed-claims": ["speaker", "subject", "relation", "object", "date", "claim"],
}


@pytest.mark.parametrize(
    "name,params,expected",
    EXPECTED,
    ids=[f"{name}{'-' if params else ''}{'-'.join(params.values())}" for name, params, _ in EXPECTED],
)
def test_named_query_answer(seed, name, params, expected):
    assert answer(seed, name, params, COLUMNS[name]) == expected


def test_who_backs_whom_gives_the_quote(seed):
    result = run_named_query(seed, "who-backs-whom", {"of": "Hamas"})
    assert result.records()[0]["quote"] == (
        "Netanyahu, who instead promised to carry on against Hezbollah and the Iranian-backed Hamas in Gaza"
    )


def test_leaders_with_dates_and_killers(seed):
    assert answer(seed, "leaders", {}, ["organisation", "leader", "role", "since", "until", "killed_by", "claim"]) == [
        ("Hamas", "Ismail Haniyeh", "leader", None, "2024-07", None, "haniyeh-leads-hamas"),
        ("Hamas", "Yahya Sinwar", "leader", None, None, None, "sinwar-leads-hamas"),
        ("Hezbollah", "Naim Qassem", "deputy leader", None, None, None, "qassem-deputy-leader-of-hezbollah"),
        ("Hezbollah", "Hassan Nasrallah", "leader", None, None, "Israel", "nasrallah-leads-hezbollah"),
        ("Iran", "Ali Khamenei", "leader", None, None, None, "khamenei-leads-iran"),
        ("Israel", "Benjamin Netanyahu", "leader", None, None, None, "netanyahu-leads-israel"),
    ]
    assert [row[1] for row in answer(seed, "leaders", {"of": "Hamas"})] == ["Ismail Haniyeh", "Yahya Sinwar"]


def test_hostile_to_both_lists_relations_toward_each(seed):
    rows = answer(seed, "hostile-to-both", {"a": "Hezbollah", "b": "Hamas"})
    as_sets = [(actor, set(a.split(", ")), set(b.split(", ")), n) for actor, a, b, n in rows]
    assert as_sets == [
        ("Benjamin Netanyahu", {"threatens"}, {"threatens"}, "2"),
        ("Israel", {"attacked", "at war with"}, {"at war with"}, "4"),
    ]


def test_shared_backers(seed):
    rows = answer(seed, "shared-backers", {"actor": "Hezbollah"})
    assert [(b, other, set(r1.split(", ")), r2, n) for b, other, r1, r2, n in rows] == [
        ("Iran", "Hamas", {"backs", "has as proxy"}, "backs", "3")
    ]
    assert answer(seed, "shared-backers", {"actor": "Hamas", "other": "Hezbollah"}, ["backer", "also_backs"]) == [
        ("Iran", "Hezbollah")
    ]


def test_claims_from_source_lists_every_claim_of_the_report(seed):
    rows = answer(seed, "claims-from-source", {"source": "news-2024-10-01-iran-israel-hezbollah"})
    claims = {str(c).removeprefix(CLAIM) for c in seed.subjects(RDF.type, AG.Claim)}
    assert len(rows) == 41 and {row[5] for row in rows} == claims
    assert rows[0] == ("Ali Khamenei", "leads", "Iran", "", "F2", "khamenei-leads-iran",
                       "Iran’s Supreme Leader Seyyed Ali Hosseini Khamenei")  # fmt: skip
    haniyeh = next(row for row in rows if row[5] == "haniyeh-leads-hamas")
    assert haniyeh[3] == "… – 2024-07"
    assert answer(seed, "claims-from-source", {"source": "Iran, Israel, Hezbollah"}) == rows


def test_network_of_an_actor(seed):
    result = run_named_query(seed, "network", {"actor": "Nasrallah"})
    assert result.kind == "CONSTRUCT"
    assert set(result.graph) == {
        (ACTOR.Israel, AG.killed, ACTOR.Hassan_Nasrallah),
        (ACTOR.Hassan_Nasrallah, AG.leads, ACTOR.Hezbollah),
        *((actor, RDFS.label, seed.value(actor, RDFS.label)) for actor in
          (ACTOR.Israel, ACTOR.Hassan_Nasrallah, ACTOR.Hezbollah)),
        (ACTOR.Israel, RDF.type, AG.State),
        (ACTOR.Hassan_Nasrallah, RDF.type, AG.Person),
        (ACTOR.Hezbollah, RDF.type, AG.ArmedGroup),
    }  # fmt: skip
    everything = run_named_query(seed, "network")
    edges = {(s, p, o) for s, p, o in everything.graph if p not in (RDF.type, RDFS.label)}
    asserted = {(s, p, o) for s, p, o in seed.triples((None, None, None)) if (p, RDF.type, AG.ActorRelation) in seed}
    assert edges == asserted and len(edges) == 38  # 41 claims, three pairs of them back the same edge


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    import shutil

    from actorgraph import resources

    folder = tmp_path_factory.mktemp("oxigraph") / "graph"
    shutil.copytree(resources.bundled_graph_dir(), folder)
    return store.open_graph(folder, f"oxigraph:{folder / '.store'}")


def test_named_queries_agree_on_an_oxigraph_store(seed, oxigraph):
    """Oxigraph's own SPARQL engine gives the answers rdflib gives."""
    assert store.is_read_only(oxigraph)  # so its queries go to Oxigraph, not rdflib
    for name, params, _expected in EXPECTED:
        assert answer(oxigraph, name, params, COLUMNS[name]) == answer(seed, name, params, COLUMNS[name]), name
    for name, params in [("leaders", {}), ("claims-from-source", {"source": "news"})]:
        assert answer(oxigraph, name, params) == answer(seed, name, params), name
    for name, params in [
        ("hostile-to-both", {"a": "Hezbollah", "b": "Hamas"}),
        ("shared-backers", {"actor": "Hezbollah"}),
    ]:
        rows = [[set(cell.split(", ")) for cell in row] for row in answer(seed, name, params)]
        assert [[set(cell.split(", ")) for cell in row] for row in answer(oxigraph, name, params)] == rows, name
    network = run_named_query(oxigraph, "network", {"actor": "Nasrallah"})
    assert network.graph.isomorphic(run_named_query(seed, "network", {"actor": "Nasrallah"}).graph)


def test_oxigraph_keeps_the_limits_and_refusals(oxigraph):
    from actorgraph.errors import QueryRefused, QueryTimeout, TooManyResults
    from actorgraph.sparql import run_query

    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(QueryTimeout, match=r"^query timed out after 1.0 s$"):
        run_query(oxigraph, slow, timeout=1.0)
    with pytest.raises(TooManyResults):
        run_query(oxigraph, "SELECT * WHERE { ?s ?p ?o }", max_rows=10)
    with pytest.raises(QueryRefused, match=r"^FROM <http://example.org/g> is not allowed"):
        run_query(oxigraph, "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }")
    vocabulary = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/actorgraph/ns> WHERE { ?s a ag:ActorRelation }"
    assert run_query(oxigraph, vocabulary).values() == [("33",)]


def test_oxigraph_answers_with_the_terms_rdflib_gives(seed, oxigraph):
    """Oxigraph's answers come back as the rdflib terms the memory store gives: IRIs, literals
    with a datatype, a language or neither (RDF 1.1's xsd:string is written without), blank nodes."""
    from rdflib import BNode, Literal, URIRef

    from actorgraph.sparql import run_query

    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }"
    rows = {tuple(term.n3() for term in row) for row in run_query(oxigraph, everything).rows}
    assert rows == {tuple(term.n3() for term in row) for row in run_query(seed, everything).rows}
    assert len(rows) > 900
    # With a row limit the answer is read row by row, not as Oxigraph's TSV: the same terms.
    limited = run_query(oxigraph, everything, max_rows=10_000).rows
    assert {tuple(term.n3() for term in row) for row in limited} == rows
    made = """SELECT ?iri ?plain ?typed ?english ?number ?blank ?unbound WHERE {
      BIND(actor:Iran AS ?iri) BIND("plain" AS ?plain) BIND("2024-07"^^xsd:gYearMonth AS ?typed)
      BIND("in English"@en AS ?english) BIND(1.5 AS ?number) BIND(BNODE() AS ?blank)
    }"""
    answers = [run_query(dataset, made).rows for dataset in (oxigraph, seed)]
    answers.append(run_query(oxigraph, made, max_rows=1).rows)
    for row in answers:
        (iri, plain, typed, english, number, blank, unbound), *rest = row
        assert not rest and unbound is None and isinstance(blank, BNode)
        assert type(iri) is URIRef and iri == ACTOR.Iran
        assert [type(t) for t in (plain, typed, english, number)] == [Literal] * 4
    assert [term.n3() for term in answers[0][0][:5]] == [term.n3() for term in answers[1][0][:5]]
    assert answers[0][0][1].datatype is None and answers[0][0][3].language == "en"


def test_named_queries_leave_retracted_claims_out(graph_copy):
    from actorgraph import store as stores
    from actorgraph.curation import retract
    from actorgraph.sparql import run_named_query

    before = run_named_query(stores.load(graph_copy), "who-backs-whom", {"of": "Hamas"})
    assert len(before.rows) == 1
    retract(graph_copy, "iran-backs-hamas", "test: a retracted claim must not count")
    after = run_named_query(stores.load(graph_copy), "who-backs-whom", {"of": "Hamas"})
    assert after.rows == []
