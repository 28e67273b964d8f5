"""Shared by the screening benchmark's peers (bench/peers/*.py): the name universe, the query
files, the normalisation a user would apply before handing names to a peer, and the results
format every system writes so that screen_report.py can score them all alike.

Files (all UTF-8, tab-separated, no header):
  universe.tsv  entity id, schema, property, name     (bench_export_names)
  queries.tsv   n, kind (pos|neg), query, expected ids (comma-separated; empty for negatives),
                expected UN ids                       (screen_queries.py)
  results       n, milliseconds, top ids best first (comma-separated, at most 10 entities),
                score of the top hit on the system's own scale mapped to 0..1, match flag
                (1/0, only for systems with a calibrated threshold; empty otherwise)
"""
import re
import statistics
import unicodedata

# The properties that hold a whole name. firstName/lastName/middleName/secondName hold parts of
# the "name" value; a user loading a name table takes the names and aliases, not the parts.
FULL_NAME_PROPS = frozenset(("name", "alias", "weakAlias", "previousName"))

_NON_WORD = re.compile(r"[^\w]+")


def user_norm(s):
    """Lower-case and unaccent, as users do before trigram or edit-distance matching (and as
    PostgreSQL's unaccent + lower would): NFKD, drop combining marks, casefold, punctuation to
    spaces. Non-Latin scripts are left as they are: none of the peers transliterates."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return " ".join(_NON_WORD.sub(" ", s).split())


def read_universe(path):
    """[(entity id, name)] for every whole name, in file order, duplicates per entity removed."""
    out, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            eid, _schema, prop, name = line.rstrip("\n").split("\t", 3)
            if prop not in FULL_NAME_PROPS or (eid, name) in seen:
                continue
            seen.add((eid, name))
            out.append((eid, name))
    return out


def read_queries(path):
    """[(n, kind, query, expected ids set, expected UN ids set)]."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            n, kind, q, exp, exp_un = line.rstrip("\n").split("\t")
            out.append((int(n), kind, q, set(filter(None, exp.split(","))),
                        set(filter(None, exp_un.split(",")))))
    return out


def top_entities(pairs, k=10):
    """Distinct entity ids from (entity id, score) pairs sorted best first, at most k."""
    out = []
    for eid, _score in pairs:
        if eid not in out:
            out.append(eid)
            if len(out) == k:
                break
    return out


def write_results(path, rows):
    """rows: [(n, seconds, [ids], top score)]."""
    with open(path, "w", encoding="utf-8") as f:
        for n, sec, ids, top in rows:
            f.write("%d\t%.4f\t%s\t%.4f\t\n" % (n, sec * 1000.0, ",".join(ids), top))


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list (p in 0..100)."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def summary(times_s):
    """Latency summary in milliseconds."""
    ms = sorted(t * 1000.0 for t in times_s)
    return {"queries": len(ms), "p50_ms": statistics.median(ms) if ms else float("nan"),
            "p90_ms": percentile(ms, 90), "p99_ms": percentile(ms, 99),
            "max_ms": ms[-1] if ms else float("nan"),
            "qps": len(ms) / (sum(ms) / 1000.0) if ms else float("nan")}
