#!/usr/bin/env python3
"""Peer: an OFAC-style scan, the approach of OFAC's own Sanctions List Search (Jaro-Winkler on
the name plus Soundex), written the way a user would with Debian's python3-jellyfish.

Usage: ofac_jw_scan.py UNIVERSE.TSV QUERIES.TSV RESULTS [--limit N]

Per query, every whole name of the universe is scored:
  score = (jaro_winkler_similarity(query, name) on the full lower-cased, unaccented strings
         + 0.1 * (share of the query's words whose Soundex code is among the name's codes))
        / 1.1
(divided, not capped, so that the boost never makes two different names tie at 1.0); the 10
best distinct entities are kept. The names' Soundex codes are computed
once before the queries (a user would store them), the query's per query. Soundex is defined
on Latin letters only; a word without any has no code and earns no boost. Timed per query with
perf_counter. Prints one JSON line.
"""
import argparse
import heapq
import json
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from screen_common import (read_queries, read_universe, summary, top_entities,  # noqa: E402
                           user_norm, write_results)

# jellyfish 0.8 (Debian 12) parses its arguments with a deprecated CPython format: noise.
warnings.filterwarnings("ignore", category=DeprecationWarning)
import jellyfish  # noqa: E402

SOUNDEX_BOOST = 0.1


def soundex_codes(s):
    out = set()
    for w in s.split():
        w = "".join(c for c in w if "a" <= c <= "z")
        if w:
            out.add(jellyfish.soundex(w))
    return frozenset(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("universe")
    ap.add_argument("queries")
    ap.add_argument("results")
    ap.add_argument("--limit", type=int, default=0, help="only the first N queries")
    a = ap.parse_args()

    universe = read_universe(a.universe)
    names = [user_norm(name) for _eid, name in universe]
    codes = [soundex_codes(s) for s in names]
    ids = [eid for eid, _name in universe]
    queries = read_queries(a.queries)
    if a.limit:
        queries = queries[:a.limit]

    jw = jellyfish.jaro_winkler_similarity
    rows, times = [], []
    for n, _kind, q, _exp, _exp_un in queries:
        t0 = time.perf_counter()
        qn = user_norm(q)
        qc = soundex_codes(qn)
        nq = len(qc)
        scored = []
        for i, name in enumerate(names):
            s = jw(qn, name)
            if nq:
                s += SOUNDEX_BOOST * len(qc & codes[i]) / nq
            scored.append((s / (1.0 + SOUNDEX_BOOST), i))
        best = heapq.nlargest(30, scored)
        top = top_entities([(ids[i], s) for s, i in best])
        dt = time.perf_counter() - t0
        rows.append((n, dt, top, best[0][0] if best else 0.0))
        times.append(dt)
    write_results(a.results, rows)
    out = {"system": "OFAC-style Jaro-Winkler + Soundex scan", "names": len(universe)}
    out.update(summary(times))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
