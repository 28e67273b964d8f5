// explain.test.mjs - the web UI's explanations in words (web/js/explain.js) on what the engine
// really says: `lookout screen --batch --explain` on the OFAC SDN list of 2024-05-03, one query per kind
// of evidence (transliteration, exact part, initial, unvowelled Arabic script, unmatched
// parts, birth date equal / same year / contradicting, country, gender, identifier). Needs
// node only, not the server or a browser. Run through tests/cli/web_explain.sh.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { explainLines } = await import(path.resolve(here, '../../web/js/explain.js'));
const BIN = process.env.LOOKOUT_BIN;
const DATA = process.env.LOOKOUT_DATA;
if (!BIN || !DATA) throw new Error('LOOKOUT_BIN and LOOKOUT_DATA must be set');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lookout-explain-'));
const env = { ...process.env, LOOKOUT_DB: path.join(tmp, 'x.db') };

let failures = 0;
function check(cond, msg) {
  if (cond) console.log(`ok: ${msg}`);
  else { console.error(`FAIL: ${msg}`); failures++; }
  return cond;
}

// Every query of this test in one `lookout screen --batch --explain` run (the index is built
// once): rows {ref, name, schema, dob, country, id, gender}; returns ref -> results.
function screenAll(rows) {
  const input = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const out = execFileSync(BIN, ['screen', '--batch', '-', '--explain', '--limit', '20', '-q'],
    { env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const byRef = new Map();
  for (const line of out.split('\n').filter(Boolean)) {
    const row = JSON.parse(line);
    byRef.set(row.ref, row.results || []);
  }
  return byRef;
}

const CASES = [
  ['Sergej Lawrow', 'ofac-35233', { name: 'Sergej Lawrow' }, [
    'same|Surname Lawrow is a transliteration of Lavrov|',
    'same|Given name Sergej is a transliteration of Sergei|',
    'info|The listed patronymic Viktorovich is not in the query|counts little',
  ]],
  ['V. Putin', 'ofac-35096', { name: 'V. Putin' }, [
    'same|Surname Putin matches exactly|',
    'same|Initial V stands for Vladimir|',
  ]],
  ['Arabic script', 'ofac-35096', { name: 'فلاديمير بوتين' }, [
    /^same\|Surname Putin has the same consonants as the query's “\w+”/,
  ]],
  ['unmatched parts', 'ofac-22992', { name: 'Kim Jong Un' }, [
    'minus|The query\'s Un has no counterpart in the listed name|lowers the score',
    'minus|The listed given name Man is not in the query|lowers the score',
  ]],
  ['birth date equal, country', 'ofac-35096', { name: 'Wladimir Putin', dob: '1952-10-07', country: 'ru' }, [
    'plus|Birth date matches exactly (1952-10-07)|+0.06',
    'plus|Country RU is among the entity\'s countries|+0.03',
  ]],
  ['birth year', 'ofac-35096', { name: 'Wladimir Putin', dob: '1952' }, [
    'plus|Birth year 1952 matches the listed 1952-10-07|+0.03',
  ]],
  ['birth date contradicts, other country, gender', 'ofac-35096',
    { name: 'Wladimir Putin', dob: '1960', country: 'us', gender: 'female' }, [
      'minus|Birth date 1960 contradicts the listed 1952-10-07|−0.30',
      'minus|Country US is not among the entity\'s countries (listed: RU)|−0.05',
      'minus|Gender female contradicts the listed male|−0.20',
    ]],
  ['identifier', 'ofac-37444', { name: 'GRACEFUL', schema: 'Vessel', id: 'IMO 1011551' }, [
    'same|Name word Graceful matches exactly|',
    'plus|Identifier matches: IMO 1011551 is the listed IMO number 1011551|+0.40',
  ]],
];
// More queries whose every explanation line must read as words.
const MORE = ['Bank Melli', 'Kim Jong-un', 'Mohamed Hassan', 'Владимир Путин', 'Sea Star 3', 'Ali Akbar'];

try {
  execFileSync(BIN, ['lists', 'import', '--quiet', path.join(DATA, 'lists/ofac/sdn-2024-05-03')], { env, stdio: 'ignore' });

  const got = screenAll([...CASES.map(([ref, , q]) => ({ ref, ...q })), ...MORE.map((name) => ({ ref: name, name }))]);
  for (const [label, id, , wanted] of CASES) {
    const r = (got.get(label) || []).find((x) => x.id === id);
    if (!check(r, `${label}: ${id} is among the results`)) continue;
    const lines = explainLines(r.explanation).map((l) => `${l.kind}|${l.text}|${l.effect || ''}`);
    for (const w of wanted) {
      const hit = lines.some((l) => (w instanceof RegExp ? w.test(l) : l === w));
      check(hit, `${label}: says ${w}${hit ? '' : ` (got ${JSON.stringify(lines)})`}`);
    }
  }

  // Whatever the engine says, every line reads as words: no placeholders, no raw JSON.
  let n = 0;
  for (const q of MORE) {
    for (const r of got.get(q) || []) {
      for (const l of explainLines(r.explanation)) {
        n++;
        if (!l.text || /undefined|null|NaN|\[object/.test(l.text) || !['same', 'plus', 'minus', 'info'].includes(l.kind))
          check(false, `${q} -> ${r.id}: a line that does not read: ${JSON.stringify(l)}`);
      }
    }
  }
  check(n > 50, `${n} explanation lines of ${MORE.length} more queries all read as words`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(failures ? `${failures} failure(s)` : 'all passed');
process.exit(failures ? 1 : 0);
