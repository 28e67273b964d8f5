// search.js - the search page: results as you type (debounced; a newer keystroke aborts the
// request in flight), score bars against the threshold, and each result's explanation in words.
// The query lives in the hash (#/search?q=...&schema=...) so Back and reload keep it.

import { h, clear, icon, scoreBar, errorBox, put, sourceTitle, fmtScore } from './dom.js';
import * as api from './api.js';
import { explainLines, featureLines } from './explain.js';

const DEBOUNCE_MS = 140;
const MAGNIFIER = '<svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true"><circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M10.5 10.5 14 14" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>';
const EXAMPLES = ['Sergej Lawrow', 'Wladimir Putin', 'Владимир Путин', 'Kim Jong-un', 'Bank Melli', 'GRACEFUL'];
const SCHEMAS = ['Any', 'Person', 'Organization', 'Company', 'LegalEntity', 'Vessel', 'Airplane'];

let datasets = null;          // [{name, title}] from /catalog, once
const cache = new Map();      // query key -> response, so Back shows results at once
let inflight = null;          // AbortController of the request in flight
let shown = { q: null, byId: new Map(), threshold: 0.7 }; // the results on screen, for the entity page
let lastHash = '#/search';     // where "/" returns to from other pages
let timer = 0;

function keyOf(q) {
  return JSON.stringify([q.name, q.schema, q.dataset, q.birthDate, q.country]);
}

function readQuery(params) {
  return {
    name: params.get('q') || '',
    schema: params.get('schema') || 'Any',
    dataset: params.get('dataset') || 'default',
    birthDate: params.get('dob') || '',
    country: params.get('country') || '',
  };
}

function writeQuery(q) {
  const p = new URLSearchParams();
  if (q.name) p.set('q', q.name);
  if (q.schema !== 'Any') p.set('schema', q.schema);
  if (q.dataset !== 'default') p.set('dataset', q.dataset);
  if (q.birthDate) p.set('dob', q.birthDate);
  if (q.country) p.set('country', q.country);
  const s = p.toString();
  lastHash = `#/search${s ? `?${s}` : ''}`;
  history.replaceState(history.state, '', lastHash);
}

export function searchHash() {
  return lastHash;
}

// The result for entity id among the results last shown, with the query: the entity page
// repeats why it matched.
export function shownResult(id) {
  const r = shown.byId.get(id);
  return r ? { query: shown.q, result: r, threshold: shown.threshold } : null;
}

async function loadDatasets(select) {
  if (!datasets) {
    try {
      const c = await api.catalog();
      // collections ("sanctions") first, then the sources
      datasets = (c && c.datasets ? c.datasets : [])
        .map((d) => ({ name: d.name, collection: d.type === 'collection', title: d.title && d.title !== d.name ? d.title : sourceTitle(d.name) }))
        .sort((a, b) => Number(b.collection) - Number(a.collection));
    } catch {
      datasets = [];
    }
  }
  const current = select.value;
  for (const d of datasets) {
    if (d.name === 'default') continue;
    select.appendChild(h('option', { value: d.name }, d.title === d.name ? d.name : `${d.title} (${d.name})`));
  }
  select.value = current;
}

// The explanation lines of a result, from whatever the server gave.
export function resultLines(r) {
  let lines = explainLines(r.explanation);
  if (!lines.length && r.explanation_text) lines = [{ kind: 'info', text: r.explanation_text }];
  if (!lines.length && r.features) lines = featureLines(r.features);
  return lines;
}

export function whyList(lines, label, id) {
  return h('ul', { class: 'why', 'aria-label': label, id }, lines.map((l) =>
    h('li', { class: l.kind }, h('span', {}, l.text), l.effect ? h('span', { class: 'effect' }, l.effect) : null)));
}

function resultItem(r, threshold, index) {
  const lines = resultLines(r);
  return h('li', {},
    h('a', {
      class: `result card${r.match ? ' is-match' : ''}`, href: `#/entity/${encodeURIComponent(r.id)}`,
      'data-index': String(index), 'data-id': r.id,
      // A short name for the link; the explanation is its description.
      'aria-label': `${r.caption || r.id}, ${r.schema || 'entity'}, score ${fmtScore(r.score)}${r.match ? ', a match' : ''}`,
      'aria-describedby': lines.length ? `why-${index}` : null,
    },
      h('div', {},
        h('div', { class: 'title' },
          h('span', { class: 'caption' }, r.caption || r.id),
          h('span', { class: 'badge' }, r.schema || 'Thing')),
        h('div', { class: 'sub' }, [r.source || (r.datasets || []).join(', '), r.id].filter(Boolean).join(' · '))),
      scoreBar(r.score, threshold, r.match),
      lines.length ? whyList(lines, 'Why this result', `why-${index}`) : null));
}

function renderResults(box, meta, q, data) {
  clear(box);
  const results = (data && data.results) || [];
  const threshold = data && typeof data.threshold === 'number' ? data.threshold : 0.7;
  const matches = results.filter((r) => r.match).length;
  shown = { q: q.name, byId: new Map(results.map((r) => [r.id, r])), threshold };
  meta.firstChild.textContent = results.length
    ? `${results.length} result${results.length === 1 ? '' : 's'}, ${matches} at or above the threshold ${threshold.toFixed(2)}`
    : `No listed entity resembles “${q.name}”.`;
  results.forEach((r, i) => box.appendChild(resultItem(r, threshold, i)));
}

export function render(view, params) {
  const q = readQuery(params);
  const input = h('input', {
    id: 'q', type: 'search', autocomplete: 'off', spellcheck: 'false', value: q.name,
    placeholder: 'Name of a person, company, vessel… in any script', 'aria-describedby': 'search-meta',
    'aria-controls': 'results',
  });
  const schema = h('select', { id: 'f-schema' }, SCHEMAS.map((s) => h('option', { value: s }, s === 'Any' ? 'Any type' : s)));
  schema.value = q.schema;
  const dataset = h('select', { id: 'f-dataset' }, h('option', { value: 'default' }, 'All lists'));
  dataset.value = q.dataset;
  const dob = h('input', { id: 'f-dob', type: 'text', inputmode: 'numeric', placeholder: 'YYYY, YYYY-MM or YYYY-MM-DD', value: q.birthDate, pattern: '\\d{4}(-\\d\\d){0,2}' });
  const country = h('input', { id: 'f-country', type: 'text', placeholder: 'e.g. RU or Russia', value: q.country });
  const meta = h('div', { class: 'search-meta', id: 'search-meta', role: 'status', 'aria-live': 'polite' }, h('span', {}, ''), h('span', {}, ''));
  const box = h('ol', { class: 'results', id: 'results', 'aria-label': 'Search results' });
  // Before the first keystroke: what can be searched, with examples that run on a click.
  const intro = h('section', { class: 'intro card panel', 'aria-label': 'Examples' },
    h('p', {}, 'Search every active list at once: people, organisations, vessels and aircraft, in any script or spelling. Each result says in words why it matched.'),
    h('ul', { class: 'examples' }, EXAMPLES.map((x) => h('li', {}, h('button', {
      type: 'button', onclick: () => { input.value = x; run(); input.focus(); },
    }, x)))));

  put(clear(view), 
    h('h1', { class: 'visually-hidden' }, 'Search the lists'),
    h('div', { class: 'search-box', role: 'search' },
      h('label', { for: 'q', class: 'visually-hidden' }, 'Search names'),
      icon(MAGNIFIER),
      input,
      h('span', { class: 'hint', 'aria-hidden': 'true' }, h('kbd', {}, '/'))),
    h('div', { class: 'filters', role: 'group', 'aria-label': 'Filters' },
      h('div', { class: 'field' }, h('label', { for: 'f-schema' }, 'Type'), schema),
      h('div', { class: 'field' }, h('label', { for: 'f-dataset' }, 'List'), dataset),
      h('div', { class: 'field' }, h('label', { for: 'f-dob' }, 'Birth date'), dob),
      h('div', { class: 'field' }, h('label', { for: 'f-country' }, 'Country'), country)),
    meta, box, intro);
  loadDatasets(dataset);

  const current = () => ({
    name: input.value.trim(), schema: schema.value, dataset: dataset.value,
    birthDate: dob.value.trim(), country: country.value.trim(),
  });

  async function run() {
    const cur = current();
    writeQuery(cur);
    if (inflight) inflight.abort();
    inflight = null;
    intro.hidden = Boolean(cur.name);
    if (!cur.name) {
      clear(box);
      meta.firstChild.textContent = 'Type a name: results appear as you type. Filters narrow them down.';
      meta.lastChild.textContent = '';
      return;
    }
    if (cur.birthDate && !dob.checkValidity()) {
      meta.firstChild.textContent = 'Birth date: write it as YYYY, YYYY-MM or YYYY-MM-DD.';
      return;
    }
    const k = keyOf(cur);
    if (cache.has(k)) {
      renderResults(box, meta, cur, cache.get(k));
      meta.lastChild.textContent = '';
      return;
    }
    const ctl = new AbortController();
    inflight = ctl;
    meta.lastChild.textContent = 'Searching…';
    const t0 = performance.now();
    try {
      const data = await api.screen(cur, ctl.signal);
      if (ctl.signal.aborted) return;
      cache.set(k, data);
      if (cache.size > 50) cache.delete(cache.keys().next().value);
      renderResults(box, meta, cur, data);
      meta.lastChild.textContent = `${Math.round(performance.now() - t0)} ms`;
    } catch (e) {
      if (e.name === 'AbortError') return;
      clear(box).appendChild(h('li', {}, errorBox(e)));
      meta.firstChild.textContent = '';
      meta.lastChild.textContent = '';
    } finally {
      if (inflight === ctl) inflight = null;
    }
  }
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  };
  input.addEventListener('input', soon);
  for (const f of [dob, country]) f.addEventListener('input', soon);
  for (const f of [schema, dataset]) f.addEventListener('change', run);

  // Arrow keys: from the box into the results and through them; Enter opens (a link does).
  view.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [...box.querySelectorAll('a.result')];
    if (!items.length) return;
    const at = items.indexOf(document.activeElement);
    if (document.activeElement === input && e.key === 'ArrowDown') {
      e.preventDefault();
      items[0].focus();
    } else if (at >= 0) {
      e.preventDefault();
      if (e.key === 'ArrowDown') items[Math.min(at + 1, items.length - 1)].focus();
      else if (at === 0) input.focus();
      else items[at - 1].focus();
    }
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      const first = box.querySelector('a.result');
      if (first) location.hash = first.getAttribute('href');
    } else if (e.key === 'Escape' && input.value) {
      e.stopPropagation();
      input.value = '';
      run();
    }
  });

  run();
  input.focus();
  return { focusSearch: () => input.focus() };
}
