// explain.js - the matcher's explanation (src/lib/match/explain.c, docs/MATCHING.md) in words
// an analyst reads at a glance: one line per aligned name part and per feature, e.g.
// "Surname Lawrow is a transliteration of Lavrov", "Birth date matches exactly (1952-10-07)".
// Each line is {kind, text, effect}: kind 'same' (agrees), 'plus' (raises the score), 'minus'
// (lowers it) or 'info'; effect is a short note on its weight.

const ROLE = {
  family: 'Surname', given: 'Given name', patronymic: 'Patronymic', name: 'Name part',
  particle: 'Particle', title: 'Title', initial: 'Initial', 'legal form': 'Legal form',
  generic: 'Generic word', number: 'Number', word: 'Name word',
};
const MINOR = new Set(['patronymic', 'particle', 'title', 'legal form', 'generic']);

const TRANSLIT = {
  'hangul-mr': 'the Hangul was read in McCune-Reischauer romanisation',
  'hangul-dprk': 'the Hangul was read as North Korean (DPRK) usage spells it',
  'hangul-loanword': 'the Hangul was read as a foreign name written in Korean script',
  'han-mandarin': 'the Chinese characters were read in Mandarin',
  'han-japanese': 'the Chinese characters were read in Japanese',
  'cyrillic-korean': 'the Cyrillic was read as a Korean name in Russian transcription',
};

// "lavrov" -> "Lavrov"; keeps digits and inner capitals of the listed form.
function word(s) {
  if (!s) return '';
  return s.split(/([\s-])/).map((w) => (w.length > 1 ? w[0].toUpperCase() + w.slice(1) : w.toUpperCase())).join('');
}

function pct(x) {
  return `${Math.round(x * 100)}%`;
}

function partLine(p) {
  const role = ROLE[p.role] || 'Name part';
  const q = word(p.query), c = word(p.candidate);
  switch (p.how) {
    case 'exact':
      return { kind: 'same', text: `${role} ${c} matches exactly` };
    case 'phonetic':
      if (p.similarity >= 0.96)
        return { kind: 'same', text: `${role} ${q} is a transliteration of ${c}` };
      if (p.similarity >= 0.9)
        return { kind: 'same', text: `${role} ${q} is the same Korean syllable as ${c} in another romanisation` };
      return { kind: 'same', text: `${role} ${c} has the same consonants as the query's “${p.query}” (its script leaves vowels out or blurs them)`, effect: `credit ${pct(p.similarity)}` };
    case 'fuzzy':
      return { kind: 'same', text: `${role} ${q} is spelled close to ${c} (a likely typo or variant)`, effect: `credit ${pct(p.similarity)}` };
    case 'initial':
      return { kind: 'same', text: `Initial ${q.length === 1 ? q : c} stands for ${q.length === 1 ? c : q}` };
    case 'joined':
      return { kind: 'same', text: `${q} and ${c} are the same name written as one word or two`, effect: `credit ${pct(p.similarity)}` };
    default:
      if (p.candidate && !p.query) {
        const minor = MINOR.has(p.role);
        return {
          kind: minor ? 'info' : 'minus',
          text: `The listed ${role.toLowerCase()} ${c} is not in the query`,
          effect: minor ? 'counts little' : 'lowers the score',
        };
      }
      return { kind: 'minus', text: `The query's ${word(p.query)} has no counterpart in the listed name`, effect: 'lowers the score' };
  }
}

// "imoNumber" -> "IMO number", "passportNumber" -> "passport number".
function idLabel(prop) {
  const special = { imoNumber: 'IMO number', mmsi: 'MMSI', idNumber: 'ID number', swiftBic: 'SWIFT/BIC', leiCode: 'LEI', innCode: 'INN', ogrnCode: 'OGRN', vatCode: 'VAT number' };
  return special[prop] || prop.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const DATE_RE = /birth date (\S+) .* listed (\S+)/;

function featureLine(f) {
  const d = f.delta || 0;
  const kind = d > 0 ? 'plus' : d < 0 ? 'minus' : 'info';
  const effect = `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d).toFixed(2)}`;
  const detail = f.detail || '';
  let text;
  const m = DATE_RE.exec(detail);
  switch (f.feature) {
    case 'birthDate':
      if (!m) text = detail;
      else if (d >= 0.05) text = `Birth date matches exactly (${m[2]})`;
      else if (d >= 0.02) text = m[1].length === 4 ? `Birth year ${m[1]} matches the listed ${m[2]}` : `Birth date agrees as far as both are known (${m[1]} ~ ${m[2]})`;
      else if (d > 0) text = `Birth date matches with day and month swapped (${m[1]} ~ ${m[2]})`;
      else if (d > -0.1) text = `Birth date is close to, but not the same as, the listed ${m[2]}`;
      else text = `Birth date ${m[1]} contradicts the listed ${m[2]}`;
      break;
    case 'country': {
      const cm = /country (\S+)/.exec(detail);
      const ex = /\(e\.g\. ([^)]+)\)/.exec(detail);
      text = d > 0 ? `Country ${cm ? cm[1].toUpperCase() : ''} is among the entity's countries`
        : `Country ${cm ? cm[1].toUpperCase() : ''} is not among the entity's countries${ex ? ` (listed: ${ex[1].toUpperCase()})` : ''}`;
      break;
    }
    case 'gender': {
      const g = /gender (\S+) contradicts the listed (\S+)/.exec(detail);
      text = g ? `Gender ${g[1]} contradicts the listed ${g[2]}` : detail;
      break;
    }
    case 'identifier': {
      const im = /^identifier (.+) equals the listed (\w+) (.+)$/.exec(detail);
      if (d > 0 && im) text = `Identifier matches: ${im[1]} is the listed ${idLabel(im[2])} ${im[3]}`;
      else if (d > 0) text = `Identifier matches: ${detail.replace(/^identifier /, '')}`;
      else text = `Different IMO number: ${detail.replace(/^IMO number /, '')}`;
      break;
    }
    case 'weakAlias':
      text = 'Matched only a weak alias, which the list itself rates as low quality';
      break;
    default:
      text = detail ? detail.charAt(0).toUpperCase() + detail.slice(1) : f.feature;
  }
  return { kind, text, effect };
}

// The whole explanation as lines, the name parts first (strongest first), then features.
export function explainLines(x) {
  if (!x) return [];
  const lines = [];
  if (x.matched_property && x.matched_property !== 'name' && x.matched_name)
    lines.push({ kind: 'info', text: `Matched the listed ${x.matched_property === 'alias' ? 'alias' : x.matched_property.replace(/([A-Z])/g, ' $1').toLowerCase()} “${x.matched_name}”` });
  if (x.transliteration && TRANSLIT[x.transliteration])
    lines.push({ kind: 'info', text: TRANSLIT[x.transliteration].charAt(0).toUpperCase() + TRANSLIT[x.transliteration].slice(1) });
  // Parts that met in the order the listed name has them ("KIM, Jong Un": Kim, Jong, Un),
  // then query words that met nothing, then listed parts the query lacks.
  const listed = (x.matched_name || '').toLowerCase();
  const pos = (p) => {
    const i = p.candidate ? listed.indexOf(p.candidate) : -1;
    return i < 0 ? listed.length : i;
  };
  const group = (p) => (p.how !== 'unmatched' ? 0 : p.query ? 1 : 2);
  const parts = (x.parts || []).slice();
  parts.sort((a, b) => group(a) - group(b) || pos(a) - pos(b) || (b.weight || 0) - (a.weight || 0));
  for (const p of parts) lines.push(partLine(p));
  for (const f of x.features || []) lines.push(featureLine(f));
  return lines;
}

// yente's features ({"name_literal_match": 1.0, ...}) when no Lookout explanation came back.
export function featureLines(features) {
  return Object.entries(features || {}).map(([k, v]) => ({
    kind: v > 0 ? 'plus' : v < 0 ? 'minus' : 'info',
    text: k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    effect: typeof v === 'number' ? v.toFixed(2) : String(v),
  }));
}
