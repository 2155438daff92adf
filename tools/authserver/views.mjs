// Tiny HTML templating for the pages in views/: {{name}} is HTML-escaped, {{{name}}} is inserted
// as is and must only ever receive markup this server built itself.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const viewsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'views');

const ESCAPES = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;',
};

export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"'`=]/g, (c) => ESCAPES[c]);
}

const templates = new Map();
for (const file of readdirSync(viewsDir)) {
  if (file.endsWith('.html')) {
    templates.set(file.slice(0, -'.html'.length), readFileSync(path.join(viewsDir, file), 'utf8'));
  }
}

function fill(template, values) {
  return template.replace(/\{\{(\{?)\s*([a-zA-Z0-9_]+)\s*\}?\}\}/g, (_m, raw, key) => {
    if (!(key in values)) throw new Error(`template value "${key}" missing`);
    return raw ? String(values[key]) : escapeHtml(values[key]);
  });
}

// Renders views/<name>.html inside views/layout.html. `page` names the page for tests
// (<body data-page="..."> and <meta name="deskauth-page">).
export function render(name, { title, page = name, ...values } = {}) {
  const body = templates.get(name);
  if (body === undefined) throw new Error(`no view ${name}`);
  return fill(templates.get('layout'), {
    title,
    page,
    content: fill(body, values),
  });
}

// Headers for every HTML page this server renders: no caching, no framing, no scripts
// beyond the inline one the logout page may carry, no third-party anything.
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'",
};
