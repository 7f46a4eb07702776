// app.js - the entry point: language, session, navigation bar, routes.

import { clear, h } from './dom.js';
import { initI18n, language, onLanguageChange, setLanguage, t } from './i18n.js';
import { problemMessage } from './problems.js';
import { render, route, startRouter, navigate } from './router.js';
import { currentUser, loadUser, onUserChange, signOut } from './session.js';
import { announce } from './ui.js';
import { signInPage, signUpPage } from './pages/auth.js';
import { bookingsPage } from './pages/bookings.js';
import { eventPage } from './pages/event.js';
import { eventsPage } from './pages/events.js';
import { hostPage, manageEventPage, newEventPage } from './pages/host.js';

route('/', eventsPage);
route('/events', eventsPage);
route('/events/:key', eventPage);
route('/signin', signInPage);
route('/signup', signUpPage);
route('/bookings', bookingsPage, { auth: true });
route('/host', hostPage, { auth: true });
route('/host/new', newEventPage, { auth: true });
route('/host/events/:id', manageEventPage, { auth: true });

function link(path, label) {
  // aria-current marks where we are for screen readers (and the CSS underline).
  const here = (location.hash || '#/').split('?')[0] === `#${path}`;
  return h('a', { href: `#${path}`, 'aria-current': here ? 'page' : null }, label);
}

function renderNav() {
  const user = currentUser();
  const items = [link('/events', t('nav.events'))];
  if (user) {
    items.push(link('/bookings', t('nav.bookings')), link('/host', t('nav.host')));
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
  try {
    await loadUser();
  } catch {
    /* the API is unreachable: public pages will say so themselves */
  }
  renderNav();
  await startRouter();
  document.body.dataset.ready = 'true'; // for the browser tests: the app has booted
}

main().catch((err) => {
  const boot = document.getElementById('boot');
  if (boot) boot.textContent = `boxoffice: ${err.message}`;
});
