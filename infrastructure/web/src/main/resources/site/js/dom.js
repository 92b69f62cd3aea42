// A tiny template helper: html`...` escapes every interpolated value unless it is raw(...) or another html`...`.
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export class Raw {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

export const raw = (text) => new Raw(text);

export function escape(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function part(value) {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === false || value === null || value === undefined) return '';
  return escape(value);
}

export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => { out += part(value) + strings[i + 1]; });
  return new Raw(out);
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Replaces the page's content and moves focus to its heading, so keyboard and screen-reader users land on it. */
export function show(content, { focus = true } = {}) {
  const main = $('#main');
  main.innerHTML = String(content);
  if (focus) {
    const heading = $('h1', main);
    if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: false }); }
  }
  return main;
}

/** Shows a short message to everyone, read out by screen readers. */
export function notify(text, kind = 'info') {
  const box = $('#notice');
  box.className = kind;
  box.textContent = text;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { box.textContent = ''; box.className = ''; }, 6000);
}

/** An error box in the page itself (role=alert), for the errors a person must act on. */
export function errorBox(error) {
  return html`<div class="error" role="alert"><strong>${error.title || 'That did not work.'}</strong> ${error.words || String(error.message || error)}</div>`;
}

export function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function newKey(prefix) {
  return `${prefix}-${crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(36).slice(2)}`;
}
