// dom.js - a tiny element builder and formatting helpers. Text always goes in as text nodes,
// never as HTML, so nothing the server or the lists say can inject markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// An element from constant markup in this code (icons); never call it with data.
export function icon(markup) {
  const t = document.createElement('template');
  t.innerHTML = markup;
  return t.content.firstChild;
}

// Back within the app: history.back() when the previous entry is one of ours, else fallback
// (a deep link opened in a new tab must not leave the app on Esc). Each history entry carries
// its depth in history.state; replaceState callers keep history.state.
let depth = history.state && typeof history.state.lookoutDepth === 'number' ? history.state.lookoutDepth : 0;
if (!history.state) history.replaceState({ lookoutDepth: 0 }, '');
window.addEventListener('hashchange', () => {
  if (history.state && typeof history.state.lookoutDepth === 'number') {
    depth = history.state.lookoutDepth;
  } else {
    depth += 1;
    history.replaceState({ lookoutDepth: depth }, '');
  }
});
export function goBack(fallback) {
  if (depth > 0) history.back();
  else location.hash = fallback;
}

// el.replaceWith / el.append that skip null, false and undefined (the DOM would print them).
export function replace(el, ...nodes) {
  el.replaceWith(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
}
export function put(el, ...nodes) {
  el.append(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// "birthDate" -> "Birth date", "imoNumber" -> "IMO number".
const LABELS = {
  imoNumber: 'IMO number', mmsi: 'MMSI', callSign: 'Call sign', idNumber: 'ID number',
  taxNumber: 'Tax number', innCode: 'INN', ogrnCode: 'OGRN', swiftBic: 'SWIFT/BIC',
  leiCode: 'LEI', dob: 'Birth date', sourceUrl: 'Source URL', weakAlias: 'Weak alias', previousName: 'Previous name',
};
export function propLabel(p) {
  if (LABELS[p]) return LABELS[p];
  const words = p.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Friendly names of the default source names (lookout lists import); others as they are.
const SOURCES = {
  un_sc: 'UN Security Council', ofac_sdn: 'OFAC SDN', ofac_cons: 'OFAC consolidated (non-SDN)',
  eu_fsf: 'EU financial sanctions', uk_hmt: 'UK HM Treasury / OFSI',
};
export function sourceTitle(name) {
  return SOURCES[name] || name;
}

export function fmtScore(s) {
  return typeof s === 'number' ? s.toFixed(2) : '–';
}

export function fmtInt(n) {
  return typeof n === 'number' ? n.toLocaleString('en') : '–';
}

// ISO time -> "2026-11-29 02:19 UTC"; anything else as given.
export function fmtTime(t) {
  if (!t) return '–';
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/.exec(t);
  return m ? `${m[1]} ${m[2]} UTC` : String(t);
}

// The score bar: the fill is the score, the tick is the threshold.
export function scoreBar(score, threshold, match) {
  const pct = Math.max(0, Math.min(1, score || 0)) * 100;
  const cls = match ? 'match' : score >= threshold - 0.15 ? 'near' : 'low';
  const word = match ? 'Match' : score >= threshold - 0.15 ? 'Near miss' : 'Weak';
  return h('div', { class: 'score' },
    h('div', { class: 'label' },
      h('span', { class: `badge ${cls === 'low' ? '' : cls}` }, word),
      h('span', { class: 'num' }, fmtScore(score))),
    h('div', {
      class: `bar ${cls}`, role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '1',
      'aria-valuenow': String(score), 'aria-label': `Score ${fmtScore(score)} (threshold ${fmtScore(threshold)})`,
    },
      h('div', { class: 'fill', style: `width:${pct.toFixed(1)}%` }),
      h('div', { class: 'thr', style: `left:calc(${(threshold * 100).toFixed(1)}% - 1px)`, title: `threshold ${fmtScore(threshold)}` })));
}

export function errorBox(err) {
  return h('div', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
}
