#!/usr/bin/env bash
# AIS decoding: Lookout against gpsdecode (Debian's gpsd-clients on bookworm, gpsd-tools on
# later releases) on the same input, side by side:
#   - JSON, scaled:   gpsdecode            vs lookout ais decode --json --scaled --device stdin
#   - JSON, unscaled: gpsdecode -u         vs lookout ais decode --json
#   - decode only:    gpsdecode -t 26      vs build/bench_ais_decode (library loop, no output)
#     (gpsdecode has no silent mode; -t 26 decodes every message and prints only type 26)
# Inputs: the real gpsd logs in $LOOKOUT_DATA/ais/gpsd (AIS sentences only) repeated to
# SENTENCES lines, and simulated traffic of about as many sentences (lookout ais simulate,
# bench/ais_traffic.json). Every output goes to /dev/null. Times are medians of REPEAT runs,
# CPU time (user + system, what the machine's other load does not inflate) and wall time.
# Usage: bench/bench_ais_decode.sh [BUILD_DIR]   (SENTENCES=10000000 REPEAT=3 by default;
#        INPUTS="real sim" selects the inputs, SIM_SENTENCES sizes the simulated one)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
data=${LOOKOUT_DATA:-$here/../../shared/data}
sentences=${SENTENCES:-10000000}
repeat=${REPEAT:-3}
work=${AIS_BENCH_DIR:-${TMPDIR:-/tmp}/lookout-bench-ais}
mkdir -p "$work"
command -v gpsdecode >/dev/null || { echo "gpsdecode not found: scripts/install-deps.sh --bench" >&2; exit 1; }

real="$work/real-$sentences.nmea"
if [ ! -s "$real" ] && [[ "${INPUTS:-real sim}" == *real* ]]; then
  cat "$data"/ais/gpsd/*.log "$data"/ais/gpsd/sample.aivdm |
    grep -aE '^(\\[^\\]*\\)?!..VD[MO],' >"$work/real-once.nmea"
  once=$(wc -l <"$work/real-once.nmea")
  times=$(( (sentences + once - 1) / once ))
  for ((i = 0; i < times; i++)); do cat "$work/real-once.nmea"; done >"$real"
fi
inputs=${INPUTS:-real sim}
sim_sentences=${SIM_SENTENCES:-$sentences}
sim="$work/sim-$sim_sentences.nmea"
if [ ! -s "$sim" ] && [[ "$inputs" == *sim* ]]; then
  # about 110 sentences per vessel-hour (positions every 10 s - 3 min, type 5 every 6 min)
  vessels=$(( sim_sentences / 110 / 24 + 1 ))
  "$build/lookout" ais simulate -q --scenario "$here/ais_traffic.json" --background "$vessels" \
    --hours 24 --seed 1 --out "$sim"
fi

python3 - "$build" "$real" "$sim" "$repeat" "$inputs" <<'PY'
import json, os, resource, statistics, subprocess, sys, time
build, real, sim, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
inputs = sys.argv[5].split()

def timed(argv, stdin_path=None):
    """Median CPU (children user+sys) and wall seconds of `repeat` runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        w0 = time.perf_counter()
        with open(os.devnull, "wb") as out:
            stdin = open(stdin_path, "rb") if stdin_path else None
            subprocess.run(argv, stdin=stdin, stdout=out, stderr=subprocess.DEVNULL, check=False)
            if stdin:
                stdin.close()
        w1 = time.perf_counter()
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
        wall.append(w1 - w0)
    return statistics.median(cpu), statistics.median(wall)

def lib(args):
    cpu, wall = [], []
    out = subprocess.run([f"{build}/bench_ais_decode", "--repeat", str(repeat)] + args,
                         capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    return d["cpu_median_s"], d["wall_median_s"]

lk = f"{build}/lookout"
for name, path, key in (("real gpsd logs, repeated", real, "real"),
                        ("simulated traffic", sim, "sim")):
    if key not in inputs:
        continue
    lines = sum(1 for _ in open(path, "rb"))
    print(f"\n## {name}: {lines:,} sentences ({os.path.getsize(path) / 1e6:.0f} MB), "
          f"median of {repeat} runs")
    print(f"{'mode':<16} {'tool':<44} {'CPU s':>7} {'wall s':>7} {'sentences/CPU s':>16} {'ratio':>6}")
    rows = [
        ("JSON scaled", ["gpsdecode"], True, [lk, "ais", "decode", "-q", "--json", "--scaled", "--device", "stdin", path], False),
        ("JSON unscaled", ["gpsdecode", "-u"], True, [lk, "ais", "decode", "-q", "--json", path], False),
        ("decode only", ["gpsdecode", "-t", "26"], True, [path], True),
    ]
    for mode, peer, peer_stdin, ours, is_lib in rows:
        pc, pw = timed(peer, path)
        if is_lib:
            oc, ow = lib(ours)
            label = "bench_ais_decode (library loop)"
        else:
            oc, ow = timed(ours)
            label = " ".join(["lookout"] + ours[1:-1])
        print(f"{mode:<16} {' '.join(peer):<44} {pc:7.2f} {pw:7.2f} {lines / pc:16,.0f}")
        print(f"{'':<16} {label:<44} {oc:7.2f} {ow:7.2f} {lines / oc:16,.0f} {pc / oc:5.1f}x")
PY

echo
echo "## simulator throughput (NMEA generated, not written; bench/ais_traffic.json)"
"$build/bench_ais_decode" --repeat "$repeat" --simulate "$here/ais_traffic.json" --background 20000 --hours 2
