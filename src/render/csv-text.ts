// Rows as CSV (RFC 4180, by csv-stringify): quoted where needed, CRLF, every cell defused.
// Loaded only by the commands that write CSV, and only then.
import { stringify } from 'csv-stringify/sync';
import { defused } from './csv.js';

/** Rows as CSV (csv-stringify: RFC 4180 quoting, CRLF), a header first, every cell defused. */
export function csvText(columns: readonly string[], rows: readonly (readonly unknown[])[], options: { delimiter?: string; bom?: boolean } = {}): string {
  const records = rows.map((row) => row.map(defused));
  return stringify(records, { header: true, columns: [...columns], delimiter: options.delimiter ?? ',', record_delimiter: 'windows', bom: options.bom === true, quoted_match: /;/ });
}
