// problems.js - RFC 9457 problems shown to people.
//
// The problem `type` is stable and translated through the catalogs ("problem.sold-out");
// for a type or field we have no words for, the server's `detail` is shown as it came.
// Field errors go next to the input whose name is the field, linked by aria-describedby.

import { h } from './dom.js';
import { has, t } from './i18n.js';

function typeName(err) {
  return String(err.type || '').replace(/^\/problems\//, '');
}

// A message for the whole problem: "problem.<type>.<field>" for the first field when we
// know it (409 on event_id: "you already booked this event"), else "problem.<type>".
export function problemMessage(err) {
  const name = typeName(err);
  const first = (err.problem && err.problem.errors && err.problem.errors[0]) || null;
  if (first && has(`problem.${name}.${first.field}`)) return t(`problem.${name}.${first.field}`);
  if (name === 'validation' || !has(`problem.${name}`)) {
    // For validation the server's detail names the rule broken, which is more useful.
    return err.problem.detail || t(`problem.${name}`);
  }
  return t(`problem.${name}`);
}

// Remove the messages a previous submit left on the form.
export function clearProblems(form) {
  for (const el of form.querySelectorAll('.field-error, .form-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') || '').split(' ')
      .filter((id) => id && !id.endsWith('-error'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
}

// Show err on form: one message per field it names (the input is found by name, through
// fieldMap for API fields that the form spells differently), and a summary at the top
// with role=alert so it is announced. Focus goes to the first bad field.
export function showProblem(form, err, fieldMap = {}) {
  clearProblems(form);
  const name = typeName(err);
  const fieldErrors = (err.problem && err.problem.errors) || [];
  let firstInput = null;
  for (const fe of fieldErrors) {
    // "sessions[0].ends_at" finds the input named ends_at, else whatever fieldMap says.
    const segments = fe.field.split(/[[\].]+/).filter(Boolean);
    const candidates = [fe.field, fieldMap[fe.field], segments[segments.length - 1], fieldMap[segments[0]]];
    const input = candidates.map((n) => n && form.elements.namedItem(n)).find((el) => el instanceof Element);
    if (!input || !(input instanceof Element)) continue;
    const id = `${input.id}-error`;
    const known = `problem.${name}.${fe.field}`;
    const msg = h('p', { class: 'field-error', id }, has(known) ? t(known) : fe.detail);
    input.closest('.field').appendChild(msg);
    input.setAttribute('aria-invalid', 'true');
    const described = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', described ? `${described} ${id}` : id);
    firstInput = firstInput || input;
  }
  // When the fields say what is wrong, the summary only points at them.
  const text = firstInput && name === 'validation' ? t('problem.validation') : problemMessage(err);
  const summary = h('div', { class: 'form-error', role: 'alert' }, text);
  form.prepend(summary);
  if (firstInput) firstInput.focus();
}
