// fakebot.mjs - a stand-in for the Telegram Bot API (an outside service the tests cannot
// reach), for the browser tests. The server under test long-polls it like the real one.
//
//   /bot<token>/getUpdates    the queued updates from `offset` on; waits up to 1 s for one
//   /bot<token>/sendMessage   recorded, answered ok
//   /bot<token>/<other>       answered ok
//   POST /control/updates     {text, chat_id, username}: queue a message update
//   GET  /control/calls       every Bot API call so far: [{method, body}]
//
// Prints "fakebot on http://127.0.0.1:PORT" once listening; bounded: exits after 15 min.

import { createServer } from 'node:http';

const updates = [];
const calls = [];
const waiting = new Set();
let nextUpdateId = 1000;
let nextMessageId = 1;

function readJson(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => {
      const type = req.headers['content-type'] || '';
      if (!data) return resolve({});
      if (type.includes('application/json')) {
        try { return resolve(JSON.parse(data)); } catch { return resolve({}); }
      }
      return resolve(Object.fromEntries(new URLSearchParams(data)));
    });
  });
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function pending(offset) {
  return updates.filter((u) => u.update_id >= offset);
}

function getUpdates(res, body, url) {
  const offset = Number(body.offset ?? url.searchParams.get('offset') ?? 0);
  const ready = pending(offset);
  if (ready.length) return send(res, 200, { ok: true, result: ready });
  const waiter = { offset, res };
  waiting.add(waiter);
  setTimeout(() => {
    if (waiting.delete(waiter)) send(res, 200, { ok: true, result: pending(offset) });
  }, 1000);
  return undefined;
}

function wakeWaiters() {
  for (const w of [...waiting]) {
    const ready = pending(w.offset);
    if (ready.length) {
      waiting.delete(w);
      send(w.res, 200, { ok: true, result: ready });
    }
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const body = await readJson(req);
  if (url.pathname === '/control/updates' && req.method === 'POST') {
    const chat = { id: Number(body.chat_id || 4242), type: 'private', username: body.username || 'guest' };
    updates.push({
      update_id: nextUpdateId++,
      message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from: { id: chat.id, is_bot: false, first_name: 'Guest', username: chat.username }, text: body.text },
    });
    wakeWaiters();
    return send(res, 200, { ok: true });
  }
  if (url.pathname === '/control/calls') return send(res, 200, calls);
  const m = url.pathname.match(/^\/bot[^/]+\/(\w+)$/);
  if (!m) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  calls.push({ method: m[1], body });
  if (m[1] === 'getUpdates') return getUpdates(res, body, url);
  if (m[1] === 'sendMessage') {
    return send(res, 200, { ok: true, result: { message_id: nextMessageId++, chat: { id: Number(body.chat_id) }, text: body.text } });
  }
  return send(res, 200, { ok: true, result: true });
});

server.listen(0, '127.0.0.1', () => {
  console.log(`fakebot on http://127.0.0.1:${server.address().port}`);
});
setTimeout(() => process.exit(0), 15 * 60 * 1000).unref();
