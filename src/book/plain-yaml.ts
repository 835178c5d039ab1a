// A reader for the plain YAML that dossiers are made of, several times faster than a general
// parser: block mappings and sequences, single-line plain and quoted scalars, literal block
// scalars, one-line flow lists and mappings (nested too), comments. Whatever it does not know for certain
// (anchors, tags, multi-line plain scalars, folded scalars, odd keys, duplicate keys, tabs,
// control characters, deep nesting, and so on) it declines, and the general readers take the
// file; so for every text it reads, it gives exactly the values the full reader (the `yaml`
// package, as safe-yaml.ts configures it) gives. test/unit/plain-yaml.test.ts checks that on
// generated and mutated documents.
//
// Values are typed as that reader types them: YAML 1.2 core schema, integers and floats without
// leading zeros, no hexadecimal or octal forms, no timestamps. Plain scalars that a YAML 1.1 reader
// would take for something else (yes, 010, 10:30) are reported, since validate warns about them.

import type { SourceNode, SourcePair } from './yaml-edit.js';

export interface PlainYaml {
  data: Record<string, unknown>;
  /** Some plain scalar is a YAML 1.1 look-alike (the full reader warns about it, with its position). */
  lookAlike: boolean;
}

/** Thrown (one object, no stack) when the text is not for this reader. */
const DECLINE = Object.freeze({ declined: true });


const MAX_DEPTH = 24;
// eslint-disable-next-line no-control-regex
const DECLINED = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
// (apart: a class alone is scanned a third faster, and most files have no CR at all)
const LONE_CR = /\r(?!\n)/;
const INDENT = / */y;
const SPACE = 32, HASH = 35, COLON = 58, DASH = 45, QUOTE = 34, APOSTROPHE = 39, BACKSLASH = 92;

/**
 * The document's data, or undefined when this reader declines the text (the caller then asks a
 * general reader). The text comes without BOM; the document must be a block mapping.
 */
export function readPlainYaml(text: string): PlainYaml | undefined {
  try {
    const reader = new Reader(text, false);
    const data = reader.document();
    return data === undefined ? undefined : { data, lookAlike: reader.lookAlike };
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

/**
 * The data and the nodes with their source ranges (as the `yaml` package gives them), for an
 * edit (yaml-edit.ts). Declines, besides what readPlainYaml declines, any comment after the first
 * key: where a comment belongs (to the node before it or after it) is the general reader's call.
 */
export function readPlainTree(text: string): (PlainYaml & { tree: SourceNode }) | undefined {
  try {
    const reader = new Reader(text, true);
    const data = reader.document();
    return data === undefined ? undefined : { data, lookAlike: reader.lookAlike, tree: reader.node! };
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

/** A node read by the plain reader: its kind, its source range and its data. */
class PlainNode implements SourceNode {
  constructor(
    readonly kind: 'map' | 'seq' | 'scalar',
    readonly range: readonly number[],
    private readonly data: unknown,
    readonly flow = false,
    readonly pairs?: readonly SourcePair[],
    readonly items?: readonly (SourceNode | null)[],
  ) {}

  get value(): unknown {
    return this.kind === 'scalar' ? this.data : undefined;
  }

  toJSON(): unknown {
    return this.data;
  }
}

class Reader {
  private readonly text: string;
  /** Per line: where it starts, where it ends (before its line break and a CR of CRLF), its indentation (-1 for a blank line or a comment). */
  private readonly lines: Int32Array;
  /** 1 for a line with a '#' somewhere (a comment may end a value there). */
  private readonly hashes: Uint8Array;
  private readonly total: number;
  /** The current line. */
  private at = 0;
  private depth = 0;
  lookAlike = false;
  /** With `located`: the node of the value read last. */
  node: PlainNode | undefined;
  private readonly located: boolean;

  // (positions are offsets into the whole text: one flat string is read much faster than a line
  // each, which V8 would keep as slices of it)
  constructor(text: string, located: boolean) {
    this.text = text;
    this.located = located;
    // Characters this reader declines anywhere: control characters, tabs, a CR not before LF, NEL
    // and the other C1 controls, line separators, BOMs and non-characters.
    if (DECLINED.test(text) || (text.indexOf('\r') >= 0 && LONE_CR.test(text))) throw DECLINE;
    // Then where lines start and end, their indentation, and which have a '#' (found with
    // indexOf: native scans, fast from the very first file of a run, before any JIT).
    let room = (text.length >> 4) + 16; // (lines of 16 characters on average; more when shorter)
    let lines = new Int32Array(room * 3); // start, end, indentation (-1: blank or a comment)
    let hashes = new Uint8Array(room);
    let count = 0;
    const length = text.length;
    let hash = text.indexOf('#');
    for (let from = 0; from <= length; ) {
      let next = text.indexOf('\n', from);
      if (next < 0) next = length;
      const end = next > from && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
      if (count === room) {
        room *= 2;
        const more = new Int32Array(room * 3);
        more.set(lines);
        lines = more;
        const moreHashes = new Uint8Array(room);
        moreHashes.set(hashes);
        hashes = moreHashes;
      }
      // (the indentation by a sticky regular expression: one native call a line)
      INDENT.lastIndex = from;
      INDENT.test(text);
      const p = Math.min(INDENT.lastIndex, end);
      if (hash >= 0 && hash < next) {
        hashes[count] = 1;
        hash = text.indexOf('#', next);
      }
      lines[count * 3] = from;
      lines[count * 3 + 1] = end;
      lines[count * 3 + 2] = p === end || text.charCodeAt(p) === HASH ? -1 : p - from;
      count++;
      from = next + 1;
    }
    this.lines = lines;
    this.hashes = hashes;
    this.total = count;
  }

  document(): Record<string, unknown> | undefined {
    const first = this.nextContent(0);
    if (first < 0) return undefined;
    const indent = this.lines[3 * first + 2]!;
    this.at = first;
    if (this.isDash(first, indent)) throw DECLINE; // a list, not a dossier
    // (with `located`: comment lines here; comments at the end of a line are declined where they are met)
    if (this.located) for (let i = first; i < this.total; i++) if (this.hashes[i] === 1 && this.lines[3 * i + 2] === -1) throw DECLINE;
    const data = this.mapping(indent, this.lines[3 * first]! + indent);
    if (this.nextContent(this.at + 1) >= 0) throw DECLINE; // something less indented than the first key
    return data;
  }

  /** The first line from `from` on that is neither blank nor a comment, or -1. */
  private nextContent(from: number): number {
    for (let i = from; i < this.total; i++) if (this.lines[3 * i + 2]! >= 0) return i;
    return -1;
  }

  /** Whether line n has a list entry's dash at column `column` ("-" followed by a space or the end). */
  private isDash(n: number, column: number): boolean {
    const p = this.lines[3 * n]! + column;
    return this.text.charCodeAt(p) === DASH && (p + 1 >= this.lines[3 * n + 1]! || this.text.charCodeAt(p + 1) === SPACE);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw DECLINE;
  }

  private skipSpaces(p: number, end: number): number {
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /**
   * `p`, where a comment would start on the current line (a '#' or the end): with `located`, a
   * comment there is declined, since where it belongs (to the node before it or after it) is the
   * general reader's call.
   */
  private noComment(p: number, end: number): number {
    if (this.located && p < end) throw DECLINE;
    return p;
  }

  /** Where the node on line n ends, as the `yaml` package counts: after its line break. */
  private lineNodeEnd(n: number): number {
    return n + 1 < this.total ? this.lines[3 * (n + 1)]! : this.text.length;
  }

  /** An empty value (null) after a key's colon or a dash, with its spaces: at `from`. */
  private nullAt(from: number): null {
    if (this.located) this.node = new PlainNode('scalar', [from, from, from], null);
    return null;
  }

  /** With `located`: notes the node of a scalar or flow collection read on the current line. */
  private located1<T>(value: T, start: number, end: number, flow = false, pairs?: SourcePair[], items?: SourceNode[]): T {
    if (this.located) this.node = new PlainNode(flow ? (items ? 'seq' : 'map') : 'scalar', [start, end, this.lineNodeEnd(this.at)], value, flow, pairs, items);
    return value;
  }

  // Every reader of a node leaves `at` on the last line it took: the next node starts at the
  // first content line after it.

  /**
   * A block mapping whose keys stand at column `indent`; its first key is at offset `first` of
   * the current line (at that column, or further right after "- " in a list).
   */
  private mapping(indent: number, first: number): Record<string, unknown> {
    this.enter();
    const map: Record<string, unknown> = {};
    // (the keys so far: looking them up in `map` would cost more, V8 sees so many shapes here)
    const keys: Keys = [];
    const pairs: SourcePair[] | undefined = this.located ? [] : undefined;
    let p = first;
    for (;;) {
      const end = this.lines[3 * this.at + 1]!;
      const colon = keyEnd(this.text, p, end);
      if (colon < 0) throw DECLINE;
      const key = keyText(this.text, p, colon);
      if (isDuplicate(keys, key)) throw DECLINE;
      if (!lastKeyKnown) {
        if (key === '__proto__' || resolvePlain(key) !== key) throw DECLINE; // true, null, 12: keys of other types
        this.noteLookAlike(key);
      }
      map[key] = this.value(colon + 1, end, indent, true);
      if (pairs) pairs.push({ key: new PlainNode('scalar', [p, colon, colon], key), value: this.node! });
      const next = this.nextContent(this.at + 1);
      if (next < 0) break;
      const nextIndent = this.lines[3 * next + 2]!;
      if (nextIndent < indent) break;
      if (nextIndent > indent) throw DECLINE;
      this.at = next;
      p = this.lines[3 * next]! + indent;
    }
    this.depth--;
    if (pairs) {
      const end = pairs[pairs.length - 1]!.value!.range![2]!;
      this.node = new PlainNode('map', [first, end, end], map, false, pairs);
    }
    return map;
  }

  /** A block sequence whose dashes stand at column `indent`, from the current line. */
  private sequence(indent: number): unknown[] {
    this.enter();
    const list: unknown[] = [];
    const text = this.text;
    const items: SourceNode[] | undefined = this.located ? [] : undefined;
    const firstDash = this.lines[3 * this.at]! + indent;
    for (;;) {
      const start = this.lines[3 * this.at]!;
      const end = this.lines[3 * this.at + 1]!;
      const p = this.skipSpaces(start + indent + 1, end);
      if (p >= end || text.charCodeAt(p) === HASH) list.push(this.nested(indent, false, this.noComment(p, end)));
      else if (text.charCodeAt(p) === DASH && (p + 1 >= end || text.charCodeAt(p + 1) === SPACE)) throw DECLINE; // "- - x"
      else if (keyEnd(text, p, end) >= 0) list.push(this.mapping(p - start, p));
      else list.push(this.value(start + indent + 1, end, indent, false));
      if (items) items.push(this.node!);
      const next = this.nextContent(this.at + 1);
      if (next < 0) break;
      const nextIndent = this.lines[3 * next + 2]!;
      if (nextIndent < indent) break;
      if (nextIndent > indent) throw DECLINE;
      // at the list's column: another entry, or (a list under a key, at the key's column) the next key
      if (!this.isDash(next, indent)) break;
      this.at = next;
    }
    this.depth--;
    if (items) {
      const end = items[items.length - 1]!.range![2]!;
      this.node = new PlainNode('seq', [firstDash, end, end], list, false, undefined, items);
    }
    return list;
  }

  /**
   * The value after a key's colon (or a dash) at `from` of the current line (which ends at
   * `end`): `from` is at a space or the end. `parent` is the column of the key or dash: nested
   * blocks and block scalars must stand further right.
   */
  private value(from: number, end: number, parent: number, afterKey: boolean): unknown {
    const text = this.text;
    const p = this.skipSpaces(from, end);
    if (p >= end || text.charCodeAt(p) === HASH) return this.nested(parent, afterKey, this.noComment(p, end));
    const c = text.charCodeAt(p);
    // (a line below that would continue the value, a multi-line scalar, is further right than the
    // key or dash: the mapping or list this value is in declines it)
    if (c === QUOTE || c === APOSTROPHE) return this.afterScalar(this.located1(this.quoted(p, end), p, this.after), end);
    if (c === 91 /* [ */) return this.afterScalar(this.flowList(p, end), end);
    if (c === 123 /* { */) return this.afterScalar(this.flowMap(p, end), end);
    if (c === 124 /* | */) return this.literal(p, end, parent);
    const stop = plainEnd(text, p, end, this.hashes[this.at] === 1);
    if (this.located && stop < end) this.noComment(this.skipSpaces(stop, end), end);
    return this.located1(this.plain(text.slice(p, stop)), p, stop);
  }

  /** A value on the lines below an empty one: a block mapping or list further right, a list at the key's column, or null. */
  private nested(parent: number, afterKey: boolean, from: number): unknown {
    const next = this.nextContent(this.at + 1);
    if (next < 0) return this.nullAt(from);
    const indent = this.lines[3 * next + 2]!;
    const dash = this.isDash(next, indent);
    if (indent > parent) {
      this.at = next;
      return dash ? this.sequence(indent) : this.mapping(indent, this.lines[3 * next]! + indent);
    }
    if (indent === parent && dash && afterKey) {
      // key:
      // - entry     (a list at the key's own column)
      this.at = next;
      return this.sequence(indent);
    }
    return this.nullAt(from);
  }

  /** What may follow a quoted scalar or flow collection on its line: spaces, then a comment. */
  private afterScalar(value: unknown, end: number): unknown {
    const after = this.after;
    const p = this.skipSpaces(after, end);
    if (p < end && !(this.text.charCodeAt(p) === HASH && p > after)) throw DECLINE;
    this.noComment(p, end);
    return value;
  }

  /** Where the last quoted scalar or flow collection ended (after its closing character). */
  private after = 0;

  /** The first backslash of the text after the last quoted scalar looked at, or -1. */
  private backslash = 0;

  /** A quoted scalar on one line, at `p`; sets `after`. */
  private quoted(p: number, end: number): string {
    let value: string;
    if (this.text.charCodeAt(p) === QUOTE) {
      // (the next backslash, looked for again only once passed: one scan of the text in all)
      if (this.backslash >= 0 && this.backslash <= p) this.backslash = this.text.indexOf('\\', p + 1);
      value = doubleQuoted(this.text, p, end, this.backslash);
    } else value = singleQuoted(this.text, p, end);
    this.after = quoteEnd;
    return value;
  }

  private plain(source: string): unknown {
    if (source === '') throw DECLINE;
    const c = source.charCodeAt(0);
    // indicators that start something else (or need the care of a general reader)
    if (INDICATOR[c] === 1) throw DECLINE;
    if ((c === DASH || c === 63 /* ? */ || c === COLON) && (source.length === 1 || source.charCodeAt(1) === SPACE)) throw DECLINE;
    this.noteLookAlike(source);
    return resolvePlain(source);
  }

  private noteLookAlike(source: string): void {
    if (!this.lookAlike && MAY_LOOK_ALIKE_START[source.charCodeAt(0)] === 1 && isLookAlike(source)) this.lookAlike = true;
  }

  /** `|`, `|-` (clip and strip chomping; keep, indentation indicators and folding are declined). */
  private literal(bar: number, end: number, parent: number): string {
    const text = this.text;
    let p = bar + 1;
    let strip = false;
    if (p < end && text.charCodeAt(p) === DASH) {
      strip = true;
      p++;
    }
    const afterHeader = p;
    p = this.skipSpaces(p, end);
    if (p < end && !(text.charCodeAt(p) === HASH && p > afterHeader)) throw DECLINE;
    this.noComment(p, end);
    const content: string[] = [];
    let indent = -1;
    let blanks = 0; // blank lines since the last content line
    let leading = 0; // the longest blank line before the first content line
    let last = this.at;
    for (let j = this.at + 1; j < this.total; j++) {
      const start = this.lines[3 * j]!;
      const lineEnd = this.lines[3 * j + 1]!;
      const length = lineEnd - start;
      const lineIndent = this.skipSpaces(start, lineEnd) - start; // (a comment line is content here)
      if (lineIndent === length) {
        // a blank line: inside the scalar, or trailing it
        if (indent < 0) leading = Math.max(leading, length);
        else if (length > indent) throw DECLINE; // spaces that would be content
        blanks++;
        continue;
      }
      if (indent < 0) {
        if (lineIndent <= parent) break;
        indent = lineIndent;
        if (leading > indent) throw DECLINE;
      } else if (lineIndent < indent) break;
      for (let k = 0; k < blanks; k++) content.push('');
      blanks = 0;
      content.push(text.slice(start + indent, lineEnd));
      last = j;
    }
    // the value ends at its last content line; blank lines after it belong to nobody
    this.at = last;
    if (content.length === 0) {
      if (indent < 0 && leading > 0) throw DECLINE;
      if (this.located) throw DECLINE; // (the general reader counts the blank lines after it in, or not)
      return '';
    }
    const body = content.join('\n');
    const value = strip ? body : `${body}\n`;
    if (this.located) this.node = new PlainNode('scalar', [bar, this.lineNodeEnd(last), this.lineNodeEnd(last)], value);
    return value;
  }

  /** `[a, "b", c]` on one line, of scalars and flow collections. */
  private flowList(open: number, end: number): unknown[] {
    const text = this.text;
    const list: unknown[] = [];
    const items: SourceNode[] | undefined = this.located ? [] : undefined;
    let p = this.skipSpaces(open + 1, end);
    if (text.charCodeAt(p) === 93 /* ] */) {
      this.after = p + 1;
      return this.located1(list, open, this.after, true, undefined, []);
    }
    this.enter();
    for (;;) {
      list.push(this.flowScalar(p, end));
      if (items) items.push(this.flowNode(list[list.length - 1], p));
      p = this.skipSpaces(this.after, end);
      const c = text.charCodeAt(p);
      if (c === 93) break;
      if (c !== 44 /* , */ || p >= end) throw DECLINE;
      p = this.skipSpaces(p + 1, end);
      if (text.charCodeAt(p) === 93) throw DECLINE; // a trailing comma
    }
    this.depth--;
    this.after = p + 1;
    return this.located1(list, open, this.after, true, undefined, items);
  }

  /** `{a: 1, b: "x", c: [d]}` on one line, plain keys, values scalars and flow collections. */
  private flowMap(open: number, end: number): Record<string, unknown> {
    const text = this.text;
    const map: Record<string, unknown> = {};
    const keys: Keys = [];
    const pairs: SourcePair[] | undefined = this.located ? [] : undefined;
    let p = this.skipSpaces(open + 1, end);
    if (text.charCodeAt(p) === 125 /* } */) {
      this.after = p + 1;
      return this.located1(map, open, this.after, true, []);
    }
    this.enter();
    for (;;) {
      const colon = keyEnd(text, p, end);
      if (colon < 0) throw DECLINE;
      const key = keyText(text, p, colon);
      if (isDuplicate(keys, key) || key === '__proto__' || resolvePlain(key) !== key) throw DECLINE;
      this.noteLookAlike(key);
      if (colon + 1 >= end || text.charCodeAt(colon + 1) !== SPACE) throw DECLINE;
      const at = this.skipSpaces(colon + 1, end);
      map[key] = this.flowScalar(at, end);
      if (pairs) pairs.push({ key: new PlainNode('scalar', [p, colon, colon], key), value: this.flowNode(map[key], at) });
      p = this.skipSpaces(this.after, end);
      const c = text.charCodeAt(p);
      if (c === 125) break;
      if (c !== 44 || p >= end) throw DECLINE;
      p = this.skipSpaces(p + 1, end);
      if (text.charCodeAt(p) === 125) throw DECLINE;
    }
    this.depth--;
    this.after = p + 1;
    return this.located1(map, open, this.after, true, pairs);
  }

  /** The node of the value flowScalar read from `start`: it ends at `after` (spaces before it not counted), the node after the spaces that follow. */
  private flowNode(value: unknown, start: number): PlainNode {
    let stop = this.after;
    while (stop > start && this.text.charCodeAt(stop - 1) === SPACE) stop--;
    const range = [start, stop, this.skipSpaces(this.after, this.text.length)];
    const c = this.text.charCodeAt(start);
    if (c !== 91 && c !== 123) return new PlainNode('scalar', range, value);
    const inner = this.node!; // (the flow collection just read)
    return new PlainNode(inner.kind as 'map' | 'seq', range, value, true, inner.pairs, inner.items);
  }

  /** A value inside a flow collection: quoted, plain without flow indicators, or a flow collection. Sets `after`. */
  private flowScalar(p: number, end: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (p >= end) throw DECLINE;
    if (c === QUOTE || c === APOSTROPHE) return this.quoted(p, end);
    if (c === 91 /* [ */) return this.flowList(p, end);
    if (c === 123 /* { */) return this.flowMap(p, end);
    let stop = p;
    for (; stop < end; stop++) {
      const ch = text.charCodeAt(stop);
      if (ch === 44 || ch === 93 || ch === 125) break;
      if (ch === 91 || ch === 123 || ch === COLON || (ch === HASH && text.charCodeAt(stop - 1) === SPACE)) throw DECLINE;
    }
    this.after = stop;
    while (stop > p && text.charCodeAt(stop - 1) === SPACE) stop--;
    return this.plain(text.slice(p, stop));
  }
}

/** The keys of a mapping so far: a few in a list, many in a set (a file of 20,000 keys stays linear). */
type Keys = string[] & { set?: Set<string> };

/** Whether `key` is among `keys`; adds it if not. */
function isDuplicate(keys: Keys, key: string): boolean {
  if (keys.set) {
    if (keys.set.has(key)) return true;
    keys.set.add(key);
    return false;
  }
  if (keys.includes(key)) return true;
  keys.push(key);
  if (keys.length > 32) keys.set = new Set(keys);
  return false;
}

/** Where a key that starts at `p` ends (at its colon, followed by a space or the end of the line), or -1: keys are words of letters, digits, _ and -. */
function keyEnd(text: string, p: number, end: number): number {
  // (a sticky regular expression: native code from the first file on, where a loop would run interpreted)
  KEY.lastIndex = p;
  if (!KEY.test(text)) return -1;
  const i = KEY.lastIndex - 1;
  if (i >= end) return -1;
  return i + 1 >= end || text.charCodeAt(i + 1) === SPACE ? i : -1;
}
const KEY = /[A-Za-z0-9_][A-Za-z0-9_-]*:/y;

/** Where a plain scalar in a block that starts at `p` ends: at a comment, or the end of the line (spaces trimmed). */
function plainEnd(text: string, p: number, end: number, mayComment: boolean): number {
  let stop = end;
  if (mayComment) {
    // (a comment starts at " #"; the value's first character is not a '#', see value())
    const comment = text.indexOf(' #', p);
    if (comment >= 0 && comment < end) stop = comment;
  }
  // "a: b" inside a value, or a value ending in ":" (a nested mapping, which YAML refuses here)
  for (let colon = text.indexOf(':', p); colon >= 0 && colon < stop; colon = text.indexOf(':', colon + 1)) {
    if (colon + 1 >= end || text.charCodeAt(colon + 1) === SPACE) throw DECLINE;
  }
  while (stop > p && text.charCodeAt(stop - 1) === SPACE) stop--;
  return stop;
}

/**
 * A key as a string. The keys of the book's files are interned constants: a property named by a
 * fresh slice of the text costs V8 several times more to look up and set (it must be hashed and
 * internalised each time).
 */
function keyText(text: string, p: number, end: number): string {
  lastKeyKnown = true;
  const length = end - p;
  const first = text.charCodeAt(p);
  if (length < 16 && first < 128) {
    const candidates = KNOWN_KEYS[length * 128 + first];
    if (candidates !== undefined) {
      // (startsWith: a native comparison, at full speed from the first file on)
      for (let k = 0; k < candidates.length; k++) if (text.startsWith(candidates[k]!, p)) return candidates[k]!;
    }
  }
  lastKeyKnown = false;
  return text.slice(p, end);
}

/** Whether the last keyText was one of KNOWN_KEYS (plain words of other types or look-alikes need not be checked for). */
let lastKeyKnown = false;

// The keys of dossiers and of tickler.yaml, by length and first letter.
const KNOWN_KEYS: (string[] | undefined)[] = [];
for (const key of [
  'action', 'at', 'birthday', 'by', 'cadence', 'complaints', 'contacts', 'cover', 'date', 'due', 'email', 'forms', 'from', 'log', 'name', 'next', 'note',
  'notes', 'offer', 'opened', 'outcome', 'owner', 'phone', 'priority', 'reason', 'resolution', 'resolved', 'role', 'stage', 'summary', 'tags', 'time', 'to',
  'until', 'actions', 'autocommit', 'capacity', 'closed-stages', 'fields', 'form', 'git', 'holidays', 'locale', 'mail', 'outcomes', 'stages', 'team',
  'timezone', 'workdays',
]) (KNOWN_KEYS[key.length * 128 + key.charCodeAt(0)] ??= []).push(key);

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Where the last quoted scalar ended (after its closing quote). */
let quoteEnd = 0;

/** A double-quoted scalar on one line; `backslash`: where the text's first backslash after `open` is (-1: nowhere). */
function doubleQuoted(text: string, open: number, end: number, backslash: number): string {
  // (most have no escape: the closing quote found by a native scan, which is as fast on a first
  // file as on the thousandth, where a loop over the characters runs interpreted for a while)
  const close = text.indexOf('"', open + 1);
  if (close >= 0 && close < end) {
    if (backslash < 0 || backslash > close) {
      quoteEnd = close + 1;
      return text.slice(open + 1, close);
    }
  }
  let out = '';
  let from = open + 1;
  for (let i = open + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      quoteEnd = i + 1;
      return out + text.slice(from, i);
    }
    if (c !== BACKSLASH) continue;
    out += text.slice(from, i);
    if (i + 1 >= end) throw DECLINE; // an escaped line break: a multi-line scalar
    const kind = text[i + 1]!;
    const simple = ESCAPES[kind];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else {
      const digits = HEX_ESCAPES[kind];
      const hex = digits === undefined || i + 2 + digits > end ? '' : text.slice(i + 2, i + 2 + digits);
      if (digits === undefined || hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) throw DECLINE;
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw DECLINE;
      out += String.fromCodePoint(code);
      i += 1 + digits;
    }
    from = i + 1;
  }
  throw DECLINE; // no closing quote on this line
}

/** A single-quoted scalar on one line ('' is a quote). */
function singleQuoted(text: string, open: number, end: number): string {
  let out = '';
  let from = open + 1;
  for (let i = open + 1; i < end; i++) {
    if (text.charCodeAt(i) !== APOSTROPHE) continue;
    if (i + 1 < end && text.charCodeAt(i + 1) === APOSTROPHE) {
      out += text.slice(from, i + 1);
      i++;
      from = i + 1;
      continue;
    }
    quoteEnd = i + 1;
    return out + text.slice(from, i);
  }
  throw DECLINE;
}

// Characters that cannot start a plain scalar this reader takes: flow and block indicators,
// anchors, aliases, tags, directives, reserved characters, comments.
const INDICATOR = new Uint8Array(128);
for (const ch of ',[]{}#&*!|>\'"%@`') INDICATOR[ch.charCodeAt(0)] = 1;

const NULL = /^(?:~|null|Null|NULL)$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT = /^[-+]?(?:0|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
// Only text starting with one of these can be anything but a string.
const MAY_BE_TYPED = new Uint8Array(128);
for (const ch of '~nNtTfF+-.0123456789') MAY_BE_TYPED[ch.charCodeAt(0)] = 1;

/** A plain scalar's value under the core schema as tickler reads it (see safe-yaml.ts). */
export function resolvePlain(source: string): unknown {
  const first = source.charCodeAt(0);
  if (MAY_BE_TYPED[first] !== 1) return source;
  if (source.length <= 5 && (NULL.test(source) || BOOL.test(source))) return source === 'true' || source === 'True' || source === 'TRUE' ? true : source.length === 5 ? false : null;
  if (!mayBeNumber(source)) return source;
  if (INT.test(source)) return Number.parseInt(source, 10);
  if (FLOAT.test(source) || FLOAT_EXP.test(source)) return Number.parseFloat(source);
  if (FLOAT_SPECIAL.test(source)) return /nan$/i.test(source) ? Number.NaN : first === DASH ? -Infinity : Infinity;
  return source;
}

/**
 * Whether a text could be one of the number forms: digits, dots, an exponent, signs only first
 * or after the exponent (and .inf, .nan). Dates, times and phone numbers are not.
 */
function mayBeNumber(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 46 /* . */) continue;
    if (c === 43 || c === DASH) {
      if (i === 0) continue;
      const before = source.charCodeAt(i - 1);
      if (before === 101 || before === 69) continue;
      return false;
    }
    if (c === 101 || c === 69) continue;
    return FLOAT_SPECIAL.test(source);
  }
  return true;
}

// The look-alikes the full reader warns about (safe-yaml.ts lookAlike, outside %YAML 1.1).
const LOOK_ALIKE_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const LOOK_ALIKE_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const LOOK_ALIKE_LEADING_ZERO = /^[-+]?0[0-9_]+(?:\.[0-9_]*)?$/;
const MAY_LOOK_ALIKE_START = new Uint8Array(128);
for (const ch of 'yYnNoO+-0123456789') MAY_LOOK_ALIKE_START[ch.charCodeAt(0)] = 1;

function isLookAlike(source: string): boolean {
  if (source.length <= 3 && LOOK_ALIKE_BOOL.test(source)) return true;
  // the number-like look-alikes are made of digits, _, :, . and a sign only
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (!((c >= 48 && c <= 58) || c === 95 || c === 46 || ((c === 43 || c === DASH) && i === 0))) return false;
  }
  return LOOK_ALIKE_SEXAGESIMAL.test(source) || LOOK_ALIKE_LEADING_ZERO.test(source);
}
