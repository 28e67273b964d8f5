#!/usr/bin/env python3
"""Draw the screening benchmark's queries, deterministically, and the answer each positive
expects, so that Lookout and every peer run the very same queries against the very same names.

Usage: screen_queries.py UNIVERSE.TSV EVAL_DIR OUT_QUERIES OUT_SAMPLE
                         [--total 10000] [--sample-pos 150] [--sample-neg 150] [--seed 20260227]

Queries (OUT_QUERIES): all 683 rows of yente_benchmark/positives_un_treated.csv (UN names with
typos and reorderings) and enough rows of negatives_global.csv (multicultural names in many
scripts that are on no list) to make --total, drawn without replacement and shuffled with a
seeded splitmix64, so the file is the same on every machine and Python version.

Expected answer of a positive: the treated row i is untreated row i perturbed, and the
untreated name is a whole name (name or alias) of a UN entity. We expect every entity of the
universe carrying that name: the same words after user_norm(), in any order, since OFAC and UK
write "AL-RUMAYSH, Mu'tassim Yahya 'Ali" where UN writes "Mu'tassim Yahya 'Ali AL-RUMAYSH". The
three lists overlap (most UN names are also on OFAC or UK), and a system that returns OFAC's
record of the same person has found him; ties between such copies are broken arbitrarily by
every system, so only this set makes recall@1 meaningful. Apostrophes join words. A copy that
splits or joins words differently ("Abdul Malik" for "Abdulmalik") or adds or drops one is
not in the set: recall is slightly understated for every system alike.
The UN-only set is written too (column 5); three names are no longer on the 2026 UN list
(e.g. Abu Mohammed al-Jawlani) and are found in UK 2018 only.

The sample (OUT_SAMPLE) is a subset of the queries for the slow peers: --sample-pos positives
and --sample-neg negatives, shuffled. Every system, Lookout included, runs it.
"""
import argparse
import collections
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from screen_common import read_universe, user_norm  # noqa: E402

MASK = (1 << 64) - 1


class SplitMix64:
    """Small deterministic PRNG (Vigna's splitmix64), identical everywhere."""

    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def shuffle(self, xs):
        for i in range(len(xs) - 1, 0, -1):
            j = self.below(i + 1)
            xs[i], xs[j] = xs[j], xs[i]

    def sample(self, xs, k):
        xs = list(xs)
        for i in range(k):
            j = i + self.below(len(xs) - i)
            xs[i], xs[j] = xs[j], xs[i]
        return xs[:k]


APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc\u02bb`\u00b4")


def name_key(s):
    """The words of a name, normalised, sorted: the same name however a list orders it.
    Apostrophes join (Ky'ong-Su and Kyong-Su are one spelling, as lists write it both ways)."""
    return " ".join(sorted(user_norm(s.translate(APOSTROPHES)).split()))


def names_of(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [" ".join(r["full_name"].split()) for r in csv.DictReader(f)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("universe")
    ap.add_argument("eval_dir")
    ap.add_argument("out_queries")
    ap.add_argument("out_sample")
    ap.add_argument("--total", type=int, default=10000)
    ap.add_argument("--sample-pos", type=int, default=150)
    ap.add_argument("--sample-neg", type=int, default=150)
    ap.add_argument("--seed", type=int, default=20260227)
    a = ap.parse_args()

    by_name = collections.defaultdict(set)
    for eid, name in read_universe(a.universe):
        by_name[name_key(name)].add(eid)

    d = a.eval_dir
    treated = names_of(os.path.join(d, "positives_un_treated.csv"))
    untreated = names_of(os.path.join(d, "positives_un_untreated.csv"))
    negatives = names_of(os.path.join(d, "negatives_global.csv"))
    assert len(treated) == len(untreated), "treated and untreated positives must align"
    if a.total < len(treated):
        sys.exit("screen_queries: --total must be at least %d" % len(treated))

    rng = SplitMix64(a.seed)
    rows = []
    unanswered = 0
    for t, u in zip(treated, untreated):
        exp = by_name.get(name_key(u), set())
        if not exp:
            unanswered += 1
        rows.append(["pos", t, sorted(exp), sorted(e for e in exp if e.startswith("un-"))])
    for q in rng.sample(negatives, a.total - len(treated)):
        rows.append(["neg", q, [], []])
    rng.shuffle(rows)

    with open(a.out_queries, "w", encoding="utf-8") as f:
        for n, (kind, q, exp, exp_un) in enumerate(rows):
            f.write("%d\t%s\t%s\t%s\t%s\n" % (n, kind, q.replace("\t", " "), ",".join(exp),
                                              ",".join(exp_un)))
    pos = [n for n, r in enumerate(rows) if r[0] == "pos"]
    neg = [n for n, r in enumerate(rows) if r[0] == "neg"]
    pick = rng.sample(pos, min(a.sample_pos, len(pos))) + rng.sample(neg, min(a.sample_neg,
                                                                               len(neg)))
    rng.shuffle(pick)
    with open(a.out_sample, "w", encoding="utf-8") as f:
        for n in pick:
            kind, q, exp, exp_un = rows[n]
            f.write("%d\t%s\t%s\t%s\t%s\n" % (n, kind, q.replace("\t", " "), ",".join(exp),
                                              ",".join(exp_un)))
    print('{"queries":%d,"positives":%d,"negatives":%d,"positives_without_answer":%d,'
          '"sample":%d}' % (len(rows), len(pos), len(neg), unanswered, len(pick)))


if __name__ == "__main__":
    main()
