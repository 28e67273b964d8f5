#!/usr/bin/env python3
"""Generate src/lib/text/han_readings.c from the Unihan database's readings.

Usage: scripts/gen_han_readings.py [Unihan_Readings.txt[.bz2]] > src/lib/text/han_readings.c

The input is Debian's unicode-data file /usr/share/unicode/Unihan_Readings.txt.bz2 (the
default). For every code point with at least one of the fields kHangul (or kKorean as a
fallback), kMandarin, kJapaneseOn, the table keeps three reading lists:

  Korean    kHangul syllables; when kHangul is missing, kKorean (upper-case Yale, "KIM KUM")
            converted to Hangul syllables. The reading Unihan marks as a name reading (source
            flag N) comes first, because Lookout reads Hanja mostly in personal names and
            金 as a surname is 김 (name reading), not 금 (the first, alphabetical reading).
  Mandarin  kMandarin pinyin with tone marks stripped to ASCII; u-umlaut becomes "u" (nu, lu),
            as in passports and most Latin-script sources, which rarely write "v" or "yu".
  Japanese  kJapaneseOn, lower-cased ("KIN KON" -> kin, kon).

Each list is stored in one string pool as its readings, each NUL-terminated, followed by an
empty string; identical lists share one pool entry. Offset 0 is the empty list.
The output is deterministic: the same input gives byte-identical C.
"""
import bz2
import re
import sys
import unicodedata

DEFAULT_SOURCE = "/usr/share/unicode/Unihan_Readings.txt.bz2"
FIELDS = ("kHangul", "kKorean", "kMandarin", "kJapaneseOn")

# Yale romanisation as used by kKorean (upper case), to jamo indices of the Unicode
# syllable arithmetic (UAX 15 / chapter 3.12: 19 initials, 21 medials, 28 finals).
YALE_INITIAL = {
    "KK": 1, "K": 0, "N": 2, "TT": 4, "T": 3, "L": 5, "M": 6, "PP": 8, "P": 7, "SS": 10,
    "S": 9, "": 11, "CC": 13, "CH": 14, "C": 12, "KH": 15, "TH": 16, "PH": 17, "H": 18,
}
YALE_MEDIAL = {
    "A": 0, "AY": 1, "YA": 2, "YAY": 3, "E": 4, "EY": 5, "YE": 6, "YEY": 7, "O": 8,
    "WA": 9, "WAY": 10, "OY": 11, "YO": 12, "WU": 13, "WE": 14, "WEY": 15, "WI": 16,
    "YU": 17, "U": 18, "UY": 19, "I": 20,
}
YALE_FINAL = {
    "": 0, "K": 1, "N": 4, "T": 7, "L": 8, "M": 16, "P": 17, "S": 19, "NG": 21, "C": 22,
}
YALE_RE = re.compile(
    r"^(KK|KH|K|N|TT|TH|T|L|M|PP|PH|P|SS|S|CC|CH|C|H|)"
    r"(YAY|YEY|WAY|WEY|AY|EY|OY|UY|YA|YE|YO|YU|WA|WE|WI|WU|A|E|O|U|I)"
    r"(NG|K|N|T|L|M|P|S|C|)$")


def yale_to_hangul(word):
    m = YALE_RE.match(word)
    if not m:
        return None
    li = YALE_INITIAL[m.group(1)]
    vi = YALE_MEDIAL[m.group(2)]
    ti = YALE_FINAL[m.group(3)]
    return chr(0xAC00 + (li * 21 + vi) * 28 + ti)


def korean_from_hangul(value):
    """kHangul "금:0E 김:0N" -> ["김", "금"]: name readings first, then source order."""
    readings = []
    for item in value.split():
        syl, _, flags = item.partition(":")
        if len(syl) != 1 or not 0xAC00 <= ord(syl) <= 0xD7A3:
            raise ValueError("unexpected kHangul item %r" % item)
        readings.append((syl, "N" in flags))
    named = [s for s, n in readings if n]
    ordered = named[:1] + [s for s, _ in readings]
    return dedup(ordered)


def korean_from_yale(value):
    out = []
    for word in value.split():
        syl = yale_to_hangul(word)
        if syl is None:
            raise ValueError("unexpected kKorean reading %r" % word)
        out.append(syl)
    return dedup(out)


def pinyin_ascii(value):
    out = []
    for word in value.split():
        plain = "".join(c for c in unicodedata.normalize("NFD", word)
                        if not unicodedata.combining(c)).lower()
        if not re.fullmatch(r"[a-z]+", plain):
            raise ValueError("unexpected kMandarin reading %r" % word)
        out.append(plain)
    return dedup(out)


def japanese_on(value):
    out = []
    for word in value.split():
        low = word.lower()
        if not re.fullmatch(r"[a-z]+", low):
            raise ValueError("unexpected kJapaneseOn reading %r" % word)
        out.append(low)
    return dedup(out)


def dedup(items):
    seen = set()
    out = []
    for it in items:
        if it not in seen:
            seen.add(it)
            out.append(it)
    return out


def read_source(path):
    opener = bz2.open if path.endswith(".bz2") else open
    fields = {}
    version = None
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                m = re.match(r"#\s*Unicode version:\s*(\S+)", line)
                if m:
                    version = m.group(1)
                continue
            if not line:
                continue
            cp, field, value = line.split("\t", 2)
            if field in FIELDS:
                fields.setdefault(int(cp[2:], 16), {})[field] = value
    if version is None:
        raise ValueError("%s: no 'Unicode version' header line" % path)
    return fields, version


def c_escape(ch):
    """One pool character as C source: UTF-8 text stays readable, NUL becomes \\0."""
    if ch == "\0":
        return "\\0"
    if ch in '"\\?' or ord(ch) < 0x20 or ch.isdigit():
        # Never produced by the readings above; refuse rather than emit ambiguous escapes.
        raise ValueError("unexpected pool character %r" % ch)
    return ch


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    fields, version = read_source(path)

    yale_checked = yale_agree = 0
    rows = []
    for cp in sorted(fields):
        f = fields[cp]
        ko = korean_from_hangul(f["kHangul"]) if "kHangul" in f else []
        if "kKorean" in f:
            yale = korean_from_yale(f["kKorean"])
            if ko:
                yale_checked += 1
                yale_agree += bool(set(yale) & set(ko))
            else:
                ko = yale
        zh = pinyin_ascii(f["kMandarin"]) if "kMandarin" in f else []
        ja = japanese_on(f["kJapaneseOn"]) if "kJapaneseOn" in f else []
        if ko or zh or ja:
            rows.append((cp, ko, zh, ja))

    # One pool: offset 0 is the empty list ("\0"); equal lists share an entry.
    pool = ["\0"]
    pool_len = 1
    offsets = {(): 0}

    def intern(lst):
        nonlocal pool_len
        key = tuple(lst)
        if key not in offsets:
            text = "".join(r + "\0" for r in lst) + "\0"
            offsets[key] = pool_len
            pool.append(text)
            pool_len += len(text.encode("utf-8"))
        return offsets[key]

    entries = [(cp, intern(ko), intern(zh), intern(ja)) for cp, ko, zh, ja in rows]
    if pool_len > 0xFFFF:
        raise ValueError("pool of %d bytes does not fit 16-bit offsets" % pool_len)

    w = sys.stdout.write
    w("/*\n")
    w(" * han_readings.c - GENERATED by scripts/gen_han_readings.py; do not edit.\n")
    w(" *\n")
    w(" * Source: Unihan_Readings.txt, Unicode %s, from Debian's unicode-data package\n"
      % version)
    w(" * (%s).\n" % DEFAULT_SOURCE)
    w(" * Fields kHangul (kKorean as a fallback), kMandarin and kJapaneseOn.\n")
    w(" * %d code points, %d pool bytes. kKorean agrees with kHangul on\n"
      % (len(entries), pool_len))
    w(" * %d of %d code points that have both.\n" % (yale_agree, yale_checked))
    w(" *\n")
    w(" * lk_text__han_table is sorted by code point (binary search); each entry holds offsets\n")
    w(" * into lk_text__han_pool of three reading lists (Korean, Mandarin, Japanese on). A list\n")
    w(" * is its readings, each NUL-terminated, then an empty string; offset 0 is the empty\n")
    w(" * list. See the generator for how readings are chosen and ordered.\n")
    w(" */\n")
    w('#include "text/text_int.h"\n\n')
    w("const size_t lk_text__han_count = %d;\n\n" % len(entries))
    w("const lk_text__han_entry lk_text__han_table[] = {\n")
    line = "\t"
    for cp, k, z, j in entries:
        item = "{%d,%d,%d,%d}," % (cp, k, z, j)
        if len(line) + len(item) > 92:
            w(line.rstrip() + "\n")
            line = "\t"
        line += item
    w(line.rstrip() + "\n};\n\n")
    w("const char lk_text__han_pool[] =\n")
    blob = "".join(pool)
    chunk = ""
    for ch in blob:
        esc = c_escape(ch)
        if len(chunk) + len(esc) > 80:
            w('\t"%s"\n' % chunk)
            chunk = ""
        chunk += esc
    w('\t"%s";\n' % chunk)
    w("\nconst size_t lk_text__han_pool_size = sizeof(lk_text__han_pool);\n")
    print("gen_han_readings: %d code points, pool %d bytes, kKorean/kHangul agree %d/%d"
          % (len(entries), pool_len, yale_agree, yale_checked), file=sys.stderr)


if __name__ == "__main__":
    main()
