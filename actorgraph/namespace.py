"""The actorgraph vocabulary as Python names, and the namespaces of curated resources.

``AG`` is an rdflib ``DefinedNamespace``: ``AG.backs`` works, ``AG.bakcs`` raises
``AttributeError``, so a typo in code fails loudly instead of writing an unknown term.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

NS = "https://w3id.org/actorgraph/ns#"


class AG(DefinedNamespace):
    """Terms of ``ontology/actorgraph.ttl`` (a test keeps the two in step)."""

    _NS = Namespace(NS)
    _fail = True

    # Classes
    Actor: URIRef
    State: URIRef
    Person: URIRef
    Organization: URIRef
    ArmedGroup: URIRef
    GovernmentBody: URIRef
    Source: URIRef
    Claim: URIRef
    Polarity: URIRef
    ActorRelation: URIRef
    TemporalKind: URIRef
    Rank: URIRef
    Origin: URIRef
    ReviewStatus: URIRef
    ProposedActor: URIRef
    ProposedDispute: URIRef
    Dispute: URIRef

    # Polarities
    Cooperative: URIRef
    Hostile: URIRef
    Neutral: URIRef
    Structural: URIRef

    # Temporal kinds
    Event: URIRef
    StateOfAffairs: URIRef

    # Ranks and origins
    NormalRank: URIRef
    DeprecatedRank: URIRef
    Curated: URIRef
    MachineCoded: URIRef

    # Review statuses
    Proposed: URIRef
    Verified: URIRef
    Disputed: URIRef

    # Merge decisions
    Merge: URIRef
    canonicalActor: URIRef
    mergedActor: URIRef
    decidedBy: URIRef
    decidedAt: URIRef
    decisionReason: URIRef
    withdrawnBy: URIRef
    withdrawnAt: URIRef
    withdrawalReason: URIRef

    # Claim and source properties
    source: URIRef
    quote: URIRef
    date: URIRef
    start: URIRef
    end: URIRef
    reliability: URIRef
    credibility: URIRef
    attributedTo: URIRef
    url: URIRef
    text: URIRef
    rank: URIRef
    deprecationReason: URIRef
    deprecatedOn: URIRef
    origin: URIRef
    status: URIRef
    supersededBy: URIRef
    supersedes: URIRef
    restoredOn: URIRef
    withdrawnRetraction: URIRef
    disputedClaim: URIRef
    disputedBy: URIRef
    cameoCode: URIRef
    goldstein: URIRef
    eventId: URIRef
    # Event data: data set, place, typed numbers (events package)
    EventDataset: URIRef
    dataset: URIRef
    eventCode: URIRef
    place: URIRef
    numMentions: URIRef
    numSources: URIRef
    numArticles: URIRef
    tone: URIRef
    fatalities: URIRef
    fatalitiesLow: URIRef
    fatalitiesHigh: URIRef
    deathsSubject: URIRef
    deathsObject: URIRef
    deathsCivilians: URIRef
    deathsUnknown: URIRef
    ICEWS: URIRef
    GDELT: URIRef
    UCDPGED: URIRef
    ACLED: URIRef
    POLECAT: URIRef
    polarity: URIRef
    temporalKind: URIRef
    trigger: URIRef

    # Proposals read from a report's text
    proposedType: URIRef
    namedAs: URIRef
    score: URIRef
    reason: URIRef
    triggerWords: URIRef
    dateText: URIRef
    highlight: URIRef
    acceptedAs: URIRef
    rejectionReason: URIRef
    reviewedOn: URIRef

    # Actor relations
    supports: URIRef
    backs: URIRef
    hasProxy: URIRef
    proxyOf: URIRef
    defends: URIRef
    cooperatesWith: URIRef
    alliedWith: URIRef
    pressures: URIRef
    proposesTo: URIRef
    mediatesWith: URIRef
    disputes: URIRef
    rejectsProposalOf: URIRef
    resistsPressureFrom: URIRef
    deniesClaimOf: URIRef
    accuses: URIRef
    criticizes: URIRef
    hostileTo: URIRef
    threatens: URIRef
    preparesAttackOn: URIRef
    plotsAgainst: URIRef
    arrested: URIRef
    atWarWith: URIRef
    attacked: URIRef
    incursionInto: URIRef
    killed: URIRef
    memberOf: URIRef
    hasMember: URIRef
    leads: URIRef
    ledBy: URIRef
    deputyLeaderOf: URIRef
    spokespersonFor: URIRef
    partOf: URIRef
    hasPart: URIRef

    # The version of a graph on a SPARQL server, written by push in the graph PUSH_META
    contentDigest: URIRef
    tripleCount: URIRef
    pushedAt: URIRef


#: The named graph, on a SPARQL server, of what ``push`` last wrote there (its version): not data.
PUSH_META = URIRef("https://w3id.org/actorgraph/meta")

ACTOR = Namespace("https://w3id.org/actorgraph/actor/")
CLAIM = Namespace("https://w3id.org/actorgraph/claim/")
SOURCE = Namespace("https://w3id.org/actorgraph/source/")
#: Merge decisions (``decisions.ttl`` declares the ``decision:`` prefix itself; queries name them in full).
DECISION = Namespace("https://w3id.org/actorgraph/decision/")

#: Prefixes bound in every graph actorgraph loads, and so in every SPARQL query it runs.
PREFIXES: dict[str, str] = {
    "ag": NS,
    "actor": str(ACTOR),
    "claim": str(CLAIM),
    "source": str(SOURCE),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "geo": "http://www.opengis.net/ont/geosparql#",
}
