// pages/notifications.js - #/notifications: the in-app channel, newest first; opening one
// marks it read. Each carries the short link the other channels sent (/s/<code>).

import { api } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { problemMessage } from '../problems.js';
import { announce, heading, moreButton, stateBadge } from '../ui.js';

function payloadOf(n) {
  if (n.payload && typeof n.payload === 'object') return n.payload;
  try {
    return JSON.parse(n.payload || '{}');
  } catch {
    return {};
  }
}

function item(n, refreshCount) {
  const p = payloadOf(n);
  const what = t(`notice.${n.category}`, { title: p.title || '', id: p.booking_id || p.event_id || '' });
  const li = h('li', {
    class: `card notification${n.read_at ? '' : ' unread'}`,
    dataset: { notificationId: String(n.id), category: n.category },
  },
  h('p', {}, h('strong', {}, what), p.state ? [' ', stateBadge(p.state)] : null),
  h('p', { class: 'meta' }, h('time', { datetime: n.created_at }, formatDateTime(n.created_at))),
  n.link ? h('p', {}, h('a', {
    href: n.link,
    onclick: () => { markRead(n, li, refreshCount); },
  }, t('notice.open'))) : null,
  n.read_at ? null : h('button', {
    type: 'button',
    class: 'link mark-read',
    onclick: () => markRead(n, li, refreshCount),
  }, t('notice.markRead')));
  return li;
}

async function markRead(n, li, refreshCount) {
  if (n.read_at) return;
  try {
    await api('POST', `me/notifications/${n.id}/read`);
    n.read_at = new Date().toISOString();
    li.classList.remove('unread');
    li.querySelector('.mark-read')?.remove();
    refreshCount();
  } catch (err) {
    announce(problemMessage(err), 'error');
  }
}

export async function notificationsPage({ rerender, refreshCount = () => {} }) {
  const page = await api('GET', 'me/notifications', { query: { limit: 50 } });
  const section = h('section', { class: 'notifications' }, heading(t('notice.title')));
  if (!page.items.length) {
    section.append(h('p', { id: 'no-notifications' }, t('notice.none')));
    return section;
  }
  section.append(h('div', { class: 'actions' }, h('button', {
    type: 'button',
    id: 'read-all',
    disabled: !page.unread,
    onclick: async () => {
      try {
        await api('POST', 'me/notifications/read-all');
        refreshCount();
        rerender();
      } catch (err) {
        announce(problemMessage(err), 'error');
      }
    },
  }, t('notice.readAll'))));
  const list = h('ul', { class: 'cards', id: 'notification-list' }, page.items.map((n) => item(n, refreshCount)));
  section.append(list);
  const more = moreButton(page.next, (older) => list.append(...older.items.map((n) => item(n, refreshCount))));
  section.append(h('div', { class: 'more' }, more));
  return section;
}
