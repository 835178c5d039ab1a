// The summaries a day view showed, kept together under .tickler/ (day-*.json): the next run of the
// same view reads them in one go instead of a few thousand reads here and there in the summaries
// files (at 100,000 dossiers a day holds ~6,000 of them). Each summary is kept with the stamp of
// the file it was made from, and used only for that very version of that file; a view of other
// days or of another member keeps its own file (a few are kept, the oldest go).
//
// A day file keeps only what the day views show of a dossier, as a list of values rather than
// keyed objects ("cards": half the size, parsed three times faster): the dossier it gives has no
// tags, notes or fields of the book's own, which no day view shows (list and show read summaries
// or files). One card a line: a new day file copies the lines of the files that did not change.
//
// A page made from exactly the dossiers of one day file (every row the view wants has its card,
// for the very same file versions) is kept beside it (page-*.txt), under the day file's id and
// what else the page depends on (view, format, date, member, colours, width, name order): when
// nothing changed, the next run of the same view prints it without making it again.
//
// Each of these files is sealed (seal.ts): one in which any byte changed is not used.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import type { Complaint, Contact, Cover, Dossier, LogEntry, NextContact, Priority } from '../core/model.js';
import type { Stamp, Summary, WantedKeys } from './cache.js';
import { CLIENTS_DIR } from './discover.js';
import { CACHE_DIR, cacheDir } from './lock.js';
import { readSealed, writeSealed } from './seal.js';
import { removeFile, uniqueHex } from './write.js';

const FORMAT = 4;
const KEEP = 4;
const NAME = /^day-[0-9a-f]{8}\.json$/;
const PAGE_NAME = /^page-[0-9a-f]{8}\.txt$/;

/** What a day file is for: the build, tickler.yaml's hash, the dividers and the member. */
export function dayKey(version: string, settingsHash: string, wanted: WantedKeys): string {
  return JSON.stringify([FORMAT, version, settingsHash, wanted.until, [...wanted.birthdays].sort((a, b) => a - b), wanted.owner ?? null]);
}

function shortHash(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function fileName(key: string): string {
  return `day-${shortHash(key)}.json`;
}

/** Keeps the `keep` newest files of `dir` whose names match `pattern`; the others go. */
function keepNewest(dir: string, pattern: RegExp, keep: number): void {
  const files = readdirSync(dir).filter((name) => pattern.test(name));
  if (files.length <= keep) return;
  const byAge = files.map((name) => ({ name, at: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => b.at - a.at);
  for (const { name } of byAge.slice(keep)) removeFile(join(dir, name));
}

/** A summary to keep, with the file's name and stamp (none: the previous day file's card is copied). */
export interface DaySummary {
  name: string;
  stamp: Stamp;
  summary?: Summary;
}

type Card =
  | [name: string, owner: string | null, stage: string | null, priority: Priority, next: NextContact | null, cadence: [number, string] | null, contacts: Contact[], last: [string, string | null, string | null, string | null, string | null] | null, offer: string | null, cover: Cover | null, complaints: Complaint[], problems: Diagnostic[]]
  | { p: Diagnostic[] };

/** What the day views use of a summary, as a card. */
function cardOf(summary: Summary): Card {
  const d = summary.dossier;
  if (!d) return { p: summary.problems };
  const last = d.log[0];
  return [
    d.name,
    d.owner ?? null,
    d.stage ?? null,
    d.priority,
    d.next ?? null,
    d.cadence ? [d.cadence.count, d.cadence.unit] : null,
    d.contacts,
    last ? [last.at, last.by ?? null, last.action ?? null, last.outcome ?? null, last.summary ?? null] : null,
    d.offer ?? null,
    d.cover ?? null,
    d.complaints,
    summary.problems,
  ];
}

/** The summary a card stands for (of the file `fileName`), or undefined for a garbled one. */
function summaryOfCard(fileName: string, card: unknown): Summary | undefined {
  if (!Array.isArray(card)) {
    const problems = (card as { p?: unknown } | null)?.p;
    return Array.isArray(problems) ? { problems: problems as Diagnostic[], custom: [] } : undefined;
  }
  // (by index: thousands of cards a run, read once, in code that is rarely optimised yet)
  const c = card as unknown[];
  const name = c[0];
  const contacts = c[6];
  const complaints = c[10];
  const problems = c[11];
  if (typeof name !== 'string' || !Array.isArray(contacts) || !Array.isArray(complaints) || !Array.isArray(problems)) return undefined;
  const last = c[7] as [string, string | null, string | null, string | null, string | null] | null;
  const log: LogEntry[] = [];
  if (last) {
    const entry: LogEntry = { at: last[0] };
    if (last[1] !== null) entry.by = last[1];
    if (last[2] !== null) entry.action = last[2];
    if (last[3] !== null) entry.outcome = last[3];
    if (last[4] !== null) entry.summary = last[4];
    log.push(entry);
  }
  const id = fileName.endsWith('.yaml') ? fileName.slice(0, -5) : fileName;
  const dossier: Dossier = { id, file: `${CLIENTS_DIR}/${fileName}`, name, priority: c[3] as Priority, tags: [], contacts: contacts as Contact[], complaints: complaints as Complaint[], log, extra: {} };
  if (c[1] !== null) dossier.owner = c[1] as string;
  if (c[2] !== null) dossier.stage = c[2] as string;
  if (c[8] !== null) dossier.offer = c[8] as string;
  if (c[4] !== null) dossier.next = c[4] as NextContact;
  if (c[9] !== null) dossier.cover = c[9] as Cover;
  const cadence = c[5] as [number, string] | null;
  if (cadence !== null) dossier.cadence = { count: cadence[0], unit: cadence[1] as NonNullable<Dossier['cadence']>['unit'] };
  return { dossier, problems: problems as Diagnostic[], custom: [] };
}

/**
 * The first `count` lines of a file's bytes, decoded, and the bytes after them (decoded only when
 * a line of them is wanted: a run whose page holds needs none of a day file's cards), or undefined
 * when it has fewer lines.
 */
function splitHead(bytes: Buffer | undefined, count: number): { head: string[]; rest: Buffer } | undefined {
  if (!bytes) return undefined;
  const head: string[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    const end = bytes.indexOf(10, at);
    if (end < 0) return undefined;
    head.push(bytes.toString('utf8', at, end));
    at = end + 1;
  }
  return { head, rest: bytes.subarray(at) };
}

/** Lines kept by file (one a line, in the order of `names`), each for one version of its file (`stamps`, four numbers a file). */
class ByFile {
  private readonly byName: Map<string, number>;
  /** Where each line starts in `linesBytes` (and one more: where the last ends, plus one). */
  protected starts: number[] | undefined;

  protected constructor(
    private readonly names: string[],
    private readonly stamps: number[],
    protected readonly linesBytes: Buffer,
  ) {
    this.byName = new Map(names.map((name, i) => [name, i]));
  }

  /** The names and stamps of a file's JSON lines, when they fit each other. */
  protected static fit(namesLine: string, stampsLine: string): [string[], number[]] | undefined {
    const names = JSON.parse(namesLine) as unknown;
    const stamps = JSON.parse(stampsLine) as unknown;
    return Array.isArray(names) && Array.isArray(stamps) && stamps.length === names.length * 4 ? [names as string[], stamps as number[]] : undefined;
  }

  get size(): number {
    return this.names.length;
  }

  /** The line of a name (one there is). */
  protected rowOf(name: string): number {
    return this.byName.get(name)!;
  }

  /** Whether there is a line for this version of the file. */
  has(name: string, size: number, mtimeMs: number, ino: number, ctimeMs: number): boolean {
    const i = this.byName.get(name);
    const s = this.stamps;
    return i !== undefined && s[4 * i] === size && s[4 * i + 1] === mtimeMs && s[4 * i + 2] === ino && s[4 * i + 3] === ctimeMs;
  }

  /** The line kept for this version of the file, if any. */
  protected lineOf(name: string, size: number, mtimeMs: number, ino: number, ctimeMs: number): string | undefined {
    const row = this.keptRow(name, size, mtimeMs, ino, ctimeMs);
    return row === undefined ? undefined : this.linesBytes.toString('utf8', this.starts![row]!, this.starts![row + 1]! - 1);
  }

  /** The row of this version of the file, when its line is there (`starts` is then set). */
  protected keptRow(name: string, size: number, mtimeMs: number, ino: number, ctimeMs: number): number | undefined {
    if (!this.has(name, size, mtimeMs, ino, ctimeMs)) return undefined;
    const starts = (this.starts ??= lineStarts(this.linesBytes));
    // (a garbled file, of another number of lines, gives none)
    return starts.length === this.names.length + 1 ? this.byName.get(name)! : undefined;
  }

  /** Adds this version of the file's line, with its line break, to `out`; false when there is none. */
  protected copyLine(out: ByteRuns, name: string, size: number, mtimeMs: number, ino: number, ctimeMs: number): boolean {
    const row = this.keptRow(name, size, mtimeMs, ino, ctimeMs);
    if (row === undefined) return false;
    out.range(this.linesBytes, this.starts![row]!, this.starts![row + 1]!);
    return true;
  }
}

/**
 * Bytes put together from new text and ranges of bytes already kept, with neighbouring ranges
 * joined: a new cache file copies what it keeps of the last one in a few large pieces.
 */
class ByteRuns {
  private readonly chunks: Uint8Array[] = [];
  private text: string[] = [];
  private source: Uint8Array | undefined;
  private from = 0;
  private to = 0;

  range(source: Uint8Array, from: number, to: number): void {
    if (from === to) return;
    this.endText();
    if (source === this.source && from === this.to) {
      this.to = to;
      return;
    }
    this.endRange();
    this.source = source;
    this.from = from;
    this.to = to;
  }

  add(text: string): void {
    this.endRange();
    this.text.push(text);
  }

  bytes(): Buffer {
    this.endText();
    this.endRange();
    return Buffer.concat(this.chunks);
  }

  private endText(): void {
    if (this.text.length === 0) return;
    this.chunks.push(Buffer.from(this.text.join('')));
    this.text = [];
  }

  private endRange(): void {
    if (!this.source) return;
    this.chunks.push(this.source.subarray(this.from, this.to));
    this.source = undefined;
  }
}

/** Where the lines of some bytes start, each ended by a newline, and where the next would; none when the bytes do not end a line. */
function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let end = bytes.indexOf(10); end >= 0; end = bytes.indexOf(10, end + 1)) starts.push(end + 1);
  // (text after the last newline: garbled, no lines at all)
  return starts[starts.length - 1] === bytes.length ? starts : [];
}

export class DayFile extends ByFile {
  private constructor(
    /** Tells this writing of the file from any other (a page made from it names it). */
    readonly id: string,
    names: string[],
    stamps: number[],
    /** The cards, one JSON text a line, in the order of `names`. */
    cards: Buffer,
  ) {
    super(names, stamps, cards);
  }

  /** The day file of `key`, or undefined (none, another key, garbled). */
  static read(root: string, key: string): DayFile | undefined {
    try {
      const split = splitHead(readSealed(join(root, CACHE_DIR, fileName(key))), 4);
      if (!split) return undefined;
      const { head, rest } = split;
      if (head[0] !== key || !/^[0-9a-f]{8,}$/.test(head[1]!)) return undefined;
      const fit = ByFile.fit(head[2]!, head[3]!);
      return fit ? new DayFile(head[1]!, fit[0], fit[1], rest) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The summary kept for this version of the file, if any. */
  summaryOf(name: string, size: number, mtimeMs: number, ino: number, ctimeMs: number): Summary | undefined {
    const text = this.cardText(name, size, mtimeMs, ino, ctimeMs);
    if (text === undefined) return undefined;
    try {
      return summaryOfCard(name, JSON.parse(text));
    } catch {
      return undefined;
    }
  }

  /** The card kept for this version of the file, as JSON text. */
  cardText(name: string, size: number, mtimeMs: number, ino: number, ctimeMs: number): string | undefined {
    return this.lineOf(name, size, mtimeMs, ino, ctimeMs);
  }

  /** Adds the same card with its line break to `out` (a new day file copies it as it is); false when there is none. */
  copyCard(out: ByteRuns, name: string, size: number, mtimeMs: number, ino: number, ctimeMs: number): boolean {
    return this.copyLine(out, name, size, mtimeMs, ino, ctimeMs);
  }

  /**
   * Keeps `summaries` as the day file of `key` (best effort: a cache that cannot be written is
   * not); its id, or undefined when it could not be written.
   */
  static write(root: string, key: string, summaries: readonly DaySummary[], previous?: DayFile): string | undefined {
    try {
      const dir = cacheDir(root);
      const id = uniqueHex();
      const names = JSON.stringify(summaries.map((s) => s.name));
      const stamps = JSON.stringify(summaries.flatMap((s) => s.stamp));
      // (the cards of files unchanged since the previous day file of the same key are copied)
      const out = new ByteRuns();
      out.add(`${key}\n${id}\n${names}\n${stamps}\n`);
      for (const s of summaries) {
        if (previous?.copyCard(out, s.name, ...s.stamp)) continue;
        // (a card to copy that is not there: no day file rather than one without it)
        if (!s.summary) return undefined;
        out.add(`${JSON.stringify(cardOf(s.summary))}\n`);
      }
      writeSealed(join(dir, fileName(key)), out.bytes());
      // a few views are kept (today, the week, one member's day...), the oldest go
      keepNewest(dir, NAME, KEEP);
      return id;
    } catch {
      // not writable: the next run reads the summaries one by one again
      return undefined;
    }
  }
}

/** A page as kept: its text (as read back: its UTF-8 bytes, printed as they are), and how many errors it reports (for --strict). */
export interface KeptPage {
  text: string | Uint8Array;
  problems: number;
}

/**
 * The page made from the dossiers of the day file `dayId`, for `pageKey` (what else it depends
 * on), or undefined (none, another, garbled).
 */
export function readPage(root: string, dayId: string, pageKey: string): KeptPage | undefined {
  const header = JSON.stringify([FORMAT, dayId, pageKey]);
  try {
    const split = splitHead(readSealed(join(root, CACHE_DIR, `page-${shortHash(pageKey)}.txt`)), 2);
    if (!split || split.head[0] !== header) return undefined;
    const problems = Number(split.head[1]);
    return Number.isInteger(problems) && problems >= 0 ? { text: split.rest, problems } : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a page made from exactly the dossiers of the day file `dayId` (best effort). */
export function writePage(root: string, dayId: string, pageKey: string, page: KeptPage): void {
  try {
    const dir = cacheDir(root);
    const head = `${JSON.stringify([FORMAT, dayId, pageKey])}\n${page.problems}\n`;
    writeSealed(join(dir, `page-${shortHash(pageKey)}.txt`), [head, page.text]);
    keepNewest(dir, PAGE_NAME, KEEP);
  } catch {
    // not writable: the next run makes the page again
  }
}

const PARTS_NAME = /^parts-[0-9a-f]{8}\.json$/;
/** The pieces file's own format (texts kept as bytes since 4, keys as flat lists since 5, sealed since 6). */
const PARTS_FORMAT = 6;

/** A dossier's piece of a page as kept: what orders its blocks (parsed) and their texts' UTF-8 bytes, one after another. */
export interface KeptPiece {
  keys: unknown;
  texts: Uint8Array;
  /** Where it was read (a new pieces file copies its bytes). */
  from: PageParts;
  row: number;
}

/** A piece to keep: one kept (copied as it is), or its keys as one line of JSON and its texts in order. */
export type PieceToKeep = { kept: KeptPiece } | { keys: string; texts: readonly string[] };

export type NewPiece = { name: string; stamp: Stamp } & PieceToKeep;

/**
 * The pieces of a kept page (parts-*.json): what each dossier gave the page, under the stamp of
 * the file it was made from, with the view's key, the page's key and the width of the name
 * column the pieces were rendered with. When a few dossiers changed, the page is put together
 * from the pieces of the others and new pieces of those, instead of being made again from every
 * dossier (see pages.ts). Read only when the kept page does not hold.
 *
 * After the header, the names and the stamps, a line with the byte size of each piece's texts;
 * then each piece's keys (what orders its blocks, one line of JSON each); then the texts, as
 * UTF-8 bytes one after another. The texts are never decoded: the page is put together from
 * their bytes, and a new pieces file copies them as they are.
 */
export class PageParts extends ByFile {
  /** Every piece's keys, parsed at once on first need (null: garbled). */
  private keys: unknown[] | null | undefined;
  /** Where each piece's texts start in `texts`. */
  private offsets: number[] | undefined;

  private constructor(
    /** The width of the name column of the pieces. */
    readonly width: number,
    names: string[],
    stamps: number[],
    private readonly sizes: number[],
    keys: Buffer,
    private readonly texts: Buffer,
  ) {
    super(names, stamps, keys);
  }

  /** The pieces kept for `viewKey` and `pageKey`, or undefined (none, others, garbled). */
  static read(root: string, viewKey: string, pageKey: string): PageParts | undefined {
    try {
      const split = splitHead(readSealed(join(root, CACHE_DIR, partsName(pageKey))), 4);
      if (!split) return undefined;
      const { head, rest } = split;
      const header = JSON.parse(head[0]!) as unknown;
      if (!Array.isArray(header) || header[0] !== PARTS_FORMAT || header[1] !== viewKey || header[2] !== pageKey || !Number.isInteger(header[3])) return undefined;
      const fit = ByFile.fit(head[1]!, head[2]!);
      const sizes = JSON.parse(head[3]!) as unknown;
      if (!fit || !Array.isArray(sizes) || sizes.length !== fit[0].length) return undefined;
      // (the keys: a line for each name; the texts: the bytes after them, as many as the sizes say)
      const starts = [0];
      let keysEnd = 0;
      for (let k = 0; k < sizes.length; k++) {
        const end = rest.indexOf(10, keysEnd);
        if (end < 0) return undefined;
        starts.push((keysEnd = end + 1));
      }
      let total = 0;
      for (const size of sizes) total += Number.isInteger(size) && (size as number) >= 0 ? (size as number) : NaN;
      if (total !== rest.length - keysEnd) return undefined;
      const parts = new PageParts(header[3] as number, fit[0], fit[1], sizes as number[], rest.subarray(0, keysEnd), rest.subarray(keysEnd));
      parts.starts = starts;
      return parts;
    } catch {
      return undefined;
    }
  }

  /** The piece kept for this version of the file, if any. */
  pieceOf(name: string, size: number, mtimeMs: number, ino: number, ctimeMs: number): KeptPiece | undefined {
    const row = this.keptRow(name, size, mtimeMs, ino, ctimeMs);
    if (row === undefined) return undefined;
    // (most pieces of a page are used again: their keys are parsed at once, not a line at a time)
    if (this.keys === undefined) this.keys = parseLines(this.linesBytes, this.size);
    if (this.keys === null) return undefined;
    const offsets = (this.offsets ??= startsOf(this.sizes));
    return { keys: this.keys[row], texts: this.texts.subarray(offsets[row]!, offsets[row]! + this.sizes[row]!), from: this, row };
  }

  /** Adds a piece read here to the keys and texts of a new pieces file; its texts' size. */
  private copyPiece(row: number, keys: ByteRuns, texts: ByteRuns): number {
    keys.range(this.linesBytes, this.starts![row]!, this.starts![row + 1]!);
    texts.range(this.texts, this.offsets![row]!, this.offsets![row]! + this.sizes[row]!);
    return this.sizes[row]!;
  }

  /** Keeps the pieces of a page (best effort). */
  static write(root: string, viewKey: string, pageKey: string, width: number, pieces: readonly NewPiece[]): void {
    try {
      const dir = cacheDir(root);
      const keys = new ByteRuns();
      const texts = new ByteRuns();
      const sizes: number[] = [];
      for (const piece of pieces) {
        if ('kept' in piece) {
          sizes.push(piece.kept.from.copyPiece(piece.kept.row, keys, texts));
          continue;
        }
        keys.add(`${piece.keys}\n`);
        let size = 0;
        for (const text of piece.texts) {
          texts.add(text);
          size += Buffer.byteLength(text);
        }
        sizes.push(size);
      }
      const names = JSON.stringify(pieces.map((p) => p.name));
      const stamps = JSON.stringify(pieces.flatMap((p) => p.stamp));
      const head = Buffer.from(`${JSON.stringify([PARTS_FORMAT, viewKey, pageKey, width])}\n${names}\n${stamps}\n${JSON.stringify(sizes)}\n`);
      writeSealed(join(dir, partsName(pageKey)), [head, keys.bytes(), texts.bytes()]);
      keepNewest(dir, PARTS_NAME, KEEP);
    } catch {
      // not writable: the next run after a change makes the whole page again
    }
  }
}

/** `count` lines of JSON (each ended by a newline) parsed in one go; null when garbled. */
function parseLines(bytes: Buffer, count: number): unknown[] | null {
  if (count === 0) return [];
  try {
    // (JSON never has a raw line break inside a value: each one ends a line)
    const list = JSON.parse(`[${bytes.toString('utf8', 0, bytes.length - 1).replaceAll('\n', ',')}]`) as unknown;
    return Array.isArray(list) && list.length === count ? list : null;
  } catch {
    return null;
  }
}

/** Where each of some sizes starts, laid one after another. */
function startsOf(sizes: readonly number[]): number[] {
  const starts = new Array<number>(sizes.length);
  let at = 0;
  for (let i = 0; i < sizes.length; i++) {
    starts[i] = at;
    at += sizes[i]!;
  }
  return starts;
}

function partsName(pageKey: string): string {
  return `parts-${shortHash(pageKey)}.json`;
}
