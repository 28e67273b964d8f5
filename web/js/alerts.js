// alerts.js - the alerts queue (filter by status) and one alert: the customer, the listed
// entity, why they matched, earlier decisions, and the decision form (true match, false
// positive or escalate, with a required reason). Deciding needs an API key with the write role,
// pasted in Settings; the server records the decision with the key's id in the audit trail.

import { h, clear, fmtScore, fmtTime, scoreBar, errorBox, propLabel, replace, put, goBack } from './dom.js';
import * as api from './api.js';
import { explainLines } from './explain.js';

const STATUSES = ['open', 'escalated', 'true-match', 'false-positive', 'closed'];
const DECISIONS = [
  ['true-match', 'True match', 'The customer is the listed party.'],
  ['false-positive', 'False positive', 'Not the listed party; suppressed until either side changes.'],
  ['escalate', 'Escalate', 'Needs a second look by someone senior.'],
];

function statusBadge(s) {
  return h('span', { class: `badge status-${s}` }, String(s || '').replace('-', ' '));
}

function alertsOf(data) {
  return Array.isArray(data) ? data : (data && (data.alerts || data.results)) || [];
}

export async function renderQueue(view, params) {
  const status = params.get('status') ?? 'open';
  const filter = h('select', { id: 'a-status' },
    h('option', { value: '' }, 'All statuses'),
    STATUSES.map((s) => h('option', { value: s }, s.replace('-', ' '))));
  filter.value = status;
  filter.addEventListener('change', () => { location.hash = `#/alerts?status=${filter.value}`; });
  put(clear(view), 
    h('div', { class: 'row' }, h('h1', {}, 'Alerts'), h('span', { class: 'spacer' }),
      h('div', { class: 'field' }, h('label', { for: 'a-status' }, 'Status'), filter)),
    h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  let rows;
  try {
    rows = alertsOf(await api.alerts(status));
  } catch (e) {
    replace(view.lastChild, errorBox(e));
    return;
  }
  if (!rows.length) {
    replace(view.lastChild, h('div', { class: 'card empty' }, status ? `No ${status.replace('-', ' ')} alerts.` : 'No alerts.'));
    return;
  }
  replace(view.lastChild, 
    h('p', { class: 'muted' }, `${rows.length} alert${rows.length === 1 ? '' : 's'}. Open one to review it and decide.`),
    h('div', { class: 'card table-wrap' },
      h('table', { class: 'data' },
        h('thead', {}, h('tr', {},
          ['Alert', 'Customer', 'Listed entity', 'List', 'Score', 'Status', 'Raised'].map((c, i) =>
            h('th', { scope: 'col', class: i === 4 ? 'num' : '' }, c)))),
        h('tbody', {}, rows.map((a) => h('tr', {},
          h('td', {}, h('a', { href: `#/alerts/${encodeURIComponent(a.id)}`, class: 'alert-link' }, `#${a.id}`)),
          h('td', {}, a.customer_name ? [a.customer_name, h('div', { class: 'muted small' }, a.customer_ref)] : a.customer_ref),
          h('td', { 'data-entity': a.entity_id }, a.entity_caption ? [a.entity_caption, h('div', { class: 'muted small mono' }, a.entity_id)] : h('span', { class: 'mono' }, a.entity_id)),
          h('td', {}, a.source || '–'),
          h('td', { class: 'num' }, fmtScore(a.score)),
          h('td', {}, statusBadge(a.status)),
          h('td', { class: 'small' }, fmtTime(a.created_at)))))))); 
  const first = view.querySelector('a.alert-link');
  if (first) first.focus();
  fillCaptions(view);
}

// Names of the listed entities the queue shows only by id, a few requests at a time.
const captions = new Map();
async function fillCaptions(view) {
  const cells = [...view.querySelectorAll('td[data-entity]')].filter((td) => td.querySelector('span.mono'));
  const fill = (td, caption) => {
    if (caption) put(clear(td), caption, h('div', { class: 'muted small mono' }, td.dataset.entity));
  };
  const queue = cells.slice();
  const worker = async () => {
    for (let td = queue.shift(); td; td = queue.shift()) {
      const id = td.dataset.entity;
      if (!captions.has(id)) {
        try {
          captions.set(id, (await api.entity(id)).caption || '');
        } catch {
          captions.set(id, ''); // no longer listed: the id stays
        }
      }
      fill(td, captions.get(id));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

function kvOf(obj, skip) {
  const items = [];
  for (const [k, v] of Object.entries(obj || {})) {
    if (skip.includes(k) || v === null || v === undefined || v === '' || v === false || (Array.isArray(v) && !v.length)) continue;
    if (typeof v === 'object' && !Array.isArray(v)) continue;
    if (k === 'screened') continue;
    const labels = { id: 'Identifier', removed: 'Removed from the customer base', schema: 'Type', created_at: 'Added', updated_at: 'Last changed' };
    const text = v === true ? 'yes' : Array.isArray(v) ? v.join('; ') : k.endsWith('_at') ? fmtTime(v) : String(v);
    items.push(h('dt', {}, labels[k] || propLabel(k)), h('dd', {}, text));
  }
  return h('dl', { class: 'kv' }, items);
}

function entityBox(e, id) {
  if (!e || typeof e !== 'object') return h('p', {}, h('a', { href: `#/entity/${encodeURIComponent(id)}` }, id));
  const props = e.properties || {};
  const keep = ['name', 'alias', 'birthDate', 'nationality', 'country', 'imoNumber', 'program'];
  return h('div', {},
    h('p', {}, h('a', { href: `#/entity/${encodeURIComponent(e.id || id)}` }, e.caption || e.id || id), ' ',
      h('span', { class: 'badge' }, e.schema || ''), ' ', h('span', { class: 'muted small mono' }, e.id || id)),
    h('dl', { class: 'kv' }, keep.filter((k) => props[k] && props[k].length).map((k) =>
      [h('dt', {}, propLabel(k)), h('dd', {}, props[k].slice(0, 6).join('; '))])));
}

export async function renderAlert(view, id) {
  put(clear(view), 
    h('a', { class: 'back', href: '#/alerts', onclick: (e) => { e.preventDefault(); goBack('#/alerts'); } }, '← Alerts'),
    h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  let a;
  try {
    a = await api.alert(id);
  } catch (e) {
    replace(view.lastChild, errorBox(e));
    return;
  }
  a = a && a.alert ? { ...a.alert, ...a, alert: undefined } : a;
  const customer = a.customer || { ref: a.customer_ref };
  const x = a.explanation || (a.match && a.match.explanation);
  const lines = explainLines(x);
  const decisions = a.decisions || [];
  const threshold = typeof a.threshold === 'number' ? a.threshold : 0.7;

  const reason = h('textarea', { id: 'reason', required: true, 'aria-required': 'true', placeholder: 'What you checked and why you decided so (kept in the audit trail)' });
  const msg = h('div', { role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Record decision');
  // novalidate: the checks below say what is missing in the page, for every browser alike.
  const form = h('form', { class: 'decide', 'aria-labelledby': 'decide-h', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Decision'),
      DECISIONS.map(([v, label, hint], i) => h('label', { class: 'choice', title: hint },
        h('input', { type: 'radio', name: 'decision', value: v, required: i === 0 }), label))),
    h('div', { class: 'field', style: 'margin-bottom:.75rem' }, h('label', { for: 'reason' }, 'Reason (required)'), reason),
    h('div', { class: 'row' }, submit,
      api.settings.key ? h('span', { class: 'muted small' }, 'Signed with the API key from Settings.')
        : h('span', { class: 'muted small' }, 'Needs a write key: ', h('a', { href: '#/settings' }, 'paste one in Settings'), '.')),
    msg);
  // A message about an earlier attempt goes once the analyst starts writing the reason.
  reason.addEventListener('input', () => { if (reason.value.trim()) clear(msg); });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const choice = form.querySelector('input[name=decision]:checked');
    clear(msg);
    if (!choice) { msg.appendChild(errorBox('Choose a decision.')); return; }
    if (!reason.value.trim()) { msg.appendChild(errorBox('A reason is required.')); reason.focus(); return; }
    submit.disabled = true;
    try {
      await api.decide(a.id ?? id, choice.value, reason.value.trim());
      msg.appendChild(h('p', { class: 'badge good', style: 'font-size:.9rem' }, 'Decision recorded.'));
      setTimeout(() => renderAlert(view, id), 600);
    } catch (err) {
      msg.appendChild(errorBox(err));
      submit.disabled = false;
    }
  });

  replace(view.lastChild, 
    h('div', { class: 'entity-head' },
      h('div', {}, h('h1', {}, `Alert #${a.id ?? id}`),
        h('div', { class: 'row small muted' }, statusBadge(a.status), a.source ? h('span', {}, `list ${a.source}`) : null,
          a.created_at ? h('span', {}, `raised ${fmtTime(a.created_at)}`) : null),
        a.closed_reason ? h('p', { class: 'notice small', style: 'margin-top:.5rem' }, `Closed: ${a.closed_reason}`) : null),
      h('div', { style: 'min-width:12rem' }, scoreBar(a.score, threshold, a.score >= threshold))),
    h('div', { class: 'grid-2', style: 'margin-top:1rem' },
      h('section', { class: 'card panel', 'aria-labelledby': 'cust-h' }, h('h2', { id: 'cust-h' }, 'Customer'),
        h('p', {}, h('strong', {}, customer.name || customer.ref || a.customer_ref), ' ', h('span', { class: 'muted small mono' }, customer.ref || a.customer_ref)),
        kvOf(customer, ['name', 'ref'])),
      h('section', { class: 'card panel', 'aria-labelledby': 'ent-h' }, h('h2', { id: 'ent-h' }, 'Listed entity'),
        entityBox(a.entity, a.entity_id))),
    h('section', { class: 'card panel', 'aria-labelledby': 'why-h' }, h('h2', { id: 'why-h' }, 'Why they matched'),
      x && x.query_name ? h('p', { class: 'muted small' }, `“${x.query_name}” against “${x.matched_name}”`) : null,
      lines.length ? h('ul', { class: 'why' }, lines.map((l) => h('li', { class: l.kind }, h('span', {}, l.text), l.effect ? h('span', { class: 'effect' }, l.effect) : null)))
        : h('p', { class: 'muted' }, 'No explanation was stored with this alert.')),
    decisions.length ? h('section', { class: 'card panel', 'aria-labelledby': 'hist-h' }, h('h2', { id: 'hist-h' }, 'Decisions'),
      h('ul', { class: 'history' }, decisions.map((d) => h('li', {},
        statusBadge(d.decision), h('span', {}, d.reason), h('span', { class: 'muted small' }, `${d.by || d.key_id || ''} ${fmtTime(d.created_at || d.at)}`))))) : null,
    h('section', { class: 'card panel', 'aria-labelledby': 'decide-h' },
      h('h2', { id: 'decide-h' }, decisions.length ? 'Decide again' : 'Decide'),
      decisions.length ? h('p', { class: 'muted small' }, 'A new decision supersedes the last one; both stay in the record.') : null,
      form));
}
