// app.js - the entry point: language, session, navigation bar, routes.

import { api } from './api.js';
import { clear, h } from './dom.js';
import { initI18n, language, onLanguageChange, setLanguage, t } from './i18n.js';
import { problemMessage } from './problems.js';
import { render, route, startRouter, navigate } from './router.js';
import { currentUser, loadUser, onUserChange, signOut } from './session.js';
import { announce } from './ui.js';
import { signInPage, signUpPage } from './pages/auth.js';
import { bookingPage, bookingsPage } from './pages/bookings.js';
import { eventPage } from './pages/event.js';
import { eventsPage } from './pages/events.js';
import { hostPage, manageEventPage, newEventPage } from './pages/host.js';
import { notificationsPage } from './pages/notifications.js';
import { profilePage } from './pages/profile.js';

route('/', eventsPage);
route('/events', eventsPage);
route('/events/:key', eventPage);
route('/signin', signInPage);
route('/signup', signUpPage);
route('/bookings', bookingsPage, { auth: true });
route('/bookings/:id', bookingPage, { auth: true });
route('/host', hostPage, { auth: true });
route('/host/new', newEventPage, { auth: true });
route('/host/events/:id', manageEventPage, { auth: true });
route('/profile', profilePage, { auth: true });
route('/notifications', (args) => notificationsPage({ ...args, refreshCount: refreshUnread }), { auth: true });

// The unread count beside "Notifications": read again on every route change and after a
// notification is marked read. One small request (limit=1) when signed in.
let unread = 0;
async function refreshUnread() {
  if (!currentUser()) return;
  try {
    const page = await api('GET', 'me/notifications', { query: { limit: 1 } });
    if (page.unread !== unread) {
      unread = page.unread;
      renderNav();
    }
  } catch {
    /* the count is a convenience: the page itself reports errors */
  }
}

function link(path, label) {
  // aria-current marks where we are for screen readers (and the CSS underline).
  const here = (location.hash || '#/').split('?')[0] === `#${path}`;
  return h('a', { href: `#${path}`, 'aria-current': here ? 'page' : null }, label);
}

function renderNav() {
  const user = currentUser();
  const items = [link('/events', t('nav.events'))];
  if (user) {
    const bell = link('/notifications', t('nav.notifications'));
    bell.id = 'nav-notifications';
    if (unread > 0) {
      bell.append(' ', h('span', { class: 'count', 'aria-label': t('nav.unread', { n: unread }) }, String(unread)));
    }
    items.push(link('/bookings', t('nav.bookings')), link('/host', t('nav.host')), bell,
      link('/profile', t('nav.profile')));
  }
  const account = user
    ? [h('span', { class: 'who' }, t('nav.signedInAs', { name: user.username })),
      h('button', {
        type: 'button',
        class: 'link',
        id: 'signout',
        onclick: async () => {
          try {
            await signOut();
            announce(t('auth.signedOut'));
          } catch (err) {
            announce(problemMessage(err), 'error');
          }
          navigate('/');
        },
      }, t('nav.signOut'))]
    : [link('/signin', t('nav.signIn')), link('/signup', t('nav.signUp'))];
  clear(document.getElementById('nav'),
    h('ul', {}, items.map((a) => h('li', {}, a))),
    h('div', { class: 'account' }, account));
}

async function main() {
  await initI18n();
  const switcher = document.getElementById('lang-select');
  switcher.value = language();
  switcher.addEventListener('change', () => setLanguage(switcher.value));
  onLanguageChange(() => {
    switcher.value = language();
    renderNav();
    render();
  });
  onUserChange(renderNav);
  window.addEventListener('hashchange', renderNav);
  window.addEventListener('hashchange', refreshUnread);
  try {
    await loadUser();
  } catch {
    /* the API is unreachable: public pages will say so themselves */
  }
  renderNav();
  refreshUnread();
  await startRouter();
  document.body.dataset.ready = 'true'; // for the browser tests: the app has booted
}

main().catch((err) => {
  const boot = document.getElementById('boot');
  if (boot) boot.textContent = `boxoffice: ${err.message}`;
});
