// api.js - the one way the UI talks to /api/v1.
//
// Sessions are cookies set by the server (bo_at access, bo_rt refresh: both HttpOnly, so
// this code never sees a token). Writes carry X-CSRF-Token, the value of the readable
// bo_csrf cookie (or of the last login/refresh answer). A 401 means the 15-minute access
// cookie expired: refresh once and retry once. Errors come back as ApiError holding the
// RFC 9457 problem, so forms can put each field's message next to the field.

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem; // {type, title, detail, errors: [{field, detail}], ...}
  }

  get type() {
    return this.problem.type || '';
  }
}

let csrfFromAnswer = null;
const sessionListeners = new Set();

function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

// The cookie wins: it is what the server set last, even if another tab refreshed.
function csrfToken() {
  return readCookie('bo_csrf') || csrfFromAnswer;
}

// Without a CSRF token there is no session to refresh, so a 401 is final.
export function maybeSignedIn() {
  return Boolean(csrfToken());
}

// Told when the session ends by itself (refresh refused), so the UI can show sign-in.
export function onSessionLost(fn) {
  sessionListeners.add(fn);
}

async function parse(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await res.json().catch(() => null) : null;
  if (res.ok) return body;
  throw new ApiError(res.status, body && typeof body === 'object' ? body : { status: res.status });
}

async function send(method, path, { body, headers = {} } = {}) {
  const h = { Accept: 'application/json, application/problem+json', ...headers };
  const init = { method, headers: h, credentials: 'same-origin' };
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken()) h['X-CSRF-Token'] = csrfToken();
  let res;
  try {
    res = await fetch(path.startsWith('/') ? path : `${BASE}/${path}`, init);
  } catch (err) {
    throw new ApiError(0, { type: 'network', detail: String(err && err.message) });
  }
  return parse(res);
}

// Refresh rotates the refresh token, and presenting a rotated token twice counts as theft
// (the whole session is revoked). So concurrent 401s must share ONE refresh call.
let refreshing = null;
function refresh() {
  if (!refreshing) {
    refreshing = send('POST', `${BASE}/auth/refresh`)
      .then((answer) => {
        if (answer && answer.csrf_token) csrfFromAnswer = answer.csrf_token;
        return true;
      })
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

// api('GET', 'events', {query: {q: 'dune'}}) or api('POST', 'events/7/bookings', {body}).
// `path` is relative to /api/v1 unless it starts with '/' (a `next` link, for example).
export async function api(method, path, opts = {}) {
  let url = path;
  if (opts.query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, v);
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  try {
    return await send(method, url, opts);
  } catch (err) {
    // Sign-in, refresh and sign-out answer 401 for their own reasons: never refresh for them.
    const isAuthCall = url.startsWith('auth/') || url.startsWith(`${BASE}/auth/`);
    if (!(err instanceof ApiError) || err.status !== 401 || isAuthCall || !maybeSignedIn()) {
      throw err;
    }
    if (!(await refresh())) {
      csrfFromAnswer = null;
      for (const fn of sessionListeners) fn();
      throw err;
    }
    return send(method, url, opts);
  }
}

// --- auth -------------------------------------------------------------------------------

export async function login(loginName, password) {
  const answer = await api('POST', 'auth/login', {
    body: { login: loginName, password, cookies: true },
  });
  csrfFromAnswer = answer.csrf_token || null;
  return answer;
}

export async function logout() {
  try {
    await api('POST', 'auth/logout');
  } finally {
    csrfFromAnswer = null;
  }
}

// A fresh key per attempt: a retry of the same click may reuse it, a new click may not.
// crypto.randomUUID exists only in secure contexts (https, localhost); plain http behind a
// test proxy gets the same 122 random bits from getRandomValues.
export function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
