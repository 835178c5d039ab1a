// Rows as CSV (RFC 4180): quoted where needed, and never a formula when a spreadsheet opens them.
import { clean } from '../core/text.js';

/** A CSV cell: quoted when needed, never a formula when opened in a spreadsheet, no control characters. */
export function csvCell(value: unknown): string {
  let text = clean(value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value));
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d[\d\s().-]*$/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
