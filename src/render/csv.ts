// Cells for CSV: never a formula when a spreadsheet opens them (the rows are written by
// csv-text.ts, loaded only when CSV is asked for).
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
