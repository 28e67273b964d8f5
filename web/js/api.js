// api.js - the calls the UI makes to `lookout serve`, and nothing else. Every request carries
// the API key from Settings (localStorage) as `Authorization: Bearer` when one is set; errors
// come back as ApiError with the server's JSON message and the HTTP status.

const KEY = 'lookout.apiKey';
const WHO = 'lookout.reviewer';

export const settings = {
  get key() { return localStorage.getItem(KEY) || ''; },
  set key(v) { if (v) localStorage.setItem(KEY, v); else localStorage.removeItem(KEY); },
  get reviewer() { return localStorage.getItem(WHO) || ''; },
  set reviewer(v) { if (v) localStorage.setItem(WHO, v); else localStorage.removeItem(WHO); },
};

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, { body, signal, auth } = {}) {
  const headers = { Accept: 'application/json' };
  const key = settings.key;
  if (key) headers.Authorization = `Bearer ${key}`;
  else if (auth) throw new ApiError(401, 'This needs an API key with the write role: paste one in Settings.');
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The server cannot be reached.');
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    let msg = data && (data.detail || data.message || (data.error && (data.error.message || data.error)));
    if (typeof msg !== 'string') msg = `${res.status} ${res.statusText}`;
    if (res.status === 401) msg = `Not authorised: ${msg}. Paste an API key in Settings.`;
    else if (res.status === 403) msg = `Forbidden: ${msg}. The API key in Settings lacks the role this needs.`;
    throw new ApiError(res.status, msg, data);
  }
  return data;
}

const enc = encodeURIComponent;
// Ids of each kind a diff brings back (the counts are always complete).
export const DIFF_LIMIT = 5000;

// Screen one name with optional filters; resolves to {threshold, results: [...]}, each result
// {id, caption, schema, source, score, match, explanation}.
export function screen({ name, schema, dataset, birthDate, country, limit = 10 }, signal) {
  const q = { names: [name], limit };
  if (schema && schema !== 'Any') q.schema = schema;
  if (birthDate) q.birthDates = [birthDate];
  if (country) q.countries = [country];
  if (dataset && dataset !== 'default') q.dataset = dataset;
  return call('POST', '/screen', { body: q, signal });
}

export const entity = (id, signal) => call('GET', `/entities/${enc(id)}`, { signal });
export const ready = () => call('GET', '/readyz');
export const catalog = () => call('GET', '/catalog');
export const lists = () => call('GET', '/lists');
export const versions = (source) => call('GET', `/lists/${enc(source)}/versions`);
export function diff(source, from, to) {
  const qs = from && to ? `&from=${enc(from)}&to=${enc(to)}` : '';
  return call('GET', `/lists/${enc(source)}/diff?limit=${DIFF_LIMIT}${qs}`);
}
export function alerts(status) {
  return call('GET', `/alerts${status ? `?status=${enc(status)}` : ''}`);
}
export const alert = (id) => call('GET', `/alerts/${enc(id)}`);
export function decide(id, decision, reason) {
  const body = { decision, reason };
  if (settings.reviewer) body.by = settings.reviewer;
  return call('POST', `/alerts/${enc(id)}/decision`, { body, auth: true });
}

// Which optional capabilities the server mounts: the alerts queue appears only where the
// server has alerts. The OpenAPI document says so; a server without one is probed.
export async function capabilities() {
  const caps = { alerts: false };
  try {
    const doc = await call('GET', '/openapi.json');
    const paths = Object.keys((doc && doc.paths) || {});
    caps.alerts = paths.some((p) => p === '/alerts' || p.startsWith('/alerts/'));
    return caps;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) return caps;
  }
  try {
    await call('GET', '/alerts?limit=1');
    caps.alerts = true;
  } catch (e) {
    caps.alerts = e instanceof ApiError && (e.status === 401 || e.status === 403);
  }
  return caps;
}
