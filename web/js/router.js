// router.js - hash routes (#/events/42?x=1) to page functions.
//
// The server answers 404 for any path that is not a file in web/, so every page lives
// behind '#'. A page is `async (ctx) => Node`: ctx has the route params, the query
// (URLSearchParams) and `navigate`. Pages are re-rendered when the language changes.

import { clear, h } from './dom.js';
import { t } from './i18n.js';
import { ApiError } from './api.js';
import { currentUser } from './session.js';
import { problemMessage } from './problems.js';
import { settleStatus } from './ui.js';

const routes = [];
let renderSeq = 0;

// route('/events/:id', page, {auth: true}).
export function route(pattern, page, opts = {}) {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (m, name) => {
    names.push(name);
    return '([^/]+)';
  });
  routes.push({ re: new RegExp(`^${source}$`), names, page, auth: Boolean(opts.auth) });
}

export function navigate(path) {
  if (location.hash === `#${path}`) {
    render();
  } else {
    location.hash = path;
  }
}

function currentPath() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, query = ''] = raw.split('?');
  return { raw, path, query: new URLSearchParams(query) };
}

function match(path) {
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) {
      const params = {};
      r.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]);
      });
      return { route: r, params };
    }
  }
  return null;
}

// Render the page for the current hash into <main>. A slower, older render never
// replaces a newer one (renderSeq), so fast clicking cannot show the wrong page.
export async function render() {
  const seq = ++renderSeq;
  settleStatus();
  const main = document.getElementById('main');
  const { raw, path, query } = currentPath();
  const found = match(path);
  main.setAttribute('aria-busy', 'true');
  let view;
  if (!found) {
    view = h('section', {}, h('h1', { tabindex: '-1' }, t('page.notFound')));
  } else if (found.route.auth && !currentUser()) {
    navigate(`/signin?next=${encodeURIComponent(raw)}`);
    return;
  } else {
    try {
      view = await found.route.page({ params: found.params, query, navigate, rerender: render });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        navigate(`/signin?next=${encodeURIComponent(raw)}`);
        return;
      }
      view = h('section', {},
        h('h1', { tabindex: '-1' }, t('page.error')),
        h('p', { role: 'alert' }, err instanceof ApiError ? problemMessage(err) : String(err)));
    }
  }
  if (seq !== renderSeq) return;
  clear(main, view);
  main.removeAttribute('aria-busy');
  // Move focus to the new page's heading, as a screen reader would expect after navigation.
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    if (document.activeElement === document.body || !main.contains(document.activeElement)) {
      heading.focus({ preventScroll: false });
    }
  }
  document.title = heading ? `${heading.textContent} — boxoffice` : 'boxoffice';
}

export function startRouter() {
  window.addEventListener('hashchange', () => {
    // The skip link (#main) is not a route: leave the page as it is.
    if (location.hash.startsWith('#/') || location.hash === '') render();
  });
  return render();
}
