// YAML text that tickler writes: scalars quoted wherever any reader (YAML 1.1 or 1.2) could take
// them for something else, and small block or flow renderings of new values.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})$/;
// Words that YAML 1.1 or 1.2 readers turn into booleans or null.
const BOOLEAN_OR_NULL = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;
const UNSAFE_IN_PLAIN = /: |:$| #|[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u;

/** The keys whose values are dates and times, written plain as the spec writes them (SPEC 4). */
export const DATE_KEYS: ReadonlySet<string> = new Set(['at', 'date', 'next', 'from', 'to', 'opened', 'due', 'resolved', 'until', 'birthday']);

/**
 * Whether a string can be written without quotes and read back as the same string by any reader.
 * A date is plain only as the value of a date key (`key`): elsewhere (a summary that is a date)
 * readers that turn dates into timestamps would misread it.
 */
export function isPlainSafe(text: string, flow = false, key?: string): boolean {
  if (ISO_DATE.test(text) || TIMESTAMP.test(text)) return key !== undefined && DATE_KEYS.has(key);
  return (
    /^\p{L}/u.test(text) &&
    !/\s$/u.test(text) &&
    !UNSAFE_IN_PLAIN.test(text) &&
    !BOOLEAN_OR_NULL.test(text) &&
    !(flow && /[,[\]{}]/.test(text))
  );
}

/** A scalar as YAML text, the value of `key`: plain when safe, else double-quoted (JSON escapes are valid YAML escapes). */
export function scalarText(value: unknown, flow = false, key?: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  const text = String(value);
  return isPlainSafe(text, flow, key) ? text : quoted(text);
}

/** Double-quoted, with the characters YAML escapes and JSON may leave raw escaped too. */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A text of several lines as a literal block scalar (\`|\`, \`|-\` without a final line break):
 * its lines under the key, indented, read back as the same text by any reader. Undefined when
 * the text is not one a block keeps exactly: a first line that starts with a space, a line of
 * spaces only, a line that ends in spaces, or characters a block may not hold.
 */
export function literalBlock(text: string, indent: number): string[] | undefined {
  if (!text.includes('\n') || /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u.test(text)) return undefined;
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body.endsWith('\n') || body === '') return undefined; // (several final line breaks: |+ is not worth it)
  const lines = body.split('\n');
  // (the first line with text sets the block's indentation: it may not start with a blank)
  if (/^[ \t]/.test(lines.find((line) => line !== '') ?? '') || lines.some((line) => /[ \t]$/.test(line))) return undefined;
  const pad = ' '.repeat(indent);
  return [text.endsWith('\n') ? '|' : '|-', ...lines.map((line) => (line === '' ? '' : `${pad}${line}`))];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `{ date: 2026-11-25, action: call }`; `key`: the key whose value it is. */
export function flowText(value: unknown, key?: string): string {
  if (Array.isArray(value)) return value.length ? `[ ${value.map((v) => flowText(v, key)).join(', ')} ]` : '[]';
  if (isRecord(value)) {
    const pairs = Object.entries(value).filter(([, v]) => v !== undefined);
    return pairs.length ? `{ ${pairs.map(([k, v]) => `${scalarText(k, true)}: ${flowText(v, k)}`).join(', ')} }` : '{}';
  }
  return scalarText(value, true, key);
}

/** How a block sequence is laid out: where its dash goes and where the item's keys start. */
export interface SeqLayout {
  /** Extra columns between the parent key's column and the dash (0 or 2, usually). */
  dashOffset: number;
  /** Columns from the dash to the item's content (2 for "- key"). */
  contentOffset: number;
}

export const DEFAULT_SEQ_LAYOUT: SeqLayout = { dashOffset: 2, contentOffset: 2 };

/**
 * Lines of `key: value` pairs for a mapping written in block style at `indent` columns. Nested
 * mappings are indented two columns; sequences follow `seq`. With `literal` (a new file), text of
 * several lines is a literal block scalar where one keeps it exactly.
 */
export function blockLines(value: Record<string, unknown>, indent: number, seq: SeqLayout = DEFAULT_SEQ_LAYOUT, literal = false): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const k = scalarText(key);
    if (isRecord(v) && Object.keys(v).length > 0) {
      lines.push(`${pad}${k}:`, ...blockLines(v, indent + 2, seq, literal));
    } else if (Array.isArray(v) && v.length > 0) {
      lines.push(`${pad}${k}:`, ...v.flatMap((item) => seqItemLines(item, indent + seq.dashOffset, seq, key)));
    } else {
      const block = literal && typeof v === 'string' ? literalBlock(v, indent + 2) : undefined;
      if (block) lines.push(`${pad}${k}: ${block[0]}`, ...block.slice(1));
      else lines.push(`${pad}${k}: ${isRecord(v) || Array.isArray(v) ? flowText(v, key) : scalarText(v, false, key)}`);
    }
  }
  return lines;
}

/** One block sequence item whose dash sits at column `dashColumn`; `key`: the key of the sequence. */
export function seqItemLines(item: unknown, dashColumn: number, seq: SeqLayout = DEFAULT_SEQ_LAYOUT, key?: string): string[] {
  const dash = `${' '.repeat(dashColumn)}-${' '.repeat(seq.contentOffset - 1)}`;
  if (!isRecord(item) || Object.keys(item).length === 0) return [`${dash}${isRecord(item) || Array.isArray(item) ? flowText(item, key) : scalarText(item, false, key)}`];
  const lines = blockLines(item, dashColumn + seq.contentOffset, seq);
  lines[0] = dash + lines[0]!.trimStart();
  return lines;
}
