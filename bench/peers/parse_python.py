#!/usr/bin/env python3
"""Peer baseline for bench/run.sh: what a user would otherwise write to load the same lists
in Python with the standard library (csv for OFAC's sdn.csv, xml.etree for the UN XML):
read every record into a dict with its names and a split of the OFAC remarks. It does less
than Lookout's parsers (no dates, countries or identifier parsing), so the ratio it gives is
a lower bound on Lookout's advantage.

Usage: parse_python.py ofac|un PATH [REPEAT]
Prints one JSON line: {"peer":..., "entities":..., "parse_median_s":..., "peak_rss_mb":...}
"""
import csv
import json
import resource
import statistics
import sys
import time
import xml.etree.ElementTree as ET


def parse_ofac(path):
    out = []
    with open(path, encoding="cp1252", newline="") as f:
        for row in csv.reader(f):
            if not row or row[0].startswith("\x1a"):
                continue
            rec = {"id": row[0], "name": row[1], "type": row[2], "program": row[3]}
            remarks = row[11] if len(row) > 11 else ""
            rec["remarks"] = [c.strip() for c in remarks.split(";") if c.strip() != "-0-"]
            out.append(rec)
    return out


def parse_un(path):
    out = []
    for _, el in ET.iterparse(path, events=("end",)):
        if el.tag in ("INDIVIDUAL", "ENTITY"):
            name = " ".join(
                (el.findtext(t) or "").strip()
                for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ).strip()
            aliases = [a.findtext("ALIAS_NAME") for a in el.iter("INDIVIDUAL_ALIAS")]
            aliases += [a.findtext("ALIAS_NAME") for a in el.iter("ENTITY_ALIAS")]
            out.append({"id": el.findtext("DATAID"), "name": name, "aliases": aliases})
            el.clear()
    return out


def main():
    kind, path = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    fn = parse_ofac if kind == "ofac" else parse_un
    times = []
    n = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = len(fn(path))
        times.append(time.perf_counter() - t0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"peer": "python-stdlib-" + kind, "entities": n,
                      "parse_median_s": round(statistics.median(times), 4),
                      "peak_rss_mb": round(rss, 1)}))


if __name__ == "__main__":
    main()
