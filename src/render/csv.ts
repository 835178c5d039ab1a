// Rows as CSV (RFC 4180, written by csv-stringify): quoted where needed, and never a formula when
// a spreadsheet opens them.
import { stringify } from 'csv-stringify/sync';
import { clean } from '../core/text.js';

/**
 * A cell's text as a spreadsheet may see it: one line without control characters, and a text that
 * would start a formula (=, +, -, @, tab, CR) prefixed with an apostrophe, unless it is a plain
 * number (-12.50, +48600100200), which a spreadsheet reads as a number anyway. A phone written
 * with spaces or dashes ("+48 600-100-200") gets the apostrophe: a spreadsheet would compute it.
 */
export function defused(value: unknown): string {
  const text = clean(value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value));
  return /^\s*[=+\-@]/.test(text) && !/^[+-]?\d+([.,]\d+)?$/.test(text) ? `'${text}` : text;
}

/** Rows as CSV (csv-stringify: RFC 4180 quoting, CRLF), a header first, every cell defused. */
export function csvText(columns: readonly string[], rows: readonly (readonly unknown[])[], options: { delimiter?: string; bom?: boolean } = {}): string {
  const records = rows.map((row) => row.map(defused));
  return stringify(records, { header: true, columns: [...columns], delimiter: options.delimiter ?? ',', record_delimiter: 'windows', bom: options.bom === true, quoted_match: /;/ });
}
