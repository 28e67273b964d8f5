#!/usr/bin/env python3
"""Peer: Python thefuzz scanning, as users write it (Debian python3-thefuzz with
python3-levenshtein, the C edit distance underneath).

Usage: thefuzz_scan.py UNIVERSE.TSV QUERIES.TSV RESULTS [--limit N]

Per query: process.extract(q, names, scorer=fuzz.token_sort_ratio, limit=30): a full scan of
the universe's whole names (name, alias, weakAlias, previousName), lower-cased and unaccented
once beforehand; the 30 best names give the 10 best distinct entities (an entity has several
names). thefuzz applies its default processor (ASCII, lower case, punctuation out) to every
choice on every call: that is what process.extract costs its users. Timed per query with
perf_counter around the extract call. Prints one JSON line.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from screen_common import (read_queries, read_universe, summary, top_entities,  # noqa: E402
                           user_norm, write_results)

from thefuzz import fuzz, process  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("universe")
    ap.add_argument("queries")
    ap.add_argument("results")
    ap.add_argument("--limit", type=int, default=0, help="only the first N queries")
    a = ap.parse_args()

    universe = read_universe(a.universe)
    # A dict choice set: extract() returns (name, score, key); keys index the universe.
    choices = {i: user_norm(name) for i, (_eid, name) in enumerate(universe)}
    queries = read_queries(a.queries)
    if a.limit:
        queries = queries[:a.limit]

    rows, times = [], []
    for n, _kind, q, _exp, _exp_un in queries:
        t0 = time.perf_counter()
        best = process.extract(user_norm(q), choices, scorer=fuzz.token_sort_ratio, limit=30)
        dt = time.perf_counter() - t0
        ids = top_entities([(universe[key][0], score) for _name, score, key in best])
        rows.append((n, dt, ids, best[0][1] / 100.0 if best else 0.0))
        times.append(dt)
    write_results(a.results, rows)
    out = {"system": "thefuzz token_sort_ratio scan", "names": len(universe)}
    out.update(summary(times))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
