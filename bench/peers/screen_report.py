#!/usr/bin/env python3
"""Score the screening benchmark: every system's per-query results on the same query file,
side by side, with speed ratios against the first system (Lookout) and recall.

Usage: screen_report.py QUERIES.TSV LABEL=RESULTS [LABEL=RESULTS...] [--json OUT.jsonl]

RESULTS lines (screen_common.py): n, milliseconds, top entity ids best first, top score,
match flag (may be empty). Every results file must cover every query of QUERIES.TSV. Prints a
Markdown table:
  system | queries | p50 ms | p99 ms | queries/s | time vs first (p50 / mean) | recall@1 |
  recall@10 | false alarms at 95 % recall
Recall is over the positives with an expected answer (screen_queries.py): recall@1 counts the
top entity being one expected, recall@10 one expected among the (at most) ten returned.
False alarms at 95 % recall, a threshold-free comparison of scores on each system's own scale:
take the highest threshold at which 95 % of the positives still have the right top hit at or
above it, and count the negatives whose top hit reaches it ("-" when recall@1 < 0.95).
Below the table: for systems with a match flag, the share of positives whose top hit is right
and a match, and the share of negatives with a match, at the system's own threshold; then
p50 / p99 per script of the query (where tails come from). The JSON lines also hold recall
against the UN entity alone (un_recall_*), which only says how a system breaks ties between
the lists' copies of a name.
"""
import math
import argparse
import json
import os
import statistics
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from screen_common import percentile, read_queries  # noqa: E402


def read_results(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            n, ms, ids = int(cols[0]), float(cols[1]), [i for i in cols[2].split(",") if i]
            top = float(cols[3]) if len(cols) >= 4 and cols[3] else 0.0
            flag = cols[4] == "1" if len(cols) >= 5 and cols[4] else None
            out[n] = (ms, ids, flag, top)
    return out


def score(queries, res):
    ms = sorted(res[q[0]][0] for q in queries)
    pos = [q for q in queries if q[1] == "pos" and q[3]]
    pos_un = [q for q in queries if q[1] == "pos" and q[4]]
    negs = [q for q in queries if q[1] == "neg"]

    def recall(rows, k, col):
        if not rows:
            return float("nan")
        return sum(1 for q in rows if set(res[q[0]][1][:k]) & q[col]) / len(rows)

    d = {"queries": len(ms), "p50_ms": statistics.median(ms), "p90_ms": percentile(ms, 90),
         "p99_ms": percentile(ms, 99), "max_ms": ms[-1], "mean_ms": sum(ms) / len(ms),
         "qps": len(ms) / (sum(ms) / 1000.0), "positives": len(pos),
         "recall_at_1": recall(pos, 1, 3), "recall_at_10": recall(pos, 10, 3),
         "un_positives": len(pos_un), "un_recall_at_1": recall(pos_un, 1, 4),
         "un_recall_at_10": recall(pos_un, 10, 4), "negatives": len(negs)}
    need = math.ceil(0.95 * len(pos))
    hits = sorted((res[q[0]][3] for q in pos if res[q[0]][1][:1] and res[q[0]][1][0] in q[3]),
                  reverse=True)
    d["false_alarms_at_95_recall"] = float("nan")
    if pos and negs and len(hits) >= need:
        t = hits[need - 1]
        d["threshold_at_95_recall"] = t
        d["false_alarms_at_95_recall"] = sum(1 for q in negs if res[q[0]][3] >= t) / len(negs)
    if all(res[q[0]][2] is not None for q in queries):
        d["positives_top_right_and_match"] = (
            sum(1 for q in pos if res[q[0]][2] and res[q[0]][1][:1] and res[q[0]][1][0] in q[3])
            / len(pos) if pos else float("nan"))
        d["negatives_with_match"] = (sum(1 for q in negs if res[q[0]][2]) / len(negs)
                                     if negs else float("nan"))
    return d


def script_of(q):
    """Script of the first letter outside Latin ("Latin" when every letter is Latin)."""
    for c in q:
        if c.isalpha() and ord(c) >= 0x250:
            word = unicodedata.name(c, "OTHER").split()[0]
            return {"CJK": "Han", "HIRAGANA": "Kana", "KATAKANA": "Kana"}.get(word,
                                                                            word.title())
    return "Latin"


def by_script(queries, results):
    """Markdown lines: per script, count and each system's p50 / p99 in ms."""
    groups = {}
    for q in queries:
        groups.setdefault(script_of(q[2]), []).append(q[0])
    out = ["| script | queries | " + " | ".join("%s p50 / p99 ms" % label
                                                for label, _ in results) + " |",
           "|---|---:|" + "---:|" * len(results)]
    for script, ns in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        cells = []
        for _label, res in results:
            ms = sorted(res[n][0] for n in ns)
            cells.append("%s / %s" % (fmt_ms(statistics.median(ms)),
                                      fmt_ms(percentile(ms, 99))))
        out.append("| %s | %d | %s |" % (script, len(ns), " | ".join(cells)))
    return out


def fmt_ms(x):
    return "%.3f" % x if x < 10 else "%.1f" % x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("queries")
    ap.add_argument("systems", nargs="+", metavar="LABEL=RESULTS")
    ap.add_argument("--json", help="also write one JSON line per system here")
    a = ap.parse_args()

    queries = read_queries(a.queries)
    rows, results = [], []
    for spec in a.systems:
        label, _, path = spec.partition("=")
        res = read_results(path)
        missing = [q[0] for q in queries if q[0] not in res]
        if missing:
            sys.exit("screen_report: %s lacks %d queries of %s (first: %d)" %
                     (path, len(missing), a.queries, missing[0]))
        results.append((label, res))
        d = score(queries, res)
        d["system"] = label
        rows.append(d)
    ref = rows[0]
    for d in rows:
        d["p50_ratio"] = d["p50_ms"] / ref["p50_ms"]
        d["mean_ratio"] = d["mean_ms"] / ref["mean_ms"]

    print("Queries: %s (%d: %d positives with an expected entity, %d negatives)\n" %
          (os.path.basename(a.queries), ref["queries"], ref["positives"], ref["negatives"]))
    print("| system | queries | p50 ms | p99 ms | queries/s | time vs %s (p50 / mean) "
          "| recall@1 | recall@10 | false alarms at 95 %% recall |" % ref["system"])
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for d in rows:
        ratio = "1" if d is ref else "%.0f× / %.0f×" % (d["p50_ratio"], d["mean_ratio"])
        if d is not ref and d["p50_ratio"] < 10:
            ratio = "%.1f× / %.1f×" % (d["p50_ratio"], d["mean_ratio"])
        fa = d["false_alarms_at_95_recall"]
        print("| %s | %d | %s | %s | %.0f | %s | %.3f | %.3f | %s |" %
              (d["system"], d["queries"], fmt_ms(d["p50_ms"]), fmt_ms(d["p99_ms"]), d["qps"],
               ratio, d["recall_at_1"], d["recall_at_10"],
               "-" if math.isnan(fa) else "%.1f %%" % (100 * fa)))
    print()
    for d in rows:
        if "negatives_with_match" in d:
            print("%s at its threshold: top hit right and a match for %.1f%% of positives; "
                  "%.2f%% of negatives raise a match." %
                  (d["system"], 100 * d["positives_top_right_and_match"],
                   100 * d["negatives_with_match"]))
    print()
    print("Latency by script of the query:\n")
    print("\n".join(by_script(queries, results)))
    if a.json:
        with open(a.json, "a", encoding="utf-8") as f:
            for d in rows:
                d["query_file"] = os.path.basename(a.queries)
                f.write(json.dumps(d) + "\n")


if __name__ == "__main__":
    main()
