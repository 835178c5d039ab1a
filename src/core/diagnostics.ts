// Problems found in the book, as values: collected from every file, never thrown one at a time.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Path relative to the book root, e.g. clients/acme.yaml. */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** A short stable name of the check, e.g. unknown-key. */
  rule: string;
  message: string;
  hint?: string;
  /** The source line the problem is on, with the span to underline. */
  excerpt?: { text: string; column: number; width: number };
}

/** A problem found in parsed data, located by its path in the document (e.g. ['next', 'date']). */
export interface Finding {
  path: readonly (string | number)[];
  /** Point at the key rather than the value (unknown keys). */
  atKey?: boolean;
  severity: Severity;
  rule: string;
  message: string;
  hint?: string;
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column;
}

export function countBySeverity(problems: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  return { errors, warnings: problems.length - errors };
}

/** A readable path: next.date, contacts[0].phone. */
export function pathLabel(path: readonly (string | number)[]): string {
  let label = '';
  for (const part of path) label += typeof part === 'number' ? `[${part}]` : label === '' ? part : `.${part}`;
  return label || '(document)';
}

/** The closest of `candidates` to a mistyped word, when it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
