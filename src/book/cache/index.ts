// The index under .tickler/, private to the store (../store.ts): for every file of clients/ its
// stamp (size, mtime, inode, ctime: any change to the file changes one of them), the facts that
// place it on the dividers, and where its summary is. A summary is the short form of the dossier
// (the last contact instead of the whole log, open complaints only) with the file's problems; the
// summaries are JSON lines in summaries-*.jsonl files ("segments"), read by offset, so that a
// day view parses only the few it shows. Segments are written once and never changed: a run that
// read changed files adds one, and the index points into them; when most of their bytes are no
// longer pointed at, they are compacted into one.
//
// The index is sealed (seal.ts), each summary carries its CRC-32 in its row, and anything that
// does not check out (another build, a garbled file, a missing segment) is not used: the files
// concerned are read again.
import { closeSync, openSync, readSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Facts } from '../../core/agenda.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Dossier } from '../../core/model.js';
import { BUILD } from '../../version.js';
import { LOCAL_DIR as CACHE_DIR } from '../local.js';
import { removeFile, uniqueHex } from '../write/atomic.js';
import { crc32, readSealed, writeSealed } from './seal.js';

const INDEX = 'index.json';
const FORMAT = 1;
/** A cache of another build (or another node) is not used: what a summary holds may differ. */
const VERSION = `${FORMAT} ${BUILD} ${process.version}`;
const SEGMENT = /^summaries-[0-9a-f]+\.jsonl$/;
/** A segment no index points to is removed once it is this old (a concurrent run may be about to point to it). */
const ORPHAN_AFTER_MS = 60_000;

/** What identifies one version of a file. */
export type Stamp = readonly [size: number, mtimeMs: number, ino: number, ctimeMs: number];

export function sameStamp(a: Stamp, b: Stamp): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** A dossier file as the index keeps it. */
export interface Summary {
  /** The short form of the dossier, when the file has no errors. */
  dossier?: Dossier;
  /** Every problem of the file, with positions. */
  problems: Diagnostic[];
  /** The findings of the book's own fields and forms, once validate looked for them. */
  custom?: Diagnostic[];
}

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

/** The settings kept with the index, and the bytes of tickler.yaml they were read from. */
export interface KeptSettings {
  /** tickler.yaml's bytes, in base64: the index holds for exactly that file. */
  source: string;
  raw: Record<string, unknown>;
  broken: string[];
  problems: Diagnostic[];
}

export interface Index {
  /** Tells this writing of the index from every other: the version of the book it describes. */
  id: string;
  settings: KeptSettings;
  rows: Row[];
}

const VALID = 1, ERRORS = 2, FINDINGS = 4, CUSTOM = 8, DROPPED = 16;

type StoredRow = [
  name: string, size: number, mtimeMs: number, ino: number, ctimeMs: number, flags: number,
  segment: number, offset: number, length: number, crc: number,
  due: string | null, complaintDue: string | null, birthdays: string[], owner: string | null, coverBy: string | null, coverUntil: string | null, keys: string[],
];

interface Stored {
  version: string;
  id: string;
  settings: KeptSettings;
  segments: string[];
  rows: StoredRow[];
}

/** The index of a book, or undefined when there is none fit to use. */
export function readIndex(root: string): Index | undefined {
  const bytes = readSealed(join(root, CACHE_DIR, INDEX));
  if (!bytes) return undefined;
  let stored: Stored;
  try {
    stored = JSON.parse(bytes.toString('utf8')) as Stored;
  } catch {
    return undefined;
  }
  if (stored?.version !== VERSION || !Array.isArray(stored.rows) || !Array.isArray(stored.segments)) return undefined;
  // A segment that is gone or shorter than the rows say (compacted away by a concurrent run, a
  // full disk): its rows are left out, so their files are read again.
  const sizes = stored.segments.map((name) => (SEGMENT.test(name) ? (statSync(join(root, CACHE_DIR, name), { throwIfNoEntry: false })?.size ?? -1) : -1));
  const rows: Row[] = [];
  for (const r of stored.rows) {
    const segment = stored.segments[r[6]];
    if (segment === undefined || r[7] + r[8] > sizes[r[6]]!) continue;
    const flags = r[5];
    const row: Row = {
      name: r[0],
      stamp: [r[1], r[2], r[3], r[4]],
      errors: (flags & ERRORS) !== 0,
      findings: (flags & FINDINGS) !== 0,
      custom: (flags & CUSTOM) !== 0,
      where: { segment, offset: r[7], length: r[8], crc: r[9] },
    };
    if (flags & VALID) {
      row.facts = { due: r[10], complaintDue: r[11], birthdays: r[12], dropped: (flags & DROPPED) !== 0, owner: r[13], coverBy: r[14], coverUntil: r[15], keys: r[16] };
    }
    rows.push(row);
  }
  return { id: stored.id, settings: stored.settings, rows };
}

/**
 * Writes the index of these rows (each with its summary on disk) and returns its id; compacts the
 * segments first when most of their bytes are no longer pointed at. Undefined when it could not
 * be written (a read-only book, a full disk): the next run reads the files again.
 */
export function writeIndex(root: string, settings: KeptSettings, rows: readonly Row[]): string | undefined {
  try {
    compactIfWasteful(root, rows);
    const segments: string[] = [];
    const segmentOf = new Map<string, number>();
    const stored: StoredRow[] = [];
    for (const row of rows) {
      const where = row.where!;
      let segment = segmentOf.get(where.segment);
      if (segment === undefined) segmentOf.set(where.segment, (segment = segments.push(where.segment) - 1));
      const f = row.facts;
      const flags = (f ? VALID : 0) | (row.errors ? ERRORS : 0) | (row.findings ? FINDINGS : 0) | (row.custom ? CUSTOM : 0) | (f?.dropped ? DROPPED : 0);
      stored.push([row.name, ...row.stamp, flags, segment, where.offset, where.length, where.crc, f?.due ?? null, f?.complaintDue ?? null, f?.birthdays ?? [], f?.owner ?? null, f?.coverBy ?? null, f?.coverUntil ?? null, f?.keys ?? []]);
    }
    const id = uniqueHex();
    const index: Stored = { version: VERSION, id, settings, segments, rows: stored };
    writeSealed(join(root, CACHE_DIR, INDEX), JSON.stringify(index));
    removeOrphans(root, new Set(segments));
    return id;
  } catch {
    return undefined;
  }
}

/** Summaries as JSON lines in a new segment. */
export class SegmentWriter {
  readonly segment = `summaries-${uniqueHex()}.jsonl`;
  private fd: number | undefined;
  private offset = 0;

  constructor(private readonly root: string) {}

  /** Writes one summary; undefined when it could not be written. */
  add(summary: Summary): Place | undefined {
    const bytes = Buffer.from(`${JSON.stringify(summary)}\n`, 'utf8');
    try {
      this.fd ??= openSync(join(this.root, CACHE_DIR, this.segment), 'wx');
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch {
      return undefined;
    }
    const place = { segment: this.segment, offset: this.offset, length: bytes.length, crc: crc32(bytes) };
    this.offset += bytes.length;
    return place;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
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
      fd = openSync(join(root, CACHE_DIR, segment), 'r');
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

/**
 * When the segments hold more than twice the bytes the rows point at (or there are many of
 * them), the summaries are copied into one new segment and the rows point there.
 */
function compactIfWasteful(root: string, rows: readonly Row[]): void {
  const sizes = new Map<string, number>();
  let live = 0;
  for (const row of rows) {
    live += row.where!.length;
    if (!sizes.has(row.where!.segment)) sizes.set(row.where!.segment, statSync(join(root, CACHE_DIR, row.where!.segment)).size);
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (sizes.size <= 8 && total <= 2 * live + 64 * 1024) return;
  const writer = new SegmentWriter(root);
  try {
    const summaries = readSummaries(root, rows.map((row) => row.where));
    const places = summaries.map((summary) => {
      const place = summary ? writer.add(summary) : undefined;
      if (!place) throw new Error('compaction failed');
      return place;
    });
    rows.forEach((row, i) => (row.where = places[i]));
  } catch {
    // left as they were: the old segments still hold every summary
  } finally {
    writer.close();
  }
}

/** Removes segments that no index points to (any more), once they are old enough to be nobody's. */
function removeOrphans(root: string, kept: ReadonlySet<string>): void {
  const dir = join(root, CACHE_DIR);
  for (const name of readdirSync(dir)) {
    if (!SEGMENT.test(name) || kept.has(name)) continue;
    const stat = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > ORPHAN_AFTER_MS) removeFile(join(dir, name));
  }
}
