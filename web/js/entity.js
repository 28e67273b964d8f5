// entity.js - one listed entity: every property with the provenance of each value (file and
// line or element of the official list), its source and the list version it comes from.

import { h, clear, propLabel, fmtInt, fmtTime, errorBox, scoreBar, replace, put, goBack } from './dom.js';
import * as api from './api.js';
import { shownResult, resultLines, whyList, searchHash } from './search.js';

// Names first, then who/what, then the rest in the order the list gave them.
const FIRST = ['name', 'alias', 'weakAlias', 'previousName', 'firstName', 'middleName', 'lastName',
  'fatherName', 'title', 'birthDate', 'birthPlace', 'deathDate', 'gender', 'nationality', 'citizenship',
  'country', 'jurisdiction', 'flag', 'position', 'program', 'listingDate'];

function orderProps(props) {
  const keys = Object.keys(props);
  const rank = (k) => { const i = FIRST.indexOf(k); return i < 0 ? FIRST.length : i; };
  return keys.map((k, i) => [k, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map((x) => x[0]);
}

function value(prop, v) {
  if (prop === 'sourceUrl' && /^https?:\/\//.test(v))
    return h('a', { href: v, rel: 'noopener noreferrer', target: '_blank' }, v);
  if (['nationality', 'citizenship', 'country', 'jurisdiction', 'flag'].includes(prop) && /^[a-z]{2}$/.test(v))
    return h('span', { title: 'ISO 3166-1 country code' }, v.toUpperCase());
  return v;
}

function versionBox(v, source) {
  if (!v) return h('p', { class: 'muted small' }, `From ${source || 'an unknown list'}.`);
  const hash = v.hash ? String(v.hash) : '';
  return h('dl', { class: 'kv' },
    h('dt', {}, 'List'), h('dd', {}, h('a', { href: `#/lists/${encodeURIComponent(v.source || source)}` }, v.source || source)),
    h('dt', {}, 'Version'), h('dd', {}, `${v.version}`, v.active === false ? h('span', { class: 'badge', style: 'margin-left:.4rem' }, 'not active') : null),
    v.format ? [h('dt', {}, 'Format'), h('dd', {}, v.format)] : null,
    h('dt', {}, 'Published'), h('dd', {}, v.published || 'not stated by the list'),
    h('dt', {}, 'Imported'), h('dd', {}, fmtTime(v.imported_at)),
    v.entities ? [h('dt', {}, 'Entities'), h('dd', {}, fmtInt(v.entities))] : null,
    h('dt', {}, 'Content hash'), h('dd', { class: 'mono', title: hash }, hash.slice(0, 16) + (hash.length > 16 ? '…' : '')));
}

// Why this entity came up for the search the analyst came from, if they came from one.
function whyBox(id) {
  const s = shownResult(id);
  if (!s) return null;
  const lines = resultLines(s.result);
  return h('section', { class: 'card panel', style: 'margin-top:1rem', 'aria-labelledby': 'why-h' },
    h('div', { class: 'row', style: 'align-items:flex-start' },
      h('div', { style: 'flex:1;min-width:16rem' },
        h('h2', { id: 'why-h' }, `Why it matched “${s.query}”`),
        lines.length ? whyList(lines, 'Why it matched') : h('p', { class: 'muted' }, 'No explanation came with this result.')),
      h('div', { style: 'width:12rem' }, scoreBar(s.result.score, s.threshold, s.result.match))));
}

export async function render(view, id) {
  put(clear(view), 
    h('a', { class: 'back', href: searchHash(), onclick: (e) => { e.preventDefault(); goBack(searchHash()); } }, '← Back'),
    h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  let e;
  try {
    e = await api.entity(id);
  } catch (err) {
    replace(view.lastChild, err.status === 404 ? h('div', { class: 'notice' }, `No entity ${id} in the active lists.`) : errorBox(err));
    return;
  }
  const props = e.properties || {};
  const prov = e.provenance || {};
  // The server gives source as {name, version, imported_at, published, hash}; the CLI's JSON
  // as a name with a separate "version" object.
  const version = e.source && typeof e.source === 'object' ? { ...e.source, source: e.source.name } : e.version;
  const source = version ? version.source : e.source || (e.datasets || [])[0];
  const nativeId = e.native_id || (e.referents || [])[0];
  const rows = orderProps(props).map((p) =>
    h('tr', {},
      h('th', { scope: 'row' }, propLabel(p)),
      h('td', {}, h('ul', {}, (props[p] || []).map((v, i) =>
        h('li', {}, value(p, String(v)), prov[p] && prov[p][i] ? h('span', { class: 'prov', title: 'Where the list says so' }, prov[p][i]) : null))))));
  const names = new Set([...(props.name || []), ...(props.alias || [])]);
  replace(view.lastChild, 
    h('article', { 'aria-labelledby': 'entity-title' },
      h('div', { class: 'entity-head' },
        h('div', {},
          h('h1', { id: 'entity-title' }, e.caption || e.id),
          h('div', { class: 'row small muted' },
            h('span', { class: 'badge' }, e.schema || 'Thing'),
            h('span', { class: 'mono' }, e.id),
            nativeId ? h('span', {}, `list id ${nativeId}`) : null,
            source ? h('span', {}, `on ${source}`) : null)),
        names.size ? h('a', { class: 'button', href: `#/search?q=${encodeURIComponent([...names][0])}` }, 'Search this name') : null),
      whyBox(id),
      h('div', { class: 'grid-2', style: 'margin-top:1rem' },
        h('section', { class: 'card panel', 'aria-labelledby': 'props-h' },
          h('h2', { id: 'props-h' }, 'Properties'),
          h('p', { class: 'muted small' }, 'As the list publishes them; the grey note after a value is where it comes from in the list file.'),
          rows.length ? h('table', { class: 'props' }, h('tbody', {}, rows)) : h('p', { class: 'muted' }, 'No properties.')),
        h('section', { class: 'card panel', 'aria-labelledby': 'src-h' },
          h('h2', { id: 'src-h' }, 'Source'),
          versionBox(version, source),
          e.first_seen || e.last_change ? h('dl', { class: 'kv', style: 'margin-top:.75rem' },
            e.first_seen ? [h('dt', {}, 'First seen'), h('dd', {}, fmtTime(e.first_seen))] : null,
            e.last_change ? [h('dt', {}, 'Last change'), h('dd', {}, fmtTime(e.last_change))] : null) : null))));
}
