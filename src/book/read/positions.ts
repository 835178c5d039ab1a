// Positions in a file's text for diagnostics: 1-based lines and columns, with the excerpt of the
// line. No YAML parser here: the plain reader (dossier-read.ts) and the full one (safe-yaml.ts)
// both place their problems with these.
import type { Diagnostic, Severity } from '../../core/diagnostics.js';

/** What places an offset on a line (the yaml package's LineCounter, or LineStarts). */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/** A text to place diagnostics in: its file, its lines, and where they start. */
export interface PositionedText {
  file: string;
  lines: readonly string[];
  lineCounter: LinePositions;
}

/** The starts of a text's lines, answering as the yaml package's LineCounter does after parsing it. */
export class LineStarts implements LinePositions {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  linePos(offset: number): { line: number; col: number } {
    const starts = this.starts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  }
}

/** Builds a diagnostic at a 1-based line and column of the text, with its excerpt. */
export function diagnosticAt(
  file: string,
  lines: readonly string[],
  line: number,
  column: number,
  width: number,
  severity: Severity,
  rule: string,
  message: string,
  hint?: string,
): Diagnostic {
  const text = lines[line - 1];
  const diagnostic: Diagnostic = { file, line, column, severity, rule, message };
  if (hint) diagnostic.hint = hint;
  if (text !== undefined) diagnostic.excerpt = excerptOf(text, column, width);
  return diagnostic;
}

/** Source lines longer than this are shown as a window around the column. */
const EXCERPT_CHARS = 120;

/** The excerpt of a line: all of it, or for a long line the part around the column, cut with "…". */
function excerptOf(text: string, column: number, width: number): NonNullable<Diagnostic['excerpt']> {
  if (text.length <= EXCERPT_CHARS) return { text, column, width: Math.max(1, Math.min(width, text.length - column + 1)) };
  const start = Math.max(0, Math.min(column - 1 - EXCERPT_CHARS / 4, text.length - EXCERPT_CHARS));
  const end = Math.min(text.length, start + EXCERPT_CHARS);
  const head = start > 0 ? '…' : '';
  const shown = head + text.slice(start, end) + (end < text.length ? '…' : '');
  const at = column - start + head.length;
  return { text: shown, column: at, width: Math.max(1, Math.min(width, end - (column - 1))) };
}

/** Same as diagnosticAt, from an offset range into the text. */
export function diagnosticAtRange(
  yaml: PositionedText,
  range: readonly number[] | null | undefined,
  severity: Severity,
  rule: string,
  message: string,
  hint?: string,
): Diagnostic {
  const start = range?.[0] ?? 0;
  const end = range?.[1] ?? start + 1;
  const pos = yaml.lineCounter.linePos(start);
  const endPos = yaml.lineCounter.linePos(Math.max(start, end));
  const width = endPos.line === pos.line ? endPos.col - pos.col : (yaml.lines[pos.line - 1]?.length ?? 0) - pos.col + 1;
  return diagnosticAt(yaml.file, yaml.lines, pos.line, pos.col, width, severity, rule, message, hint);
}

