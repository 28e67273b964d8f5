#!/usr/bin/env bash
# bad_input.sh - the bad-input acceptance through the CLI. After good imports of the UN 2026
# XML, the OFAC 2021-07 set and the UK 2018 CSV, each bad input:
#   a list truncated at an arbitrary byte (several offsets each of UN XML, OFAC sdn.csv,
#   UK csv), invalid UTF-8 in a UTF-8 XML file, XML entity-expansion bombs (exponential and
#   quadratic) and an external entity, an empty file, CSVs with a wrong column count
# must give a non-zero exit below 128, one error line "lookout: ..." naming the file and the
# position (line or byte) on stderr, no sanitizer report, and afterwards `lists show --json`
# must show the same active versions and counts as before.
source "$(dirname "$0")/support/common.bash"

UN26="$LISTS/un/un_consolidated_20260227.xml"
O21="$LISTS/ofac/sdn-2021-07"
UK18="$LISTS/uk/hmt_ofsi_ConList_20180413.csv"
BAD="$TMP/bad"
mkdir -p "$BAD"

expect 0 lists import --quiet "$UN26" || finish
expect 0 lists import --quiet "$O21" || finish
expect 0 lists import --quiet "$UK18" || finish

# The state that must survive every bad import: per source, the active version and counts.
snapshot() {
	"$LOOKOUT_BIN" lists show --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps({s["source"]: [s["version"], s["hash"], s["entities"], s["names"],
                                s["by_schema"]] for s in d["sources"]}, sort_keys=True))'
}
BEFORE="$(snapshot)"
[[ "$BEFORE" == *un_sc* && "$BEFORE" == *ofac_sdn* && "$BEFORE" == *uk_hmt* ]] ||
	fail "baseline state incomplete: $BEFORE"

# bad LABEL FILE POSITION(yes|no) IMPORT-ARGS...: the import must fail cleanly.
bad() {
	local label="$1" file="$2" need_pos="$3"
	shift 3
	run lists import "$@"
	local name
	name="$(basename "$file")"
	local lines
	lines="$(wc -l <"$TMP/err")"
	if ((RC == 0)); then
		fail "$label: accepted (exit 0): $OUT"
	elif [[ "$ERR" != "lookout: "* || "$lines" -ne 1 ]]; then
		fail "$label: stderr is not one 'lookout: ...' line: $ERR"
	elif [[ "$ERR" != *"$name"* ]]; then
		fail "$label: the error does not name $name: $ERR"
	elif [[ "$need_pos" == yes && ! "$ERR" =~ (line|byte)\ [0-9]+ ]]; then
		fail "$label: the error gives no line or byte: $ERR"
	else
		ok "$label: exit $RC: $ERR"
	fi
	local now
	now="$(snapshot)"
	[[ "$now" == "$BEFORE" ]] || fail "$label: the active versions changed: $now"
}

# truncate SRC DST FRACTION KIND: copy SRC cut at about FRACTION of its size. For CSV the cut
# is moved to just after a comma that is not the last of its line, so that the cut line is
# short of fields (a CSV cut at a line end is a valid shorter list and cannot be told apart).
truncate_at() {
	python3 - "$@" <<'PY'
import sys
src, dst, frac, kind = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
data = open(src, "rb").read()
off = max(1, min(len(data) - 1, int(len(data) * frac)))
if kind == "csv":
    while True:
        c = data.index(b",", off)
        eol = data.find(b"\n", c)
        if data.find(b",", c + 1, eol if eol >= 0 else len(data)) >= 0:
            off = c + 1
            break
        off = eol + 1
open(dst, "wb").write(data[:off])
print(off)
PY
}

for frac in 0.00001 0.003 0.31 0.5 0.77 0.99999; do
	f="$BAD/un_consolidated_20260227.xml"
	off="$(truncate_at "$UN26" "$f" "$frac" xml)"
	bad "UN XML truncated at byte $off" "$f" yes "$f"
done
for frac in 0.0001 0.2 0.5 0.9 0.9999; do
	mkdir -p "$BAD/ofac"
	f="$BAD/ofac/sdn.csv"
	off="$(truncate_at "$O21/sdn.csv" "$f" "$frac" csv)"
	bad "OFAC sdn.csv truncated at byte $off" "$f" yes "$f"
	# the same file inside its set (add.csv and alt.csv intact)
	cp "$O21/add.csv" "$O21/alt.csv" "$BAD/ofac/"
	bad "OFAC set with sdn.csv truncated at byte $off" "$f" yes "$BAD/ofac"
	rm -rf "$BAD/ofac"
done
for frac in 0.001 0.25 0.5 0.75 0.9999; do
	f="$BAD/hmt_ofsi_ConList_20180413.csv"
	off="$(truncate_at "$UK18" "$f" "$frac" csv)"
	bad "UK CSV truncated at byte $off" "$f" yes "$f"
done

# invalid UTF-8 in a file that declares UTF-8: a bad sequence inside the 500th first name
f="$BAD/un_bad_utf8.xml"
python3 - "$UN26" "$f" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
pos = -1
for _ in range(500):
    pos = data.index(b"<FIRST_NAME>", pos + 1)
pos += len(b"<FIRST_NAME>") + 1
open(sys.argv[2], "wb").write(data[:pos] + b"\xc3\x28\xff" + data[pos:])
PY
bad "invalid UTF-8 in UTF-8 XML" "$f" yes "$f"

# XML entity-expansion bombs in the UN list's shape
f="$BAD/un_bomb.xml"
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<!DOCTYPE CONSOLIDATED_LIST ['
	echo ' <!ENTITY a "lolololololololololololololololololololololololololol">'
	prev=a
	for e in b c d e f g h i j k; do
		echo " <!ENTITY $e \"&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;\">"
		prev=$e
	done
	echo ']>'
	echo '<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS>'
	echo '<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&k;</FIRST_NAME>'
	echo '<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER>'
	echo '</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>'
} >"$f"
bad "XML billion-laughs bomb" "$f" yes "$f"

f="$BAD/un_quadratic.xml"
python3 - "$f" <<'PY'
import sys
# small enough that format detection sees the root element after the DOCTYPE, so the XML
# reader itself meets the entity: 2 kB expanded 50,000 times is 100 MB
big = "A" * 2000
refs = "&x;" * 50000
doc = ('<?xml version="1.0" encoding="UTF-8"?>\n'
       '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x "%s">]>\n'
       '<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS>'
       '<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>%s</FIRST_NAME></INDIVIDUAL>'
       '</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n') % (big, refs)
open(sys.argv[1], "w").write(doc)
PY
bad "XML quadratic-blowup bomb" "$f" yes "$f"

f="$BAD/un_xxe.xml"
cat >"$f" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&x;</FIRST_NAME></INDIVIDUAL>
</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>
XML
bad "XML external entity" "$f" yes "$f"

# empty files: the file must be named; an empty file has no line to point at
for name in empty.xml empty.csv; do
	f="$BAD/$name"
	: >"$f"
	bad "empty file $name" "$f" no "$f"
done
mkdir -p "$BAD/ofac_empty"
: >"$BAD/ofac_empty/sdn.csv"
bad "empty sdn.csv" "$BAD/ofac_empty/sdn.csv" no "$BAD/ofac_empty/sdn.csv"

# CSVs with a wrong column count on one line
f="$BAD/ofac_cols/sdn.csv"
mkdir -p "$BAD/ofac_cols"
python3 - "$O21/sdn.csv" "$f" <<'PY'
import sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
lines[1233] = lines[1233].rstrip(b"\r") + b',"EXTRA"\r'
open(sys.argv[2], "wb").write(b"\n".join(lines))
PY
bad "OFAC sdn.csv with 13 fields on line 1234" "$f" yes "$f"
[[ "$ERR" == *"line 1234"* ]] || fail "the OFAC column error does not point at line 1234: $ERR"
cp "$O21/add.csv" "$O21/alt.csv" "$BAD/ofac_cols/"
bad "OFAC set whose sdn.csv has 13 fields on a line" "$f" yes "$BAD/ofac_cols"

f="$BAD/ofac_short/alt.csv"
mkdir -p "$BAD/ofac_short"
cp "$O21/sdn.csv" "$O21/add.csv" "$BAD/ofac_short/"
python3 - "$O21/alt.csv" "$f" <<'PY'
import sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
lines[99] = b"12345,678\r"
open(sys.argv[2], "wb").write(b"\n".join(lines))
PY
bad "OFAC alt.csv with 2 fields on line 100" "$f" yes "$BAD/ofac_short"

f="$BAD/uk_cols.csv"
python3 - "$UK18" "$f" <<'PY'
import sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
lines[500] = b"ONLY,THREE,FIELDS"
open(sys.argv[2], "wb").write(b"\n".join(lines))
PY
bad "UK CSV with 3 fields on a line" "$f" yes "$f"

finish
