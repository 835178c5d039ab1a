// Text from the book in HTML: always escaped, links only to http(s), mailto and tel.
import { clean } from '../../core/text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value: escaped, control and bidi characters made visible. */
export function escapeHtml(text: string): string {
  return clean(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A link's target, or undefined when it is not one of the schemes a page may link to. */
export function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  if (/^https?:\/\/[^\s<>"'`]+$/i.test(trimmed)) return trimmed;
  if (/^mailto:[^\s<>"'`,;]+@[^\s<>"'`,;]+$/i.test(trimmed)) return trimmed;
  if (/^tel:\+?[0-9().\- ]{3,}$/i.test(trimmed)) return trimmed.replace(/[ ().]/g, '');
  return undefined;
}

/** A link to a safe target, or the label alone. */
export function link(label: string, url: string): string {
  const href = safeHref(url);
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

/** Text with its http(s) addresses as links; everything else escaped. */
export function linkified(text: string): string {
  const out: string[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]/gi)) {
    out.push(escapeHtml(text.slice(last, match.index)), link(match[0], match[0]));
    last = match.index + match[0].length;
  }
  out.push(escapeHtml(text.slice(last)));
  return out.join('');
}
