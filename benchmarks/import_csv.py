"""Benchmark: a claims CSV import against the ICEWS importer, at 1k, 2k, 10k and 20k rows.

    .venv/bin/python benchmarks/import_csv.py [--rows 1000 2000 10000 20000]

For each size, writes a claims CSV of that many rows (the seed graph's actors and source, five
relations, distinct quotes and dates) and a raw ICEWS event file of as many events between the
same actors, imports each into a fresh copy of the seed graph in a child process, and prints the
rows per second of both (wall and CPU time) and the CSV's CPU time per row relative to its own at
the smallest size: about 1 when the import is linear (issue #12 measured 15 s for 1,000 rows and
54 s for 2,000 before). The machine is shared: CPU times vary less than wall times.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE = "news-2024-10-01-iran-israel-hezbollah"
CLAIMS = [("Iran", "backs", "Hamas"), ("Iran", "backs", "Hezbollah"), ("Israel", "attacked", "Hezbollah"),
          ("Hezbollah", "attacked", "Israel"), ("United States", "supports", "Israel")]  # fmt: skip
FORCE = "Use conventional military force"
EVENTS = [("Iran", "Hamas", "Provide military aid", "072"), ("Israel", "Hezbollah", FORCE, "190"),
          ("Hezbollah", "Israel", FORCE, "190")]  # fmt: skip


def write_csv(path: Path, rows: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["subject", "relation", "object", "source", "quote", "date", "reliability", "credibility"])
        for n in range(rows):
            subject, relation, obj = CLAIMS[n % len(CLAIMS)]
            writer.writerow([subject, relation, obj, SOURCE, f"quote number {n}", _day(n), "F", 2])


def write_icews(path: Path, rows: int) -> None:
    from actorgraph.events.icews import ICEWS_COLUMNS

    lines = ["\t".join(ICEWS_COLUMNS)]
    for n in range(rows):
        source, target, text, code = EVENTS[n % len(EVENTS)]
        cells = [str(10_000_000 + n), _day(n), source, "Government", source, text, code, "1", target, "Government",
                 target, str(n), "1", "Benchmark Press", "NA", "NA", "NA", "NA", "NA", "NA"]  # fmt: skip
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _day(n: int) -> str:
    return f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"


def child(kind: str, graph: str, data: str) -> dict[str, float]:
    start = time.perf_counter()
    if kind == "csv":
        from actorgraph.importers import import_csv

        import_csv(graph, Path(data))
    else:
        from actorgraph.events import import_events

        import_events(graph, data, "icews")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime}


def run(kind: str, rows: int, work: Path) -> dict[str, float]:
    from actorgraph import resources

    graph = work / f"graph-{kind}-{rows}"
    shutil.copytree(resources.bundled_graph_dir(), graph)
    data = work / f"{kind}-{rows}.{'csv' if kind == 'csv' else 'tab'}"
    (write_csv if kind == "csv" else write_icews)(data, rows)
    code = f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import import_csv as b; "
    code += f"print(json.dumps(b.child({kind!r}, {str(graph)!r}, {str(data)!r})))"
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 2000, 10000, 20000])
    args = parser.parse_args()
    print(f"{'rows':>7} {'csv rows/s':>11} {'(cpu)':>9} {'icews rows/s':>13} {'(cpu)':>9} {'csv cpu/row vs first':>21}")
    first = None
    with tempfile.TemporaryDirectory(prefix="actorgraph-import-csv-") as folder:
        for rows in args.rows:
            csv_time, icews_time = run("csv", rows, Path(folder)), run("icews", rows, Path(folder))
            per_row = csv_time["cpu"] / rows
            first = first or per_row
            print(
                f"{rows:>7} {rows / csv_time['wall']:>11.0f} {rows / csv_time['cpu']:>9.0f} "
                f"{rows / icews_time['wall']:>13.0f} {rows / icews_time['cpu']:>9.0f} {per_row / first:>21.2f}"
            )


if __name__ == "__main__":
    main()
