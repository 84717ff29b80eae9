"""Synthetic actor graphs for benchmarks: actors, sources and reified claims, as Turtle files.

The shape follows curated data: every claim is a plain triple plus a claim node with source,
quote, date (day, month or year precision), Admiralty rating; hubs emerge from preferential
attachment, as in real event data. About 11 triples per claim and 3 per actor.

    python benchmarks/synthetic.py 100000 /tmp/synthetic-100k     # ~100k triples
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from actorgraph.files import atomic_write
from actorgraph.namespace import PREFIXES

CLASSES = ["State", "Person", "ArmedGroup", "Organization", "GovernmentBody"]
RELATIONS = [
    "backs", "hasProxy", "defends", "cooperatesWith", "pressures", "proposesTo", "mediatesWith", "criticizes",
    "accuses", "rejectsProposalOf", "threatens", "attacked", "killed", "atWarWith", "memberOf", "leads",
]  # fmt: skip
PERSON_ONLY = {"leads"}
PERSON_RANGE = {"killed"}
TRIPLES_PER_CLAIM = 11
TRIPLES_PER_ACTOR = 3


def generate(triples: int, folder: Path, seed: int = 7) -> dict[str, int]:
    """Write a graph of about *triples* triples into *folder*; return its counts."""
    rng = random.Random(seed)
    claims = max(10, int(triples * 0.92) // TRIPLES_PER_CLAIM)
    actors = max(10, int(triples * 0.08) // TRIPLES_PER_ACTOR)
    kinds = [rng.choice(CLASSES) for _ in range(actors)]
    people = [i for i, k in enumerate(kinds) if k == "Person"] or [0]
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"
    atomic_write(folder / "actors.ttl", header + "".join(
        f'actor:a{i} a ag:{kinds[i]} ;\n    rdfs:label "Actor {i}" .\n' for i in range(actors)
    ))  # fmt: skip
    atomic_write(folder / "sources.ttl", header + "".join(
        f'source:s{i} a ag:Source ;\n    rdfs:label "Synthetic report {i}" ;\n'
        '    dcterms:date "2024-10-01"^^xsd:date .\n'
        for i in range(50)
    ))  # fmt: skip
    weights: list[int] = list(range(actors))  # preferential attachment: endpoints are re-drawn from here
    lines = [header]
    for n in range(claims):
        relation = rng.choice(RELATIONS)
        subject = rng.choice(people) if relation in PERSON_ONLY else rng.choice(weights)
        target = subject
        while target == subject:
            target = rng.choice(people) if relation in PERSON_RANGE else rng.choice(weights)
        weights += [subject, target]
        lines.append(_claim(n, subject, relation, target, rng))
    atomic_write(folder / "claims.ttl", "".join(lines))
    return {"actors": actors, "claims": claims, "triples_estimate": claims * TRIPLES_PER_CLAIM + actors * 3}


def _claim(n: int, subject: int, relation: str, target: int, rng: random.Random) -> str:
    year, month, day = rng.randint(2014, 2024), rng.randint(1, 12), rng.randint(1, 28)
    date = rng.choice([f'"{year}-{month:02d}-{day:02d}"^^xsd:date', f'"{year}-{month:02d}"^^xsd:gYearMonth',
                       f'"{year}"^^xsd:gYear'])  # fmt: skip
    return (
        f"actor:a{subject} ag:{relation} actor:a{target} .\n"
        f"claim:c{n} a ag:Claim ;\n"
        f"    rdf:subject actor:a{subject} ; rdf:predicate ag:{relation} ; rdf:object actor:a{target} ;\n"
        f'    ag:quote "Synthetic quote {n}: actor {subject} {relation} actor {target}." ;\n'
        f"    ag:date {date} ;\n"
        f"    ag:source source:s{n % 50} ;\n"
        f'    ag:reliability "{rng.choice("ABCDEF")}" ; ag:credibility {rng.randint(1, 6)} .\n'
    )


if __name__ == "__main__":
    size, target_folder = int(sys.argv[1]), Path(sys.argv[2])
    print(generate(size, target_folder))
