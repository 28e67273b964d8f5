// lists.js - the lists in the store (active version of each source), a source's versions, and
// the diff between two versions: entities added, removed and changed (with the properties
// that changed). Ids link to the entity page; names of listed ids are fetched for the page
// shown, a few at a time.

import { h, clear, fmtInt, fmtTime, errorBox, propLabel, sourceTitle, replace, put } from './dom.js';
import * as api from './api.js';

const PAGE = 50;

function versionsOf(data) {
  if (Array.isArray(data)) return data;
  return (data && (data.versions || data.sources || data.lists)) || [];
}

export async function renderOverview(view) {
  put(clear(view), h('h1', {}, 'Lists'), h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  let data;
  try {
    data = await api.lists();
  } catch (e) {
    replace(view.lastChild, errorBox(e));
    return;
  }
  const rows = versionsOf(data);
  if (!rows.length) {
    replace(view.lastChild, h('div', { class: 'notice' }, 'No lists in the store yet: import one with lookout lists import.'));
    return;
  }
  replace(view.lastChild, 
    h('p', { class: 'muted' }, 'The active version of each list; open a list to see its versions and what changed between them.'),
    h('div', { class: 'card table-wrap' },
      h('table', { class: 'data' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'List'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Published'),
          h('th', { scope: 'col' }, 'Imported'), h('th', { scope: 'col', class: 'num' }, 'Entities'),
          h('th', { scope: 'col', class: 'num' }, 'Names'), h('th', { scope: 'col', class: 'num' }, 'Warnings'))),
        h('tbody', {}, rows.map((v) => h('tr', {},
          h('td', {}, h('a', { href: `#/lists/${encodeURIComponent(v.source)}` }, sourceTitle(v.source)),
            h('div', { class: 'muted small' }, [v.source !== sourceTitle(v.source) ? v.source : null, v.format].filter(Boolean).join(' · '))),
          h('td', {}, String(v.version)),
          h('td', {}, v.published || '–'),
          h('td', {}, fmtTime(v.imported_at)),
          h('td', { class: 'num' }, fmtInt(v.entities)),
          h('td', { class: 'num' }, fmtInt(v.names)),
          h('td', { class: 'num' }, v.warnings ? h('span', { class: 'badge near' }, String(v.warnings)) : '0'))))))); 
}

// Names for a page of ids, four requests at a time; missing ones (removed entities) stay ids.
async function fillNames(items) {
  const queue = items.slice();
  const worker = async () => {
    for (let it = queue.shift(); it; it = queue.shift()) {
      try {
        const e = await api.entity(it.id);
        it.name.textContent = e.caption || '';
        if (e.schema) it.name.after(' ', h('span', { class: 'badge' }, e.schema));
      } catch {
        it.name.textContent = '';
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

function diffList(kind, entries) {
  const ul = h('ul', { class: 'diff-list' });
  let shown = 0;
  const more = h('button', { type: 'button' }, 'Show more');
  const page = () => {
    const chunk = entries.slice(shown, shown + PAGE);
    const items = [];
    for (const x of chunk) {
      const id = typeof x === 'string' ? x : x.id;
      const name = h('span', {}, x.caption || '');
      if (!x.caption) items.push({ id, name });
      ul.appendChild(h('li', {},
        h('a', { class: 'id', href: `#/entity/${encodeURIComponent(id)}` }, id),
        h('div', { class: 'what' }, name,
          x.properties ? h('div', { class: 'muted small' }, `Changed: ${x.properties.map(propLabel).join(', ')}`) : null)));
    }
    shown += chunk.length;
    more.hidden = shown >= entries.length;
    more.textContent = `Show ${Math.min(PAGE, entries.length - shown)} more of ${fmtInt(entries.length - shown)}`;
    // Removed entities are not in the active version; their names are not fetched.
    if (kind !== 'removed' && items.length) fillNames(items);
  };
  more.addEventListener('click', page);
  page();
  return entries.length
    ? h('div', {}, ul, h('div', { style: 'margin-top:.5rem' }, more))
    : h('p', { class: 'muted' }, `No entities ${kind}.`);
}

function renderDiff(box, d) {
  const counts = d.counts || {};
  const tabs = ['added', 'removed', 'changed'];
  const panel = h('div', { role: 'tabpanel', id: 'diff-panel' });
  const buttons = tabs.map((k) => h('button', {
    type: 'button', role: 'tab', id: `tab-${k}`, 'aria-controls': 'diff-panel', 'aria-selected': 'false', tabindex: '-1',
  }, `${k[0].toUpperCase()}${k.slice(1)} (${fmtInt(counts[k] ?? (d[k] || []).length)})`));
  const select = (i) => {
    buttons.forEach((b, j) => { b.setAttribute('aria-selected', String(i === j)); b.tabIndex = i === j ? 0 : -1; });
    panel.setAttribute('aria-labelledby', buttons[i].id);
    clear(panel).appendChild(diffList(tabs[i], d[tabs[i]] || []));
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => select(i));
    b.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const j = (i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
      select(j);
      buttons[j].focus();
    });
  });
  put(clear(box), 
    h('h2', {}, `Changes from version ${d.from} to version ${d.to}`),
    tabs.some((k) => (counts[k] || 0) > (d[k] || []).length)
      ? h('p', { class: 'muted small' }, `The first ${fmtInt(api.DIFF_LIMIT)} ids of each kind are listed; the counts are complete.`) : null,
    h('div', { class: 'counts' },
      ['added', 'removed', 'changed', 'unchanged'].map((k) => h('div', { class: `count card ${k}` },
        h('div', { class: 'n' }, fmtInt(counts[k])), h('div', { class: 'muted small' }, k)))),
    h('div', { class: 'card panel' }, h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Kind of change' }, buttons), panel));
  select(0);
}

export async function renderSource(view, source, params) {
  put(clear(view), 
    h('a', { class: 'back', href: '#/lists' }, '← All lists'),
    h('h1', {}, sourceTitle(source), source !== sourceTitle(source) ? h('span', { class: 'muted small mono', style: 'margin-left:.6rem;font-weight:400' }, source) : null),
    h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  let vs;
  try {
    vs = versionsOf(await api.versions(source));
  } catch (e) {
    replace(view.lastChild, errorBox(e));
    return;
  }
  // Newest first for reading; the diff compares in import order.
  vs = vs.slice().sort((a, b) => b.version - a.version);
  const diffBox = h('section', { 'aria-live': 'polite', style: 'margin-top:1.25rem' });
  const pick = (name, label, val) => {
    const s = h('select', { id: `d-${name}` }, vs.map((v) => h('option', { value: String(v.version) }, `${v.version}${v.published ? ` (${v.published})` : ''}`)));
    if (val) s.value = String(val);
    return [h('label', { for: `d-${name}` }, label), s];
  };
  const from = params.get('from') || (vs[1] && vs[1].version);
  const to = params.get('to') || (vs[0] && vs[0].version);
  const [fl, fs] = pick('from', 'From version', from);
  const [tl, ts] = pick('to', 'To version', to);
  const go = h('button', { type: 'submit', class: 'primary' }, 'Compare');
  const form = h('form', { class: 'row', style: 'align-items:flex-end' },
    h('div', { class: 'field' }, fl, fs), h('div', { class: 'field' }, tl, ts), go);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/lists/${encodeURIComponent(source)}?from=${fs.value}&to=${ts.value}`;
  });
  replace(view.lastChild, 
    h('div', { class: 'card table-wrap' },
      h('table', { class: 'data', 'aria-label': `Versions of ${source}` },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Published'), h('th', { scope: 'col' }, 'Imported'),
          h('th', { scope: 'col', class: 'num' }, 'Entities'), h('th', { scope: 'col', class: 'num' }, 'Names'), h('th', { scope: 'col' }, 'Hash'))),
        h('tbody', {}, vs.map((v) => h('tr', { class: v.active ? 'selected' : '' },
          h('td', {}, String(v.version), v.active ? h('span', { class: 'badge good', style: 'margin-left:.5rem' }, 'active') : null),
          h('td', {}, v.published || '–'),
          h('td', {}, fmtTime(v.imported_at)),
          h('td', { class: 'num' }, fmtInt(v.entities)),
          h('td', { class: 'num' }, fmtInt(v.names)),
          h('td', { class: 'mono small', title: v.hash || '' }, (v.hash || '').slice(0, 12))))))),
    vs.length >= 2 ? h('div', { class: 'card panel', style: 'margin-top:1rem' }, h('h2', {}, 'Compare versions'), form)
      : h('p', { class: 'notice', style: 'margin-top:1rem' }, 'Only one version so far: a diff needs two.'),
    diffBox);
  if (vs.length >= 2 && from && to) {
    diffBox.appendChild(h('p', { class: 'muted' }, 'Comparing…'));
    try {
      renderDiff(diffBox, await api.diff(source, from, to));
    } catch (e) {
      clear(diffBox).appendChild(errorBox(e));
    }
  }
}
