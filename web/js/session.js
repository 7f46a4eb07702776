// session.js - who is signed in, as far as the UI knows.
//
// The server is the authority (GET /api/v1/me); this module caches the answer for the
// navigation bar and the pages, and forgets it on sign-out or when the session is lost.

import { api, ApiError, login, logout, maybeSignedIn, onSessionLost } from './api.js';

let user = null;
const listeners = new Set();

function changed() {
  for (const fn of listeners) fn(user);
}

export function onUserChange(fn) {
  listeners.add(fn);
}

export function currentUser() {
  return user;
}

// Ask the server. With no CSRF cookie there is no session, so skip the 401 round trip.
export async function loadUser() {
  if (!maybeSignedIn()) {
    user = null;
  } else {
    try {
      user = await api('GET', 'me');
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 403)) throw err;
      user = null;
    }
  }
  changed();
  return user;
}

export async function signIn(loginName, password) {
  await login(loginName, password);
  return loadUser();
}

export async function signOut() {
  try {
    await logout();
  } finally {
    user = null;
    changed();
  }
}

onSessionLost(() => {
  user = null;
  changed();
});
