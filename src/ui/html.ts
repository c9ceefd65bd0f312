/**
 * One self-contained HTML page: the styles and scripts of src/ui/client inlined, the page's
 * data embedded as JSON. Nothing is fetched when the page opens (no network, no CDN), so a
 * page written next to a trace can be mailed, archived or opened from a USB stick.
 */
import { readFileSync } from 'node:fs';

const CLIENT = new URL('./client/', import.meta.url);
const cache = new Map<string, string>();

/** A file of src/ui/client as text (read once per process). */
export function clientFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(name, CLIENT), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON that can sit inside a <script> element: `</script>` or `<!--` inside a string would end
 * or confuse the element, and U+2028/2029 are line breaks to older JavaScript parsers.
 */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A script's text made safe to inline: it must not contain the closing tag. */
function inlineScript(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script');
}

export interface PageParts {
  title: string;
  /** Files of src/ui/client: *.css inlined as styles, *.js as scripts, in this order. */
  assets: string[];
  /** Embedded as `<script type="application/json" id="protocheck-data">`; the scripts read it. */
  data?: unknown;
  /** The body's markup before the scripts run (they fill it in). */
  body: string;
}

export function page(parts: PageParts): string {
  const styles = parts.assets.filter((a) => a.endsWith('.css')).map(clientFile);
  const scripts = parts.assets.filter((a) => a.endsWith('.js')).map(clientFile);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // the page loads nothing from anywhere: the policy makes a slip (a stray URL in data) visible
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'">`,
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>\n${styles.join('\n')}\n</style>`,
    '</head>',
    '<body>',
    parts.body,
    parts.data === undefined ? '' : `<script type="application/json" id="protocheck-data">${scriptJson(parts.data)}</script>`,
    ...scripts.map((s) => `<script>\n${inlineScript(s)}\n</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
