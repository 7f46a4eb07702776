// dom.js - build DOM nodes without HTML strings.
//
// Every value from the API reaches the page through text nodes or attributes set here,
// never through innerHTML, so a title like "<img onerror=...>" is shown as text.

// h('button', {class: 'primary', onclick: fn}, 'Book', ...) -> HTMLButtonElement.
// Attributes: `class`, `for`, `on<event>` (a listener), `dataset` (object), booleans
// (true sets, false/null/undefined leaves out), everything else via setAttribute.
// Children: nodes, strings (as text), numbers, arrays (flattened), null/false (skipped).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'value' && 'value' in el) {
      el.value = value; // the property, so a later user edit and .value agree
    } else if (name === 'checked' || name === 'selected') {
      el[name] = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

// A labelled form field: <div class="field"><label>..</label><input ...></div>.
// The input's id is derived from the form's prefix and its name, so labels, error messages
// (aria-describedby) and tests can find it.
let fieldSeq = 0;
export function field(label, control, hint) {
  const id = control.id || `f${++fieldSeq}-${control.name || 'x'}`;
  control.id = id;
  const parts = [];
  if (control.type === 'checkbox') {
    parts.push(h('div', { class: 'field check' }, control, h('label', { for: id }, label)));
  } else {
    parts.push(h('div', { class: 'field' }, h('label', { for: id }, label), control));
  }
  if (hint) {
    const hintEl = h('p', { class: 'hint', id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    parts[0].appendChild(hintEl);
  }
  return parts[0];
}

// <select> with [value, label] pairs; `current` is selected.
export function select(name, options, current) {
  return h('select', { name },
    options.map(([value, label]) => h('option', { value, selected: value === current }, label)));
}

// Replace the children of el.
export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Rich text (an event's description): the server keeps it to an allowlist when it is saved
// (src/core/html.c). It is parsed here with DOMParser, which runs nothing, and rebuilt from
// the same allowlist, so even a description stored before sanitizing cannot bring a script
// or an event handler onto the page.
const RICH_TAGS = new Set(['P', 'BR', 'STRONG', 'B', 'EM', 'I', 'U', 'S', 'UL', 'OL', 'LI', 'H2',
  'H3', 'H4', 'BLOCKQUOTE', 'CODE', 'PRE', 'A']);

export function richText(html) {
  const doc = new DOMParser().parseFromString(`<body>${html || ''}`, 'text/html');
  const out = document.createElement('div');
  out.className = 'rich-text';
  copyAllowed(doc.body, out);
  return out;
}

function copyAllowed(from, to) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(node.textContent));
    } else if (node.nodeType === Node.ELEMENT_NODE && RICH_TAGS.has(node.tagName)) {
      const el = document.createElement(node.tagName.toLowerCase());
      const href = node.tagName === 'A' ? node.getAttribute('href') || '' : '';
      if (/^(https?:|mailto:)/i.test(href.trim())) {
        el.setAttribute('href', href);
        el.setAttribute('rel', 'nofollow noopener');
        el.setAttribute('target', '_blank');
      }
      copyAllowed(node, el);
      to.appendChild(el);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      copyAllowed(node, to); // an unknown wrapper: keep its text
    }
  }
}
