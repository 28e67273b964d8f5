#!/usr/bin/env python3
"""Peer: PostgreSQL pg_trgm trigram similarity top-k, the client side (psycopg2 over a unix
socket). pg_trgm.sh starts the server and calls this; run that, not this.

Usage: pg_trgm_screen.py DSN UNIVERSE.TSV RESULTS_PREFIX QUERIES.TSV [QUERIES.TSV...]
                         [--index gin|gist] [--threshold 0.3] [--passes 3]

Loads the universe's whole names (name, alias, weakAlias, previousName) as a user would: one
row per (entity id, name), the name lower-cased and unaccented (user_norm, the same as
unaccent(lower(name))), then CREATE EXTENSION pg_trgm and a trigram index. Each query is the
top-k a user writes:
  gin:  SELECT eid, max(similarity(name, q)) AS s FROM names WHERE name % q
        GROUP BY eid ORDER BY s DESC LIMIT 10          (pg_trgm.similarity_threshold)
  gist: SELECT eid, name <-> q FROM names ORDER BY name <-> q LIMIT 30  (k-nearest, no
        threshold; the 30 nearest names give the 10 best distinct entities)
timed from the client with perf_counter around execute + fetchall, so each time includes the
round trip over the socket (the round trip of SELECT 1 is reported as the floor). As for
Lookout (bench_screen --passes), every query runs --passes times and its time is the median, so
that a scheduler tick lost to another process does not make the p99; the first pass alone is
reported as single_pass_*.
Writes RESULTS_PREFIX.<basename of the queries file> per query file and prints one JSON line
per query file.
"""
import argparse
import io
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from screen_common import (read_queries, read_universe, summary, top_entities,  # noqa: E402
                           user_norm, write_results)

import psycopg2  # noqa: E402

SQL = {
    "gin": "SELECT eid, max(similarity(name, %(q)s)) AS s FROM names WHERE name %% %(q)s "
           "GROUP BY eid ORDER BY s DESC LIMIT 10",
    "gist": "SELECT eid, name <-> %(q)s AS d FROM names ORDER BY name <-> %(q)s LIMIT 30",
}


def load(cur, universe, index):
    cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cur.execute("DROP TABLE IF EXISTS names")
    cur.execute("CREATE TABLE names (eid text NOT NULL, name text NOT NULL)")
    buf = io.StringIO()
    for eid, name in universe:
        n = user_norm(name).replace("\\", "\\\\")
        buf.write("%s\t%s\n" % (eid, n))
    buf.seek(0)
    t0 = time.perf_counter()
    cur.copy_expert("COPY names (eid, name) FROM STDIN", buf)
    if index == "gin":
        cur.execute("CREATE INDEX names_trgm ON names USING gin (name gin_trgm_ops)")
    else:
        cur.execute("CREATE INDEX names_trgm ON names USING gist (name gist_trgm_ops)")
    cur.execute("ANALYZE names")
    build = time.perf_counter() - t0
    cur.execute("SELECT pg_relation_size('names'), pg_relation_size('names_trgm')")
    table_bytes, index_bytes = cur.fetchone()
    return build, table_bytes, index_bytes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dsn")
    ap.add_argument("universe")
    ap.add_argument("results_prefix")
    ap.add_argument("queries", nargs="+")
    ap.add_argument("--index", choices=("gin", "gist"), default="gin")
    ap.add_argument("--threshold", type=float, default=0.3)
    ap.add_argument("--passes", type=int, default=3)
    a = ap.parse_args()

    universe = read_universe(a.universe)
    conn = psycopg2.connect(a.dsn)
    conn.autocommit = True
    cur = conn.cursor()
    build, table_bytes, index_bytes = load(cur, universe, a.index)
    cur.execute("SET pg_trgm.similarity_threshold = %s", (a.threshold,))
    cur.execute("SELECT version()")
    version = cur.fetchone()[0].split(" on ")[0]

    floor = []
    for _ in range(200):
        t0 = time.perf_counter()
        cur.execute("SELECT 1")
        cur.fetchall()
        floor.append(time.perf_counter() - t0)
    floor_ms = sorted(floor)[len(floor) // 2] * 1000.0

    sql = SQL[a.index]
    for qpath in a.queries:
        queries = read_queries(qpath)
        # Warm the cache the way a long-running server is warm: one pass over a few queries.
        for _n, _kind, q, _e, _u in queries[:20]:
            cur.execute(sql, {"q": user_norm(q)})
            cur.fetchall()
        rows, per_query = [], [[] for _ in queries]
        for p in range(max(1, a.passes)):
            for i, (n, _kind, q, _exp, _exp_un) in enumerate(queries):
                qn = user_norm(q)
                t0 = time.perf_counter()
                cur.execute(sql, {"q": qn})
                got = cur.fetchall()
                per_query[i].append(time.perf_counter() - t0)
                if p:
                    continue
                # gin returns similarities (higher first), gist distances, 1 - similarity
                # (lower first); both come back best first, which is all top_entities needs.
                top = 0.0
                if got:
                    top = float(got[0][1]) if a.index == "gin" else 1.0 - float(got[0][1])
                rows.append([n, 0.0, top_entities(got), top])
        times = []
        for row, ts in zip(rows, per_query):
            row[1] = sorted(ts)[len(ts) // 2]
            times.append(row[1])
        write_results("%s.%s" % (a.results_prefix, os.path.basename(qpath)), rows)
        single = summary([ts[0] for ts in per_query])
        out = {"system": "PostgreSQL pg_trgm %s" % a.index, "server": version,
               "names": len(universe), "threshold": a.threshold if a.index == "gin" else None,
               "load_index_s": round(build, 3), "table_bytes": table_bytes,
               "index_bytes": index_bytes, "roundtrip_floor_ms": round(floor_ms, 4),
               "query_file": os.path.basename(qpath), "passes": max(1, a.passes)}
        out.update(summary(times))
        out.update({"single_pass_" + k: v for k, v in single.items() if k != "queries"})
        print(json.dumps(out), flush=True)
    conn.close()


if __name__ == "__main__":
    main()
