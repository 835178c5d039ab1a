// The index under .tickler/, private to the store (../store.ts): for every file of clients/ its
// stamp (size, mtime, inode, ctime: any change to the file changes one of them), the facts that
// place it on the dividers, and where its summary is. A summary is the short form of the dossier
// (the last contact instead of the whole log, open complaints only) with the file's problems; the
// summaries are JSON lines in summaries-*.jsonl files ("segments"), read by offset, so that a
// day view parses only the few it shows. Segments are written once and never changed: a run that
// read changed files adds one, and the index points into them; when most of their bytes are no
// longer pointed at, they are compacted into one.
//
// The index is two sealed files. `index`: a JSON header, the file names (JSON) and their stamps (a
// Float64Array in base64), which every run reads; `rows-<id>`: the places of their summaries (the
// same) and their facts (JSON), read only when a command asks for dossiers.
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Facts } from '../../core/agenda.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Dossier } from '../../core/model.js';
import { BUILD } from '../../version.js';
import { LOCAL_DIR } from '../local.js';
import { removeFile, uniqueHex } from '../write/atomic.js';
import { crc32, readSealed, writeSealed } from './seal.js';

const INDEX = 'index';
const ROWS = 'rows-';
/** A cache of another build (or another node) is not used: what a summary holds may differ. */
export const CACHE_VERSION = `3 ${BUILD} ${process.version}`;
const SEGMENT = /^summaries-[0-9a-f]+\.jsonl$/;
const ORPHAN = /^(?:summaries|rows)-[0-9a-f]+(?:\.jsonl)?$/;
/** A segment or rows file no index points to is removed once it is this old (a concurrent run may be about to point to it). */
const ORPHAN_AFTER_MS = 60_000;

/** What identifies one version of a file. */
export type Stamp = readonly [size: number, mtimeMs: number, ino: number, ctimeMs: number];

/** A dossier file as the index keeps it. */
export interface Summary {
  /** The short form of the dossier, when the file has no errors. */
  dossier?: Dossier;
  /** Every problem of the file, with positions. */
  problems: Diagnostic[];
  /** The findings of the book's own fields and forms, once validate looked for them. */
  custom?: Diagnostic[];
  /** Places found for findings made later (Store.place), by the path they are about. */
  places?: Record<string, PlaceInFile>;
}

/** Where in its file a finding about a path is: its line and column, and the line's excerpt. */
export type PlaceInFile = Pick<Diagnostic, 'line' | 'column' | 'excerpt'>;

/** Where a summary is: a segment, an offset and a length in bytes, and the CRC-32 of those bytes. */
export interface Place {
  segment: string;
  offset: number;
  length: number;
  crc: number;
}

/** One file of clients/. */
export interface Row {
  name: string;
  stamp: Stamp;
  /** Absent when the file has errors (it yields no dossier). */
  facts?: Facts;
  errors: boolean;
  /** Whether it has any problem, or finding of the book's own fields. */
  findings: boolean;
  /** Whether the book's own fields and forms were checked (validate does). */
  custom: boolean;
  /** Its summary on disk, when written. */
  where?: Place;
  /** Its summary in memory, when read in this run. */
  summary?: Summary;
}

const VALID = 1, ERRORS = 2, FINDINGS = 4, CUSTOM = 8, DROPPED = 16;

/** A row's flags and facts as stored. */
type StoredFacts = [flags: number, due: string | null, complaintDue: string | null, birthdays: string[], owner: string | null, coverBy: string | null, coverUntil: string | null, keys: string[], lastAt: string | null];

interface Header {
  version: string;
  id: string;
  /** tickler.yaml's bytes (base64) the rows were read under: facts and problems depend on them. */
  settings: string;
  segments: string[];
}

/** A sealed file of lines, when it is one with at least `count` lines: its bytes and the lines' ranges. */
function linesOf(path: string, count: number): { bytes: Buffer; lines: [number, number][] } | undefined {
  const bytes = readSealed(path);
  if (!bytes) return undefined;
  const lines: [number, number][] = [];
  for (let start = 0; lines.length < count; ) {
    const end = lines.length === count - 1 ? bytes.length : bytes.indexOf(10, start);
    if (end < 0) return undefined;
    lines.push([start, end]);
    start = end + 1;
  }
  return { bytes, lines };
}

function json<T>(bytes: Buffer, [from, to]: [number, number]): T {
  return JSON.parse(bytes.toString('utf8', from, to)) as T;
}

function numbers(bytes: Buffer, [from, to]: [number, number]): Float64Array {
  const raw = Buffer.from(bytes.toString('latin1', from, to), 'base64');
  // (a Float64Array wants its bytes 8-aligned; a small Buffer may sit anywhere in node's pool)
  return raw.byteOffset % 8 === 0 ? new Float64Array(raw.buffer, raw.byteOffset, raw.length >> 3) : new Float64Array(new Uint8Array(raw).buffer);
}

const base64 = (values: Float64Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');

/** The index as read: its rows' names and stamps at once, the rest when asked for. */
export class Index {
  private constructor(
    private readonly header: Header,
    readonly names: readonly string[],
    private readonly stamps: Float64Array,
  ) {}

  /** The version of the book this index describes. */
  get id(): string {
    return this.header.id;
  }

  /** The index of a book, when there is one fit for tickler.yaml's bytes (base64) `settings`. */
  static read(root: string, settings: string): Index | undefined {
    try {
      const file = linesOf(join(root, LOCAL_DIR, INDEX), 3);
      if (!file) return undefined;
      const [header, names, stamps] = file.lines as [[number, number], [number, number], [number, number]];
      const head = json<Header>(file.bytes, header);
      if (head.version !== CACHE_VERSION || head.settings !== settings || !head.segments.every((name) => SEGMENT.test(name))) return undefined;
      const index = new Index(head, json<string[]>(file.bytes, names), numbers(file.bytes, stamps));
      return index.stamps.length === index.names.length * 4 ? index : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether row `i` was read from the file as it is now. */
  sameStamp(i: number, stamp: Stamp): boolean {
    const s = this.stamps;
    return s[4 * i] === stamp[0] && s[4 * i + 1] === stamp[1] && s[4 * i + 2] === stamp[2] && s[4 * i + 3] === stamp[3];
  }

  /**
   * Every row, whole. Rows whose segment is gone or shorter than they say (compacted away by a
   * concurrent run, a full disk) come back without a place: their summaries are read from their
   * files again.
   */
  rows(root: string): Row[] | undefined {
    const file = linesOf(join(root, LOCAL_DIR, `${ROWS}${this.header.id}`), 2);
    if (!file) return undefined;
    const p = numbers(file.bytes, file.lines[0]!);
    const facts = json<StoredFacts[]>(file.bytes, file.lines[1]!);
    if (p.length !== this.names.length * 4 || facts.length !== this.names.length) return undefined;
    const sizes = this.header.segments.map((name) => sizeOf(join(root, LOCAL_DIR, name)));
    const s = this.stamps;
    return this.names.map((name, i) => {
      const [flags, due, complaintDue, birthdays, owner, coverBy, coverUntil, keys, lastAt] = facts[i]!;
      const row: Row = { name, stamp: [s[4 * i]!, s[4 * i + 1]!, s[4 * i + 2]!, s[4 * i + 3]!], errors: (flags & ERRORS) !== 0, findings: (flags & FINDINGS) !== 0, custom: (flags & CUSTOM) !== 0 };
      const segment = this.header.segments[p[4 * i]!];
      if (segment !== undefined && p[4 * i + 1]! + p[4 * i + 2]! <= sizes[p[4 * i]!]!) row.where = { segment, offset: p[4 * i + 1]!, length: p[4 * i + 2]!, crc: p[4 * i + 3]! };
      if (flags & VALID) row.facts = { due, complaintDue, birthdays, dropped: (flags & DROPPED) !== 0, owner, coverBy, coverUntil, keys, lastAt };
      return row;
    });
  }
}

/**
 * Writes the index of these rows (each with its summary on disk) and returns its id; compacts the
 * segments first when most of their bytes are no longer pointed at. Undefined when it could not
 * be written (a read-only book, a full disk): the next run reads the files again.
 */
export function writeIndex(root: string, settings: string, rows: readonly Row[]): string | undefined {
  try {
    compactIfWasteful(root, rows);
    const segments: string[] = [];
    const segmentOf = new Map<string, number>();
    const stamps = new Float64Array(rows.length * 4);
    const places = new Float64Array(rows.length * 4);
    const facts: StoredFacts[] = [];
    rows.forEach((row, i) => {
      const where = row.where!;
      let segment = segmentOf.get(where.segment);
      if (segment === undefined) segmentOf.set(where.segment, (segment = segments.push(where.segment) - 1));
      stamps.set(row.stamp, 4 * i);
      places.set([segment, where.offset, where.length, where.crc], 4 * i);
      const f = row.facts;
      const flags = (f ? VALID : 0) | (row.errors ? ERRORS : 0) | (row.findings ? FINDINGS : 0) | (row.custom ? CUSTOM : 0) | (f?.dropped ? DROPPED : 0);
      facts.push([flags, f?.due ?? null, f?.complaintDue ?? null, f?.birthdays ?? [], f?.owner ?? null, f?.coverBy ?? null, f?.coverUntil ?? null, f?.keys ?? [], f?.lastAt ?? null]);
    });
    const id = uniqueHex();
    const header: Header = { version: CACHE_VERSION, id, settings, segments };
    // (the rows first: an index is never there without the rows it names)
    writeSealed(join(root, LOCAL_DIR, `${ROWS}${id}`), [base64(places), '\n', JSON.stringify(facts)]);
    writeSealed(join(root, LOCAL_DIR, INDEX), [JSON.stringify(header), '\n', JSON.stringify(rows.map((row) => row.name)), '\n', base64(stamps)]);
    removeOrphans(root, new Set([...segments, `${ROWS}${id}`]));
    return id;
  } catch {
    return undefined;
  }
}

/** Summaries as JSON lines in a new segment, written in large pieces. */
export class SegmentWriter {
  readonly segment = `summaries-${uniqueHex()}.jsonl`;
  private fd: number | undefined;
  private offset = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private failed = false;

  /** `written`: told after each piece goes to disk whether all so far did (then what was added is there). */
  constructor(
    private readonly root: string,
    private readonly written?: (ok: boolean) => void,
  ) {}

  /** Adds one summary; its place holds once close() says that everything was written. */
  add(summary: Summary): Place {
    return this.addBytes(Buffer.from(`${JSON.stringify(summary)}\n`, 'utf8'));
  }

  /** Adds the bytes of a summary as they were kept (a compaction copies them). */
  addBytes(bytes: Buffer, crc = crc32(bytes)): Place {
    const place = { segment: this.segment, offset: this.offset, length: bytes.length, crc };
    this.offset += bytes.length;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= 256 * 1024) this.flush();
    return place;
  }

  private flush(): void {
    const bytes = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.failed && bytes.length > 0) {
      try {
        this.fd ??= openSync(join(this.root, LOCAL_DIR, this.segment), 'wx');
        for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
      } catch {
        this.failed = true;
      }
    }
    this.written?.(!this.failed);
  }

  /** Whether every summary added is on disk. */
  close(): boolean {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    return !this.failed;
  }
}

/** The summaries at these places, each undefined when it cannot be read as written. */
export function readSummaries(root: string, places: readonly (Place | undefined)[]): (Summary | undefined)[] {
  const result = new Array<Summary | undefined>(places.length);
  const bySegment = new Map<string, number[]>();
  places.forEach((place, i) => {
    if (!place) return;
    const list = bySegment.get(place.segment);
    if (list) list.push(i);
    else bySegment.set(place.segment, [i]);
  });
  for (const [segment, wanted] of bySegment) {
    let fd: number | undefined;
    try {
      fd = openSync(join(root, LOCAL_DIR, segment), 'r');
      // (in the order they lie in the file)
      wanted.sort((a, b) => places[a]!.offset - places[b]!.offset);
      let buffer = Buffer.allocUnsafe(64 * 1024);
      for (const i of wanted) {
        const { offset, length, crc } = places[i]!;
        if (buffer.length < length) buffer = Buffer.allocUnsafe(length);
        const bytes = buffer.subarray(0, readSync(fd, buffer, 0, length, offset));
        if (bytes.length === length && crc32(bytes) === crc) result[i] = parseSummary(bytes.toString('utf8'));
      }
    } catch {
      // unreadable: those summaries stay undefined, and their files are read again
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return result;
}

function parseSummary(text: string): Summary | undefined {
  try {
    const summary = JSON.parse(text) as Summary;
    return Array.isArray(summary?.problems) ? summary : undefined;
  } catch {
    return undefined;
  }
}

/** A cache file's size, -1 when it cannot be had (gone, or anything odd in its place: its rows are read again). */
function sizeOf(path: string): number {
  try {
    return statSync(path, { throwIfNoEntry: false })?.size ?? -1;
  } catch {
    return -1;
  }
}

/**
 * When the segments hold more than twice the bytes the rows point at (or there are many of
 * them), the summaries are copied into one new segment and the rows point there.
 */
function compactIfWasteful(root: string, rows: readonly Row[]): void {
  const sizes = new Map<string, number>();
  let live = 0;
  for (const row of rows) {
    live += row.where!.length;
    if (!sizes.has(row.where!.segment)) sizes.set(row.where!.segment, statSync(join(root, LOCAL_DIR, row.where!.segment)).size);
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (sizes.size <= 8 && total <= 2 * live + 64 * 1024) return;
  // (each segment read whole, once; the summaries copied as their bytes, checked)
  const segments = new Map<string, Buffer>();
  for (const name of sizes.keys()) segments.set(name, readFileSync(join(root, LOCAL_DIR, name)));
  const writer = new SegmentWriter(root);
  const places: Place[] = [];
  for (const { where } of rows) {
    const bytes = segments.get(where!.segment)!.subarray(where!.offset, where!.offset + where!.length);
    // (a summary that no longer reads back: no compaction; its file is read again when needed)
    if (bytes.length !== where!.length || crc32(bytes) !== where!.crc) return void writer.close();
    places.push(writer.addBytes(bytes, where!.crc));
  }
  if (writer.close()) rows.forEach((row, i) => (row.where = places[i]));
}

/** Removes segments and rows files that no index points to (any more), once they are old enough to be nobody's. */
function removeOrphans(root: string, kept: ReadonlySet<string>): void {
  const dir = join(root, LOCAL_DIR);
  for (const name of readdirSync(dir)) {
    if (!ORPHAN.test(name) || kept.has(name)) continue;
    const stat = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > ORPHAN_AFTER_MS) removeFile(join(dir, name));
  }
}
