// Edits made to the text of a YAML file, not to a re-serialised document: a reader gives the
// source range of every node (the `yaml` package for any file, yaml-tree.ts; the plain reader for
// the plain files most dossiers are, plain-yaml.ts), and only the lines an edit is about are
// replaced or inserted, so comments, quoting, blank lines, indentation, long lines, CRLF and the
// rest stay byte for byte. Every result is read again and compared with the intended data
// before anyone writes it (checkEdited). This module loads no YAML parser itself.
import { isDeepStrictEqual } from 'node:util';
import { isErrorNamed } from '../../errors.js';
import { blockLines, flowText, scalarText, seqItemLines, DEFAULT_SEQ_LAYOUT, type SeqLayout } from './text.js';

export type Path = readonly (string | number)[];

export type Edit =
  /** Sets a value; an existing block mapping is updated key by key (keys missing from `value` go). */
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'delete'; path: Path }
  /** Appends an item to a sequence, creating the sequence when absent. */
  | { op: 'append'; path: Path; value: unknown }
  /** Inserts an item into a sequence before the item at `index` as read (several at one index: in their order). */
  | { op: 'insert'; path: Path; index: number; value: unknown };

export interface EditOptions {
  /** Where a new top-level key goes: after the last present key listed before it. */
  keyOrder: readonly string[];
}

/** The edit cannot be made without touching more than it should; nothing is written. */
export class EditError extends Error {
  override name = 'EditError';
  // (known by name, as the errors of src/cli/errors.ts: the general readers' bundle has its own copy)
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, 'EditError');
  }
}

/**
 * A node of a YAML text as the edits see it, with the `yaml` package's source ranges: [start,
 * end of the value, end of the node with what trails it on its line (and, for a collection,
 * comment lines after it)].
 */
export interface SourceNode {
  readonly kind: 'map' | 'seq' | 'scalar' | 'other';
  readonly flow: boolean;
  readonly range: readonly number[] | undefined;
  /** A mapping's pairs. */
  readonly pairs?: readonly SourcePair[];
  /** A sequence's items. */
  readonly items?: readonly (SourceNode | null)[];
  /** A scalar's value. */
  readonly value?: unknown;
  /** The node's data, as the reader gives it (never change it: make a copy). */
  toJSON(): unknown;
}

export interface SourcePair {
  readonly key: SourceNode | null;
  readonly value: SourceNode | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isMap = (node: SourceNode | null | undefined): node is SourceNode & { pairs: readonly SourcePair[] } => node?.kind === 'map';
const isSeq = (node: SourceNode | null | undefined): node is SourceNode & { items: readonly (SourceNode | null)[] } => node?.kind === 'seq';
const isScalar = (node: SourceNode | null | undefined): node is SourceNode => node?.kind === 'scalar';

/**
 * The text with the edits made. All edits are planned on one reading of the original text (so
 * they must not overlap) and applied together; `root` is that reading's top node.
 */
export function editText(text: string, edits: readonly Edit[], options: EditOptions, root: SourceNode | null): string {
  const plan = new EditPlan(text, root, options);
  for (const edit of edits) plan.add(edit);
  return plan.result();
}

/**
 * Refuses an edited text that does not read back (with `reread`) as the original data with the
 * edits made (applyEditsToData).
 */
export function checkEdited(result: string, data: unknown, edits: readonly Edit[], reread: (text: string) => unknown): void {
  const expected = applyEditsToData(data ?? {}, edits);
  let actual: unknown;
  try {
    actual = reread(result) ?? {};
  } catch (error) {
    throw new EditError(`the edited file would not parse: ${(error as Error).message}`);
  }
  if (!isDeepStrictEqual(actual, expected)) throw new EditError('the edited file would not read back as intended');
}

/** The same edits on plain data: what the file must read as afterwards. */
export function applyEditsToData(data: unknown, edits: readonly Edit[]): unknown {
  const root = structuredClone(data ?? {});
  // (an insert's index is a place in the sequence as it was read, as in the text: the items
  // inserted before that place by earlier edits move it on)
  const inserted = new Map<string, number[]>();
  for (const edit of edits) {
    const parentPath = edit.path.slice(0, -1);
    const last = edit.path[edit.path.length - 1]!;
    let parent = root as Record<string | number, unknown> | undefined;
    for (const part of parentPath) {
      if (edit.op === 'delete') {
        parent = parent?.[part] as Record<string | number, unknown> | undefined;
        continue;
      }
      if (parent![part] === undefined || parent![part] === null) parent![part] = {};
      parent = parent![part] as Record<string | number, unknown>;
    }
    if (parent === undefined || parent === null || typeof parent !== 'object') continue;
    if (edit.op === 'delete') delete parent[last];
    else if (edit.op === 'set') parent[last] = structuredClone(edit.value);
    else {
      const items = [...((parent[last] as unknown[] | null | undefined) ?? [])];
      let at = items.length;
      if (edit.op === 'insert') {
        const before = inserted.get(JSON.stringify(edit.path)) ?? [];
        at = edit.index + before.filter((i) => i <= edit.index).length;
        inserted.set(JSON.stringify(edit.path), [...before, edit.index]);
      }
      items.splice(at, 0, structuredClone(edit.value));
      parent[last] = items;
    }
  }
  return root;
}

/** A replacement of text[from, to); inserts have from === to. */
interface Patch {
  from: number;
  to: number;
  text: string;
  /** Whole lines inserted at a line start (the end of a file without a final line break needs one first). */
  lines?: boolean;
  /** Among inserts at one place: new top-level keys in the dossier's order, else in edit order. */
  rank: number;
  seq: number;
}

/** The patches that make a list of edits, all computed on the same parse of the original text. */
class EditPlan {
  private readonly eol: string;
  private readonly patches: Patch[] = [];
  private readonly flowRewrites = new Map<SourceNode, { value: Record<string, unknown>; patch: Patch; keepBreak: string }>();

  constructor(
    private readonly text: string,
    private readonly root: SourceNode | null,
    private readonly options: EditOptions,
  ) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  result(): string {
    const patches = [...this.patches].sort((a, b) => a.from - b.from || a.rank - b.rank || a.seq - b.seq);
    let out = '';
    let at = 0;
    for (const patch of patches) {
      if (patch.from < at) throw new EditError('two changes touch the same part of the file');
      out += this.text.slice(at, patch.from);
      if (patch.lines && out !== '' && !out.endsWith('\n')) out += this.eol;
      out += patch.text;
      at = patch.to;
    }
    return out + this.text.slice(at);
  }

  add(edit: Edit): void {
    const parentPath = edit.path.slice(0, -1);
    const key = edit.path[edit.path.length - 1];
    if (key === undefined) throw new EditError('an edit needs a path');
    const parent = this.nodeAt(parentPath);
    if (edit.op === 'delete') {
      if (isMap(parent)) this.deleteKey(parent, String(key));
      return;
    }
    if (edit.op === 'insert') {
      const seq = isMap(parent) ? pairOf(parent, String(key))?.value : undefined;
      if (!isSeq(seq) || seq.flow || !(edit.index >= 0 && edit.index < seq.items.length)) {
        throw new EditError(`${edit.path.join('.')} has no item ${edit.index} to insert before`);
      }
      this.insertItem(seq, edit.index, edit.value);
      return;
    }
    if (parent === undefined || parent === null || (isScalar(parent) && parent.value === null)) {
      // The parent is missing: set it as a whole.
      const value = edit.op === 'append' ? { [key]: [edit.value] } : { [key]: edit.value };
      this.add({ op: 'set', path: parentPath, value });
      return;
    }
    if (typeof key === 'number') throw new EditError('setting sequence items by position is not supported');
    if (!isMap(parent)) throw new EditError(`${parentPath.join('.') || 'the document'} is not a mapping`);
    const pair = pairOf(parent, key);
    if (edit.op === 'append') {
      const seq = pair?.value;
      if (isSeq(seq) && !seq.flow && seq.items.length > 0) {
        this.appendItem(seq, edit.value);
        return;
      }
      const current = seq === undefined || seq === null || (isScalar(seq) && seq.value === null) ? [] : seq.toJSON();
      if (!Array.isArray(current)) throw new EditError(`${[...parentPath, key].join('.')} is not a list`);
      this.setKey(parent, key, [...current, edit.value], edit.path);
      return;
    }
    this.setKey(parent, key, edit.value, edit.path);
  }

  // --- reading the document -------------------------------------------------------------

  private nodeAt(path: Path): SourceNode | null | undefined {
    let node: SourceNode | null | undefined = this.root;
    for (const part of path) {
      if (isMap(node)) node = pairOf(node, String(part))?.value;
      else if (isSeq(node) && typeof part === 'number') node = node.items[part];
      else return undefined;
    }
    return node;
  }

  private column(offset: number): number {
    return offset - lineStart(this.text, offset);
  }

  /** The column where a mapping's keys start. */
  private keyColumn(map: SourceNode & { pairs: readonly SourcePair[] }): number {
    const first = map.pairs[0];
    return first ? this.column(first.key!.range![0]!) : 0;
  }

  /** The offset just after the last line that belongs to a node's content (not its trailing comments). */
  private contentEnd(node: SourceNode | null | undefined): number {
    if (isMap(node) && !node.flow && node.pairs.length > 0) {
      const last = node.pairs[node.pairs.length - 1]!;
      return this.contentEnd(last.value ?? last.key);
    }
    if (isSeq(node) && !node.flow && node.items.length > 0) return this.contentEnd(node.items[node.items.length - 1]);
    const range = node?.range;
    if (!range) throw new EditError('a node without a source position');
    return afterLine(this.text, range[1]!);
  }

  /** The file's own way of laying out block sequences (the first one found), else the default. */
  private seqLayout(): SeqLayout {
    let layout: SeqLayout | undefined;
    const visit = (node: SourceNode | null | undefined, keyColumn: number): void => {
      if (layout) return;
      if (isMap(node) && !node.flow) {
        for (const pair of node.pairs) if (pair.key?.range) visit(pair.value, this.column(pair.key.range[0]!));
      } else if (isSeq(node) && !node.flow && node.items.length > 0) {
        const item = node.items[0];
        const dash = this.dashBefore(item);
        if (dash !== undefined) layout = { dashOffset: this.column(dash) - keyColumn, contentOffset: this.column(item!.range![0]!) - this.column(dash) };
      }
    };
    visit(this.root, 0);
    if (!layout || layout.dashOffset < 0 || layout.contentOffset < 2) return DEFAULT_SEQ_LAYOUT;
    return layout;
  }

  /** Offset of the `-` that introduces a block sequence item. */
  private dashBefore(item: SourceNode | null | undefined): number | undefined {
    const start = item?.range?.[0];
    if (start === undefined) return undefined;
    const lineBegin = lineStart(this.text, start);
    const dash = this.text.lastIndexOf('-', start - 1);
    return dash >= lineBegin && /^-\s+$/.test(this.text.slice(dash, start)) ? dash : undefined;
  }

  // --- changing the text ----------------------------------------------------------------

  private patch(from: number, to: number, text: string, rank = 0, lines = false): Patch {
    const patch: Patch = { from, to, text, rank, seq: this.patches.length, ...(lines ? { lines } : {}) };
    this.patches.push(patch);
    return patch;
  }

  /** Inserts whole lines at a line start. */
  private insertLines(at: number, lines: readonly string[], rank = 0): void {
    this.patch(at, at, lines.join(this.eol) + this.eol, rank, true);
  }

  /** A flow collection is rewritten whole; several edits of one collection share one rewrite. */
  private rewriteFlow(node: SourceNode, change: (value: Record<string, unknown>) => void): void {
    let pending = this.flowRewrites.get(node);
    if (!pending) {
      const value = { ...((node.toJSON() ?? {}) as Record<string, unknown>) };
      if (!node.range) throw new EditError('a node without a source position');
      const [start, end] = node.range as [number, number];
      const keepBreak = /\r?\n$/.exec(this.text.slice(start, end))?.[0] ?? '';
      pending = { value, patch: this.patch(start, end, ''), keepBreak };
      this.flowRewrites.set(node, pending);
    }
    change(pending.value);
    pending.patch.text = flowText(pending.value) + pending.keepBreak;
  }

  private appendItem(seq: SourceNode & { items: readonly (SourceNode | null)[] }, value: unknown): void {
    const last = seq.items[seq.items.length - 1];
    const dash = this.dashBefore(last);
    if (dash === undefined) throw new EditError('cannot tell how the list is indented');
    const dashColumn = this.column(dash);
    const layout = { ...this.seqLayout(), contentOffset: this.column(last!.range![0]!) - dashColumn };
    this.insertLines(this.contentEnd(last), seqItemLines(value, dashColumn, layout));
  }

  /** A new item on the lines just before the item at `index`, laid out as that item. */
  private insertItem(seq: SourceNode & { items: readonly (SourceNode | null)[] }, index: number, value: unknown): void {
    const before = seq.items[index];
    const dash = this.dashBefore(before);
    const begin = dash === undefined ? undefined : lineStart(this.text, dash);
    if (dash === undefined || begin === undefined || this.text.slice(begin, dash).trim() !== '') throw new EditError('cannot tell how the list is indented');
    const dashColumn = dash - begin;
    const layout = { ...this.seqLayout(), contentOffset: this.column(before!.range![0]!) - dashColumn };
    this.insertLines(begin, seqItemLines(value, dashColumn, layout));
  }

  private setKey(map: SourceNode & { pairs: readonly SourcePair[] }, key: string, value: unknown, path: Path): void {
    const pair = pairOf(map, key);
    if (map.flow) {
      this.rewriteFlow(map, (current) => void (current[key] = value));
      return;
    }
    if (!pair) {
      this.insertPair(map, key, value);
      return;
    }
    const old = pair.value;
    if (old && isDeepStrictEqual(old.toJSON(), value)) return;
    if (isScalar(old) && old.value !== null && !isRecord(value) && !Array.isArray(value)) this.replaceNode(old, scalarText(value, map.flow, key));
    else if (isMap(old) && !old.flow && old.pairs.length > 0 && isRecord(value)) this.mergeMap(old, value, path);
    else if ((isMap(old) || isSeq(old)) && old.flow && (isRecord(value) || Array.isArray(value))) this.replaceNode(old, flowText(value, key));
    else {
      // Anything else (an empty value, a change of kind): the pair is written anew where it was.
      const { start, end } = this.pairLines(pair);
      this.patch(start, end, blockLines({ [key]: value }, this.keyColumn(map), this.seqLayout()).join(this.eol) + this.eol);
    }
  }

  /** A block mapping updated key by key: kept keys stay in place, new ones go after the last. */
  private mergeMap(map: SourceNode & { pairs: readonly SourcePair[] }, value: Record<string, unknown>, path: Path): void {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) this.add({ op: 'set', path: [...path, k], value: v });
    for (const pair of map.pairs) {
      const k = String(pair.key?.value);
      if (value[k] === undefined) this.add({ op: 'delete', path: [...path, k] });
    }
  }

  private replaceNode(node: SourceNode, replacement: string): void {
    if (!node.range) throw new EditError('a node without a source position');
    const [start, end] = node.range as [number, number];
    // Block scalars and block collections end after their line break; keep one.
    const keepBreak = /\r?\n$/.exec(this.text.slice(start, end))?.[0] ?? '';
    this.patch(start, end, replacement + keepBreak);
  }

  /** The whole lines of a pair in a block mapping: from its key's line to the end of its value. */
  private pairLines(pair: SourcePair): { start: number; end: number } {
    const keyRange = pair.key?.range;
    if (!keyRange) throw new EditError('a key without a source position');
    const keyStart = keyRange[0]!;
    const start = lineStart(this.text, keyStart);
    if (this.text.slice(start, keyStart).trim() !== '') throw new EditError('the key shares its line with other content');
    const value = pair.value;
    const valueEnd = value?.range ? Math.max(afterLine(this.text, value.range[2]!), this.contentEnd(value)) : afterLine(this.text, keyRange[2]!);
    return { start, end: valueEnd };
  }

  private deleteKey(map: SourceNode & { pairs: readonly SourcePair[] }, key: string): void {
    const pair = pairOf(map, key);
    if (!pair) return;
    if (map.flow) {
      this.rewriteFlow(map, (current) => void delete current[key]);
      return;
    }
    if (map.pairs.length === 1 && map !== this.root) throw new EditError(`removing the only key of a mapping (${key}) is not supported`);
    const { start, end } = this.pairLines(pair);
    this.patch(start, end, '');
  }

  private insertPair(map: SourceNode & { pairs: readonly SourcePair[] }, key: string, value: unknown): void {
    const lines = blockLines({ [key]: value }, this.keyColumn(map), this.seqLayout());
    if (map.pairs.length === 0) {
      if (map !== this.root) throw new EditError('cannot add a key to an empty mapping');
      this.insertLines(this.text.length, lines);
      return;
    }
    let after: SourcePair | undefined = map.pairs[map.pairs.length - 1];
    let before: SourcePair | undefined;
    let rank = 0;
    if (map === this.root) {
      const order = this.options.keyOrder;
      rank = order.indexOf(key);
      if (rank >= 0) {
        const keyOf = (p: SourcePair) => order.indexOf(String(p.key?.value));
        const preceding = map.pairs.filter((p) => keyOf(p) >= 0 && keyOf(p) < rank);
        after = preceding[preceding.length - 1];
        if (!after) before = map.pairs.find((p) => keyOf(p) > rank) ?? map.pairs[0];
      } else rank = order.length;
    }
    if (after) this.insertLines(this.pairLines(after).end, lines, rank);
    else {
      const keyStart = before!.key?.range?.[0];
      if (keyStart === undefined) throw new EditError('a key without a source position');
      this.insertLines(lineStart(this.text, keyStart), lines, rank);
    }
  }
}

function pairOf(map: SourceNode & { pairs: readonly SourcePair[] }, key: string): SourcePair | undefined {
  return map.pairs.find((pair) => isScalar(pair.key) && String(pair.key!.value) === key);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The start of the line after the one `offset` is on (or `offset` itself when it starts a line). */
function afterLine(text: string, offset: number): number {
  if (offset === 0 || text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}
