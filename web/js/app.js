// app.js - the hash router and the global keys of Lookout's web UI.
//   #/search?q=...        search (the start page)
//   #/entity/<id>         one listed entity
//   #/lists               the lists; #/lists/<source>?from=&to= its versions and a diff
//   #/alerts?status=...   the alerts queue; #/alerts/<id> one alert (only where the server has alerts)
//   #/settings            the API key and the reviewer's name, kept in localStorage
// Keys: "/" focuses the search box, Esc goes back, arrows move through results (search.js).

import { h, clear, put, fmtInt, goBack } from './dom.js';
import * as api from './api.js';
import * as search from './search.js';
import * as entity from './entity.js';
import * as lists from './lists.js';
import * as alerts from './alerts.js';

const view = document.getElementById('view');
let caps = { alerts: false };
let searchPage = null;

function settingsPage() {
  const key = h('input', { id: 's-key', type: 'password', autocomplete: 'off', value: api.settings.key, style: 'width:100%', spellcheck: 'false' });
  const who = h('input', { id: 's-who', type: 'text', autocomplete: 'name', value: api.settings.reviewer, style: 'width:100%' });
  const show = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Show');
  show.addEventListener('click', () => {
    const on = key.type === 'password';
    key.type = on ? 'text' : 'password';
    show.textContent = on ? 'Hide' : 'Show';
    show.setAttribute('aria-pressed', String(on));
  });
  const msg = h('p', { role: 'status', 'aria-live': 'polite', class: 'muted small' });
  const form = h('form', { class: 'card panel', style: 'max-width:40rem' },
    h('div', { class: 'field', style: 'margin-bottom:.9rem' },
      h('label', { for: 's-key' }, 'API key'),
      h('div', { class: 'row', style: 'flex-wrap:nowrap' }, key, show),
      h('span', { class: 'muted small' }, 'Create one with ', h('code', {}, 'lookout keys create --role write'),
        '. It is sent as Authorization: Bearer and kept in this browser only.')),
    h('div', { class: 'field', style: 'margin-bottom:.9rem' },
      h('label', { for: 's-who' }, 'Your name (recorded with your decisions)'), who),
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Save'),
      h('button', { type: 'button', id: 's-clear', onclick: () => { key.value = ''; who.value = ''; form.requestSubmit(); } }, 'Forget')),
    msg);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    api.settings.key = key.value.trim();
    api.settings.reviewer = who.value.trim();
    msg.textContent = api.settings.key ? 'Saved. Requests now carry this key.' : 'Saved; no key is sent.';
    probe();
  });
  put(clear(view), h('h1', {}, 'Settings'), form);
}

function setNav(name) {
  for (const a of document.querySelectorAll('nav a[data-nav]')) {
    if (a.dataset.nav === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const qi = raw.indexOf('?');
  const decode = (x) => { try { return decodeURIComponent(x); } catch { return x; } };
  const path = (qi < 0 ? raw : raw.slice(0, qi)).split('/').map(decode);
  const params = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  const [top, arg] = path;
  searchPage = null;
  switch (top) {
    case 'entity':
      setNav('');
      document.title = `${arg} · Lookout`;
      entity.render(view, arg);
      break;
    case 'lists':
      setNav('lists');
      document.title = 'Lists · Lookout';
      if (arg) lists.renderSource(view, arg, params);
      else lists.renderOverview(view);
      break;
    case 'alerts':
      setNav('alerts');
      document.title = 'Alerts · Lookout';
      if (!caps.alerts) put(clear(view), h('h1', {}, 'Alerts'), h('div', { class: 'notice' }, 'This server has no alerts: monitoring is not set up.'));
      else if (arg) alerts.renderAlert(view, arg);
      else alerts.renderQueue(view, params);
      break;
    case 'settings':
      setNav('settings');
      document.title = 'Settings · Lookout';
      settingsPage();
      break;
    default:
      setNav('search');
      document.title = 'Lookout';
      searchPage = search.render(view, params);
  }
  if (top && top !== 'search' && document.activeElement !== view) view.focus({ preventScroll: true });
}

function typing(t) {
  return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === '/' && !typing(e.target)) {
    e.preventDefault();
    if (searchPage) searchPage.focusSearch();
    else location.hash = search.searchHash();
  } else if (e.key === 'Escape') {
    if (typing(e.target) && e.target.value) return;
    const onSearch = !location.hash || location.hash.startsWith('#/search') || location.hash === '#/';
    if (!onSearch) {
      e.preventDefault();
      goBack(search.searchHash());
    }
  }
});

const status = document.getElementById('server-status');
async function probe() {
  try {
    const r = await api.ready();
    status.textContent = r && typeof r.entities === 'number' ? `${fmtInt(r.entities)} listed entities` : 'Ready';
    status.className = 'status ok';
  } catch (e) {
    status.textContent = e.status === 503 ? 'Loading the lists…' : 'Server unreachable';
    status.className = e.status === 503 ? 'status' : 'status down';
    if (e.status === 503) setTimeout(probe, 1000);
  }
  caps = await api.capabilities();
  document.getElementById('nav-alerts').hidden = !caps.alerts;
  document.body.dataset.alerts = String(caps.alerts);
}

window.addEventListener('hashchange', route);
probe().then(() => { if (location.hash.startsWith('#/alerts')) route(); });
route();
