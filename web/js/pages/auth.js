// pages/auth.js - #/signin and #/signup.

import { api } from '../api.js';
import { field, h } from '../dom.js';
import { language, t } from '../i18n.js';
import { showProblem } from '../problems.js';
import { signIn } from '../session.js';
import { announce, heading } from '../ui.js';

// Only our own hash routes may follow sign-in, never another site.
function safeNext(query) {
  const next = query.get('next') || '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export async function signInPage({ query, navigate }) {
  const login = h('input', { name: 'login', autocomplete: 'username', required: true, value: query.get('login') || '' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('auth.signIn'));
  const form = h('form', { class: 'auth', id: 'signin-form' },
    field(t('auth.login'), login), field(t('auth.password'), password), h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const user = await signIn(login.value.trim(), password.value);
      announce(t('auth.welcome', { name: user ? user.username : login.value }), 'success');
      navigate(safeNext(query));
    } catch (err) {
      showProblem(form, err);
      submit.disabled = false;
    }
  });
  return h('section', { class: 'narrow' }, heading(t('auth.signInTitle')), form,
    h('p', {}, t('auth.noAccount'), ' ', h('a', { href: '#/signup' }, t('auth.signUp'))));
}

export async function signUpPage({ navigate }) {
  const input = (name, type, autocomplete) => h('input', { name, type, autocomplete, required: true });
  const username = input('username', 'text', 'username');
  const email = input('email', 'email', 'email');
  const password = input('password', 'password', 'new-password');
  password.minLength = 10;
  const consent = h('input', { name: 'consent_personal_data', type: 'checkbox', required: true });
  const newsletter = h('input', { name: 'newsletter', type: 'checkbox' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('auth.signUp'));
  const form = h('form', { class: 'auth', id: 'signup-form', novalidate: true },
    field(t('auth.username'), username, t('auth.usernameHint')),
    field(t('auth.email'), email),
    field(t('auth.password'), password, t('auth.passwordHint')),
    field(t('auth.consent'), consent),
    field(t('auth.newsletter'), newsletter),
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      // The consent box is sent as it is; the server's 422 explains an unchecked one.
      await api('POST', 'auth/register', {
        body: {
          username: username.value.trim(),
          email: email.value.trim(),
          password: password.value,
          consent_personal_data: consent.checked,
          newsletter: newsletter.checked,
          language: language(),
        },
      });
      announce(t('auth.registered'), 'success');
      navigate(`/signin?login=${encodeURIComponent(username.value.trim())}`);
    } catch (err) {
      showProblem(form, err);
      submit.disabled = false;
    }
  });
  return h('section', { class: 'narrow' }, heading(t('auth.signUpTitle')), form,
    h('p', {}, t('auth.haveAccount'), ' ', h('a', { href: '#/signin' }, t('auth.signIn'))));
}
