"""What an event import did (or, in a dry run, would do): figures, and a summary in words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from actorgraph import store

#: What each format's mapping table maps, as the summary names it (CAMEO codes for the others).
_CODES = {"ucdp-ged": "UCDP type_of_violence", "acled": "ACLED sub_event_type", "polecat": "PLOVER event and mode"}


@dataclass
class EventImportReport:
    """What an event import did (or, in a dry run, would do)."""

    format: str
    path: Path
    target: Path
    dry_run: bool = False
    status: str = "added"
    events: int = 0
    duplicates: int = 0
    claims: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unmapped_codes: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    broadened: Counter[str] = field(default_factory=Counter)
    actors_matched: int = 0
    actors_created: Counter[str] = field(default_factory=Counter)
    sources_created: int = 0
    actors_ambiguous: list[str] = field(default_factory=list)
    #: Bad rows left out (``skip_bad``), by kind of problem.
    bad: Counter[str] = field(default_factory=Counter)
    triples: int = 0
    size: int = 0
    store: str | None = None

    def summary(self) -> str:
        where = store.display_path(self.target)
        verbs = {
            "added": ("would write", "wrote"),
            "replaced": ("would replace", "replaced"),
            "unchanged": ("unchanged:", "unchanged:"),
        }
        verb = verbs[self.status][0 if self.dry_run else 1]
        same = " — the same import is already there" if self.status == "unchanged" else ""
        created = ", ".join(f"{n} {kind}" for kind, n in self.actors_created.most_common())
        lines = [
            f"{verb} {where}: {self.claims} machine-coded claims from {self.events} events "
            f"({sum(self.skipped.values())} skipped), {self.triples} triples{same}",
            f"  actors: {self.actors_matched} matched to the graph's, {sum(self.actors_created.values())} new"
            + (f" ({created})" if created else ""),
            f"  sources: {self.sources_created} new",
        ]
        if self.store:
            lines.append(
                f"  store: {self.store} (recorded in actorgraph.toml, so plain commands on the folder stay fast)"
            )
        reasons = {
            "missing actor": "source or target actor missing (NA)",
            "same actor": "source and target are the same actor",
            "no relation": f"{_CODES.get(self.format, 'CAMEO code')} maps to no actor relation",
            "no actor code": "an actor with neither a country nor a known group code",
            "one actor": "an event of one actor (no actor2, no recipient): nothing to relate it to",
        }
        for reason, count in self.skipped.most_common():
            lines.append(f"  skipped {count}: {reasons.get(reason, reason)}")
            if reason == "no relation":
                codes = ", ".join(f"{c} ({n})" for c, n in sorted(self.unmapped_codes.items()))
                lines.append(f"    codes: {codes}")
        for reason, count in self.bad.most_common():
            lines.append(f"  skipped {count} bad rows: {reason}")
        for message in self.actors_ambiguous:
            lines.append(f"  ambiguous: {message}")
        if self.duplicates:
            lines.append(f"  dropped {self.duplicates} repeated rows")
        if self.relations:
            lines.append("  relations: " + ", ".join(f"{r} {n}" for r, n in self.relations.most_common()))
        for change, count in sorted(self.broadened.items()):
            lines.append(f"  {count} claims of {change} (the object's class does not fit the narrower relation)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "path": str(self.path),
            "target": str(self.target),
            "dry_run": self.dry_run,
            "status": self.status,
            "events": self.events,
            "duplicates": self.duplicates,
            "claims": self.claims,
            "skipped": dict(self.skipped),
            "unmapped_codes": dict(self.unmapped_codes),
            "relations": dict(self.relations),
            "broadened": dict(self.broadened),
            "actors_matched": self.actors_matched,
            "actors_created": dict(self.actors_created),
            "sources_created": self.sources_created,
            "actors_ambiguous": self.actors_ambiguous,
            "bad_rows_skipped": dict(self.bad),
            "triples": self.triples,
            "size": self.size,
        }
