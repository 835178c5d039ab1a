// The local index under .tickler/: for each dossier, what the read commands need, keyed by the
// file's size, mtime, inode and ctime, so that any change to a file is noticed. A cache that is
// missing, corrupt, foreign, of another build or of other settings is ignored and rebuilt; a
// cache that cannot be written is simply not written. It never changes the book itself.
//
// index.bin is read on every run, so it costs no parsing: a JSON header line (the build, the
// settings' hash and the settings themselves, the summaries files), the file names, then one row
// of numbers per file in a Float64Array (stamp, flags, the dates that decide whether the file
// matters to a given day, where its summary is). The summaries (a short form of the dossier and
// its problems) are JSON lines in summaries-*.jsonl files, read by offset only for the rows that
// matter. A run that finds changed files appends their summaries as a new small file and rewrites
// the index; the summaries are compacted into one file when the dead ones outweigh the live.
//
// A run that changed only a few rows (a pull of some edits: the same names, in the same order)
// writes them to index-delta.bin instead, which names the index it amends by the index's id: all
// the rows that differ from it, and the summaries files, people and listing as they are now. A
// reader applies it to the index it read, or ignores it when it was made for another one (the
// index alone is then an older, still consistent state: its files are read again). Once the
// delta would hold more than a few rows, or summaries need compacting, the whole index is written
// again and the delta goes.
//
// Every file here read whole ends with a seal (seal.ts), and every row keeps the CRC-32 of its
// summary (SUM): a cache in which any byte changed is rebuilt, not trusted.
import { closeSync, openSync, readSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { filingOf } from '../core/agenda.js';
import { addDays, birthdayMonthDay, isValidDate, type IsoDate } from '../core/dates.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { contactKeys } from '../core/checks.js';
import { isClosed, lastContact, type Dossier, type Settings } from '../core/model.js';
import { BUILD } from '../version.js';
import { cacheDir, CACHE_DIR } from './lock.js';
import { crc32, readSealed, writeSealed } from './seal.js';
import { removeFile, uniqueHex } from './write.js';

const FORMAT = 6;
const INDEX = 'index.bin';
const DELTA = 'index-delta.bin';
/** A delta holds at most this many rows (or a sixteenth of the index, if more). */
const DELTA_ROWS = 64;
const VERSION = `${BUILD} ${process.version}`;
/** What caches of this build are for: a cache of another build or node is not used. */
export const CACHE_VERSION = VERSION;
const SUMMARIES = /^summaries-[0-9a-f]+\.jsonl$/;

/** What identifies one version of a file: size, mtime, inode, ctime. */
export type Stamp = readonly [size: number, mtimeMs: number, ino: number, ctimeMs: number];

// One row of numbers per file.
const SIZE = 0, MTIME = 1, INO = 2, CTIME = 3, FLAGS = 4, DUE = 5, COMPLAINT = 6, FILE = 7, OFFSET = 8, LENGTH = 9, COVER = 10, BIRTHDAYS = 11;
const BIRTHDAY_SLOTS = 3;
const KEYS = BIRTHDAYS + BIRTHDAY_SLOTS;
// (six: a phone and an e-mail for each of three contacts. A row with more keys is marked MANY_KEYS
// and validate reads its summary for them, which made a third of an unchanged validate at 10k
// when a tenth of the book had three contacts)
const KEY_SLOTS = 6;
// who is responsible: 1 + the place of the owner and of the cover's member in the header's
// `people` (0: nobody); a day view for one member skips the rows of others
const OWNER = KEYS + KEY_SLOTS, COVER_BY = OWNER + 1;
// The CRC-32 of the row's summary (its bytes in the summaries file): a summary read back that does
// not match is garbled, and its file is read again.
const SUM = COVER_BY + 1;
const WIDTH = SUM + 1;
/** How many numbers a row of the index has. */
export const ROW_NUMBERS = WIDTH;
const VALID = 1, DROPPED = 2, MANY_BIRTHDAYS = 4, COMPLETE = 8, FINDINGS = 16, MANY_KEYS = 32;

/** A file just read: its row, with the summary as text until it is written. */
export interface FreshFile {
  name: string;
  stamp: Stamp;
  valid: boolean;
  // (dates as the index keeps them, YYYYMMDD numbers, NaN for none: a first run's rows come
  // from the worker as numbers and go into the index as numbers)
  /** The divider the dossier is filed behind (next, or where its cadence puts it). */
  due: number;
  dropped: boolean;
  /** The earliest due date of an open complaint. */
  complaintDue: number;
  /** Contacts' birthdays as MMDD numbers. */
  birthdays: number[];
  /** Whether `problems` holds every finding of the file (what validate reports), not only its errors. */
  complete: boolean;
  /** Whether the file has any finding at all (custom ones included). */
  findings: boolean;
  /** When the dossier's cover ends (validate warns once it has). */
  coverUntil: number;
  /** Hashes of its contacts' keys (checks.ts contactKeys): validate looks for duplicates among rows that share one. */
  keys: number[];
  /** The owner, and the member of its cover (whether or not it has ended). */
  owner: string | null;
  coverBy: string | null;
  /** The summary as JSON: {"d": short dossier (valid files), "p": problems, "c": custom findings}; '' once stored and not wanted. */
  summary: string;
  /** Where the summary was written, if it was. */
  stored?: Place;
}

/** Where a summary is: a summaries file, an offset and a length in bytes. */
export interface Place {
  name: string;
  offset: number;
  length: number;
  /** The CRC-32 of its bytes. */
  sum: number;
}

export interface SummariesFile {
  name: string;
  size: number;
}

/** A file of the book as the loader sees it: a row of the cache (its number) or a file just read. */
export type CachedFile = number | FreshFile;

export interface Summary {
  dossier?: Dossier;
  problems: Diagnostic[];
  /** Findings of the book's own fields and forms (validate's). */
  custom: Diagnostic[];
}

/** Which dossiers a command needs: those that can appear on the dividers from `from` to `until` (of one member's work, with `owner`). */
export interface Wanted {
  from: IsoDate;
  until: IsoDate;
  owner?: string;
}

/** A Wanted as numbers: the last divider (YYYYMMDD) and the month-days (MMDD) whose birthdays show. */
export interface WantedKeys {
  until: number;
  birthdays: ReadonlySet<number>;
  /** Only the dossiers this member is (or may be, by a cover) responsible for. */
  owner?: string;
}

/** The settings as kept with the index: what they are made from, and the file's problems. */
export interface CachedSettings {
  raw: Record<string, unknown>;
  broken: string[];
  problems: Diagnostic[];
}

/** YYYYMMDD of a valid YYYY-MM-DD (by its digits: every row of a first run comes through here). */
const dateKey = (date: IsoDate | null): number => {
  if (date === null) return NaN;
  const d = (i: number) => date.charCodeAt(i) - 48;
  return (((d(0) * 10 + d(1)) * 10 + d(2)) * 10 + d(3)) * 10_000 + (d(5) * 10 + d(6)) * 100 + d(8) * 10 + d(9);
};
const monthDayKey = (monthDay: string): number => Number(monthDay.slice(0, 2)) * 100 + Number(monthDay.slice(3, 5));

/** The short form kept in the cache: what agendas, lists and searches read, not the whole history. */
export function summaryOf(dossier: Dossier): Dossier {
  const last = lastContact(dossier);
  return { ...dossier, log: last ? [last] : [], complaints: dossier.complaints.filter((c) => c.resolved === undefined) };
}

/**
 * A file just read, as a row. `custom`: the findings of the book's own fields and forms, which
 * only validate reports (kept apart, so that other commands show what they always showed).
 */
export function freshFile(name: string, stamp: Stamp, settings: Settings, dossier: Dossier | undefined, problems: readonly Diagnostic[], complete: boolean, custom: readonly Diagnostic[] = []): FreshFile {
  const summary = JSON.stringify({ ...(dossier ? { d: summaryOf(dossier) } : {}), p: problems, ...(custom.length > 0 ? { c: custom } : {}) });
  const findings = problems.length > 0 || custom.length > 0;
  if (!dossier) return { name, stamp, valid: false, due: NaN, dropped: false, complaintDue: NaN, birthdays: [], complete, findings, coverUntil: NaN, keys: [], owner: null, coverBy: null, summary };
  let complaintDue: IsoDate | null = null;
  for (const c of dossier.complaints) if (c.resolved === undefined && c.due !== undefined && (complaintDue === null || c.due < complaintDue)) complaintDue = c.due;
  const filing = filingOf(dossier, settings);
  return {
    name,
    stamp,
    valid: true,
    due: dateKey(filing?.due ?? null),
    // (isDropped, with the filing already at hand)
    dropped: filing === undefined && !isClosed(dossier, settings),
    complaintDue: dateKey(complaintDue),
    birthdays: birthdaysOf(dossier),
    complete,
    findings,
    coverUntil: typeof dossier.cover?.until === 'string' && isValidDate(dossier.cover.until) ? dateKey(dossier.cover.until) : NaN,
    keys: keyHashes(dossier),
    owner: typeof dossier.owner === 'string' ? dossier.owner : null,
    coverBy: typeof dossier.cover?.by === 'string' ? dossier.cover.by : null,
    summary,
  };
}

/** Contacts' birthdays as MMDD (a valid birthday's month and day). */
function birthdaysOf(dossier: Dossier): number[] {
  const days: number[] = [];
  for (const contact of dossier.contacts) {
    const day = contact.birthday ? birthdayMonthDay(contact.birthday) : undefined;
    if (day) days.push(day.month * 100 + day.day);
  }
  return days;
}

/** The contact keys of a dossier as 32-bit hashes (FNV-1a; never 0, which marks an empty slot). */
export function keyHashes(dossier: Dossier): number[] {
  // (loops rather than flatMap, Set and spread: every dossier of a first run comes through here)
  const keys: string[] = [];
  for (const contact of dossier.contacts) {
    for (const key of contactKeys(contact)) if (!keys.includes(key)) keys.push(key);
  }
  const hashes = new Array<number>(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    hashes[k] = hash >>> 0 || 1;
  }
  return hashes;
}

/**
 * Writes a fresh row's summary to `writer` (when there is one) and lets go of the text unless the
 * row is `wanted` now: a first run over a big book keeps only what it shows in memory.
 */
export function storeSummary(file: FreshFile, writer: SummaryWriter | undefined, wanted: (file: FreshFile) => boolean, startedAt: number): FreshFile {
  // (a file changed less than 2 s before the run started gets no row yet (see loadWithCache): its
  // summary is kept in memory only, not left in a summaries file that no row points into)
  if (!writer || startedAt - file.stamp[1] <= 2_000) return file;
  try {
    file.stored = writer.add(file.summary);
  } catch {
    return file; // a full disk: the row is kept whole, and written (or not) with the index
  }
  if (!wanted(file)) file.summary = '';
  return file;
}

/** The dividers from `from` to `until` as keys (29 Feb birthdays show on 28 Feb in other years). */
export function wantedKeys(wanted: Wanted): WantedKeys {
  const birthdays = new Set<number>();
  for (let day = wanted.from, n = 0; day <= wanted.until && n < 400; n++, day = addDays(day, 1)) {
    birthdays.add(monthDayKey(day.slice(5)));
    if (day.slice(5) === '02-28' && !isValidDate(`${day.slice(0, 4)}-02-29`)) birthdays.add(229);
  }
  return { until: dateKey(wanted.until), birthdays, ...(wanted.owner !== undefined ? { owner: wanted.owner } : {}) };
}

/** Whether a file just read can appear on the dividers of `wanted` (as BookCache.isWanted for rows). */
export function isFreshWanted(file: FreshFile, wanted: WantedKeys | undefined): boolean {
  if (!wanted || !file.valid || file.dropped) return true;
  if (wanted.owner !== undefined && file.owner !== wanted.owner && file.coverBy !== wanted.owner) return false;
  if (file.birthdays.length > BIRTHDAY_SLOTS) return true;
  // (NaN, no date, compares false)
  if (file.due <= wanted.until || file.complaintDue <= wanted.until) return true;
  return file.birthdays.some((b) => wanted.birthdays.has(b));
}

/**
 * Summaries of one file. Rows read in order (a listing, a compaction) go through a window of a few
 * megabytes that moves forward; rows picked here and there (an agenda) are read one by one, so a
 * day's few thousand rows never read the whole file.
 */
/** A summary's text as kept: {"d": short dossier, "p": problems, "c": custom findings}; undefined when garbled. */
function parseSummary(text: string | undefined): Summary | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { d?: Dossier; p?: Diagnostic[]; c?: Diagnostic[] };
    if (!Array.isArray(parsed.p)) return undefined;
    return { ...(parsed.d ? { dossier: parsed.d } : {}), problems: parsed.p, custom: parsed.c ?? [] };
  } catch {
    return undefined;
  }
}

class SummaryReader {
  private fd: number | undefined;
  private window: Buffer | undefined;
  private start = 0;
  private lastEnd = -1;

  constructor(private readonly path: string) {}

  /** `ahead`: how much to read from `offset` on when the window does not hold it (default: the row, or a large window when reading in order). */
  bytes(offset: number, length: number, ahead?: number): Buffer | undefined {
    try {
      const sequential = offset === this.lastEnd + 1;
      this.lastEnd = offset + length;
      if (!this.window || offset < this.start || offset + length > this.start + this.window.length) {
        this.fd ??= openSync(this.path, 'r');
        const size = Math.max(length, ahead ?? (sequential ? WINDOW_BYTES : length));
        const buffer = Buffer.allocUnsafe(size);
        this.window = buffer.subarray(0, readSync(this.fd, buffer, 0, size, offset));
        this.start = offset;
      }
      const at = offset - this.start;
      return at + length <= this.window.length ? this.window.subarray(at, at + length) : undefined;
    } catch {
      return undefined;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

interface Header {
  format: number;
  /** Tells this writing of the index from any other (a delta names the index it amends). */
  id?: string;
  version: string;
  settings: string;
  settingsData: CachedSettings;
  files: SummariesFile[];
  /** Owners and cover members, as rows refer to them (1 + place); only ever appended to. */
  people: string[];
  count: number;
  namesLength: number;
  /**
   * The stamp of clients/ (size, mtime, inode, ctime) when its listing was exactly the names of
   * the rows: while it is the same, no entry was added, removed or renamed, and a run takes the
   * names from here instead of listing the folder (a tenth of a run at 100,000 files).
   */
  listing?: Stamp;
}

/** A cache as read from disk, and the way to write the next one. */
export class BookCache {
  private readonly readers: SummaryReader[];
  private byName: Map<string, number> | undefined;

  private constructor(
    private readonly root: string,
    /** The settings kept with this index (same hash as tickler.yaml's bytes now), if any. */
    readonly settings: CachedSettings | undefined,
    private readonly files: readonly { name: string; size: number }[],
    private readonly names: readonly string[],
    private readonly rows: Float64Array,
    private readonly people: readonly string[] = [],
    private readonly listing?: Stamp,
    /** The names as stored: joined by line breaks. */
    readonly namesText = '',
    /** The id of index.bin as read, and the rows its delta changed (see DELTA). */
    private readonly id?: string,
    private readonly deltaRows: readonly number[] = [],
  ) {
    this.readers = files.map((f) => new SummaryReader(join(root, CACHE_DIR, f.name)));
  }

  get count(): number {
    return this.names.length;
  }

  /** The names of clients/ as last listed, when `stamp` (clients/ now) says they still are. */
  listedNames(stamp: Stamp | undefined): readonly string[] | undefined {
    const listing = this.listing;
    if (!stamp || !listing) return undefined;
    return stamp[0] === listing[0] && stamp[1] === listing[1] && stamp[2] === listing[2] && stamp[3] === listing[3] ? this.names : undefined;
  }

  /** The cache of a book, or an empty one when there is none fit for these settings. */
  static read(root: string, settingsHash: string): BookCache {
    const empty = new BookCache(root, undefined, [], [], new Float64Array(0));
    try {
      const read = readWithHeader<Header>(join(root, CACHE_DIR, INDEX));
      if (!read) return empty;
      const { buffer, header, headerEnd } = read;
      if (header.format !== FORMAT || header.version !== VERSION || header.settings !== settingsHash || settingsHash === '') return empty;
      const { count, namesLength, settingsData } = header;
      let { files, people, listing } = header;
      if (!Number.isInteger(count) || !Number.isInteger(namesLength) || !Array.isArray(files) || files.some((f) => !SUMMARIES.test(f.name))) return empty;
      if (!Array.isArray(people) || people.some((p) => typeof p !== 'string')) return empty;
      const namesAt = headerEnd + 1;
      const rowsAt = align(namesAt + namesLength!);
      if (rowsAt + count! * WIDTH * 8 !== buffer.length) return empty;
      const namesText = buffer.toString('utf8', namesAt, namesAt + namesLength!);
      const names = count === 0 ? [] : namesText.split('\n');
      if (names.length !== count) return empty;
      // The rows are used in place when the buffer lets them be (8-byte aligned), else copied once.
      const rows =
        (buffer.byteOffset + rowsAt) % 8 === 0
          ? new Float64Array(buffer.buffer, buffer.byteOffset + rowsAt, count! * WIDTH)
          : new Float64Array(buffer.buffer.slice(buffer.byteOffset + rowsAt, buffer.byteOffset + buffer.length));
      // The delta made for this index, if any, and fit: its rows replace the index's.
      const delta = typeof header.id === 'string' ? readDelta(root, header as Header, count!) : undefined;
      if (delta) {
        for (let k = 0; k < delta.rows.length; k++) rows.set(delta.numbers.subarray(k * WIDTH, (k + 1) * WIDTH), delta.rows[k]! * WIDTH);
        ({ files, people } = delta.header);
        if (delta.header.listing !== undefined) listing = delta.header.listing;
      }
      // Summaries files that are gone or shorter than written (a concurrent run compacted them away,
      // a disk that filled up): the rows cannot be trusted, so the cache is rebuilt.
      for (const f of files!) if (!(statSync(join(root, CACHE_DIR, f.name), { throwIfNoEntry: false })?.size! >= f.size)) return empty;
      // Every row must point into its summaries file (a garbled index is rebuilt, not trusted).
      for (let at = 0; at < rows.length; at += WIDTH) {
        const file = files![rows[at + FILE]!];
        if (!file || !(rows[at + OFFSET]! >= 0 && rows[at + LENGTH]! >= 0 && rows[at + OFFSET]! + rows[at + LENGTH]! <= file.size)) return empty;
      }
      const settingsFit =
        settingsData !== null && typeof settingsData === 'object' && typeof settingsData.raw === 'object' && settingsData.raw !== null &&
        Array.isArray(settingsData.broken) && Array.isArray(settingsData.problems);
      const listingFit = Array.isArray(listing) && listing.length === 4 && listing.every((n) => typeof n === 'number' && Number.isFinite(n));
      return new BookCache(root, settingsFit ? settingsData : undefined, files!, names, rows, people, listingFit ? listing : undefined, namesText, header.id, delta?.rows);
    } catch {
      return empty;
    }
  }

  /** How rows refer to a member (see OWNER); -1 when none does. */
  private personKey(member: string): number {
    if (this.lastPerson?.[0] !== member) {
      const at = this.people.indexOf(member);
      this.lastPerson = [member, at < 0 ? -1 : at + 1];
    }
    return this.lastPerson[1];
  }

  private lastPerson: [string, number] | undefined;

  /** The row of `name`, or -1. `hint` is where it is expected: the same place as in the last listing. */
  rowOf(name: string, hint: number): number {
    if (this.names[hint] === name) return hint;
    this.byName ??= new Map(this.names.map((n, i) => [n, i]));
    return this.byName.get(name) ?? -1;
  }

  sameStamp(row: number, size: number, mtimeMs: number, ino: number, ctimeMs: number): boolean {
    const at = row * WIDTH;
    const rows = this.rows;
    return rows[at + SIZE] === size && rows[at + MTIME] === mtimeMs && rows[at + INO] === ino && rows[at + CTIME] === ctimeMs;
  }

  /** The stamp a row was kept with (its file unchanged since, when the run found it so). */
  stampOf(row: number): Stamp {
    const at = row * WIDTH;
    return [this.rows[at + SIZE]!, this.rows[at + MTIME]!, this.rows[at + INO]!, this.rows[at + CTIME]!];
  }

  nameOf(file: CachedFile): string {
    return typeof file === 'number' ? this.names[file]! : file.name;
  }

  /** Whether the cached problems of a row are complete (see FreshFile.complete). */
  isComplete(file: CachedFile): boolean {
    return typeof file === 'number' ? (this.rows[file * WIDTH + FLAGS]! & COMPLETE) !== 0 : file.complete;
  }

  /** Whether a dossier can appear on the dividers of `wanted` (every broken file is wanted: it is a problem to report). */
  isWanted(file: CachedFile, wanted: WantedKeys | undefined): boolean {
    if (!wanted) return true;
    if (typeof file !== 'number') return isFreshWanted(file, wanted);
    const at = file * WIDTH;
    const rows = this.rows;
    const flags = rows[at + FLAGS]!;
    if ((flags & VALID) === 0 || (flags & DROPPED) !== 0) return true;
    if (wanted.owner !== undefined) {
      const who = this.personKey(wanted.owner);
      if (rows[at + OWNER] !== who && rows[at + COVER_BY] !== who) return false;
    }
    if ((flags & MANY_BIRTHDAYS) !== 0) return true;
    // NaN (no date) compares false
    if (rows[at + DUE]! <= wanted.until || rows[at + COMPLAINT]! <= wanted.until) return true;
    for (let slot = 0; slot < BIRTHDAY_SLOTS; slot++) {
      const key = rows[at + BIRTHDAYS + slot]!;
      if (key !== 0 && wanted.birthdays.has(key)) return true;
    }
    return false;
  }

  /**
   * validate's choice: the files whose summaries it must read. Every other file is known to be
   * clean: no finding kept, no cover that has ended by `today`, and no contact key that another
   * file has too (only files that share one can be duplicates of each other).
   */
  needsCheck(files: readonly CachedFile[], today: IsoDate, otherKeys: readonly number[] = []): boolean[] {
    const day = dateKey(today);
    const keysOf = files.map((file) => {
      if (typeof file !== 'number') return file.keys;
      const at = file * WIDTH;
      if ((this.rows[at + FLAGS]! & MANY_KEYS) !== 0) {
        const dossier = this.summary(file)?.dossier;
        return dossier ? keyHashes(dossier) : [];
      }
      const keys: number[] = [];
      for (let slot = 0; slot < KEY_SLOTS; slot++) if (this.rows[at + KEYS + slot] !== 0) keys.push(this.rows[at + KEYS + slot]!);
      return keys;
    });
    const seen = new Map<number, number>();
    // (otherKeys: those of files read anew every time, such as links, which have no row)
    for (const keys of [...keysOf, otherKeys]) for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
    return files.map((file, i) => {
      if (keysOf[i]!.some((key) => seen.get(key)! > 1)) return true;
      if (typeof file !== 'number') return !file.valid || file.findings || file.coverUntil < day;
      const flags = this.rows[file * WIDTH + FLAGS]!;
      return (flags & VALID) === 0 || (flags & FINDINGS) !== 0 || this.rows[file * WIDTH + COVER]! < day;
    });
  }

  private summaryBytes(file: CachedFile): Buffer | undefined {
    if (typeof file !== 'number') return Buffer.from(file.summary, 'utf8');
    const at = file * WIDTH;
    return this.checked(at, this.readers[this.rows[at + FILE]!]?.bytes(this.rows[at + OFFSET]!, this.rows[at + LENGTH]!));
  }

  /** `bytes`, the summary read for the row at `at`, when they are what was written. */
  private checked(at: number, bytes: Buffer | undefined): Buffer | undefined {
    return bytes !== undefined && crc32(bytes) === this.rows[at + SUM] ? bytes : undefined;
  }

  /** The summary of a file; undefined if its summaries file is gone, short or garbled. */
  summary(file: CachedFile): Summary | undefined {
    return parseSummary(typeof file === 'number' ? this.summaryBytes(file)?.toString('utf8') : file.summary);
  }

  /**
   * The summaries of many rows (in the order given). They are read in the order they lie in
   * their files: where rows lie close together, a window of the file is read and serves them
   * all (a day of a big book takes thousands of rows, and each read is a system call).
   */
  summariesOf(rows: readonly number[]): (Summary | undefined)[] {
    const result = new Array<Summary | undefined>(rows.length);
    const order = rows.map((_, i) => i);
    const fileOf = (i: number) => this.rows[rows[i]! * WIDTH + FILE]!;
    const offsetOf = (i: number) => this.rows[rows[i]! * WIDTH + OFFSET]!;
    order.sort((a, b) => fileOf(a) - fileOf(b) || offsetOf(a) - offsetOf(b));
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const at = rows[i]! * WIDTH;
      const offset = this.rows[at + OFFSET]!;
      const length = this.rows[at + LENGTH]!;
      // how far ahead to read if a read is needed: a window when a few more rows lie within it
      let ahead = length;
      const next = order[k + 4];
      if (next !== undefined && fileOf(next) === fileOf(i) && offsetOf(next) + this.rows[rows[next]! * WIDTH + LENGTH]! - offset <= BATCH_WINDOW_BYTES) ahead = BATCH_WINDOW_BYTES;
      result[i] = parseSummary(this.checked(at, this.readers[this.rows[at + FILE]!]?.bytes(offset, length, ahead))?.toString('utf8'));
    }
    return result;
  }

  /**
   * Writes the cache for `files` (the book as it is now, in the order of its listing). Best effort:
   * a read-only book, a full disk or a concurrent writer only means the next run reads more files.
   * Rows keep their summaries where they are (`written`: the files this run wrote them to); the
   * rest go to a new file; all of them into one when compacting.
   */
  write(files: readonly CachedFile[], settingsHash: string, settings: CachedSettings, written: readonly SummariesFile[] = [], listing?: Stamp): void {
    const extra = new Map<string, SummaryReader>();
    // `listing`: the stamp of clients/ when `files` were exactly its listing (kept only if every one gets a row)
    const listed = files.length;
    try {
      const dir = cacheDir(this.root);
      const writtenNames = new Set(written.map((f) => f.name));
      // A row whose summary went to a file that could not be written, and was not kept in memory:
      // it is read again next time.
      files = files.filter((f) => typeof f === 'number' || f.summary !== '' || (f.stored !== undefined && writtenNames.has(f.stored.name)));
      // Where each row's summary is now, and how big the files it would keep are. (Rows kept from
      // this index are handled by number: 100,000 of them must not cost an object each.)
      const sizes = new Map<string, number>([...this.files, ...written].map((f) => [f.name, f.size]));
      const freshPlace = (file: FreshFile): Place | undefined => (file.stored && sizes.has(file.stored.name) ? file.stored : undefined);
      let live = 0;
      const oldUsed = new Uint8Array(this.files.length);
      const freshUsed = new Set<string>();
      for (const file of files) {
        if (typeof file === 'number') {
          const at = file * WIDTH;
          oldUsed[this.rows[at + FILE]!] = 1;
          live += this.rows[at + LENGTH]! + 1;
          continue;
        }
        const where = freshPlace(file);
        if (where) freshUsed.add(where.name);
        live += (where?.length ?? Buffer.byteLength(file.summary)) + 1;
      }
      // (the files kept first, in their order: kept rows then keep their file numbers)
      const used = new Set<string>();
      this.files.forEach((f, i) => oldUsed[i] === 1 && used.add(f.name));
      for (const name of freshUsed) used.add(name);
      const usedSize = [...used].reduce((sum, name) => sum + sizes.get(name)!, 0);
      const compact = used.size >= MAX_SUMMARY_FILES || usedSize > 2 * live + (1 << 20);
      if (!compact && this.writeDelta(dir, files, written, freshPlace, settingsHash, listing && files.length === listed ? listing : undefined)) return;
      const bytesOf = (file: CachedFile): Buffer | undefined => {
        if (typeof file === 'number') return this.summaryBytes(file);
        const where = freshPlace(file);
        if (!where) return Buffer.from(file.summary, 'utf8');
        let reader = extra.get(where.name);
        if (!reader) extra.set(where.name, (reader = new SummaryReader(join(dir, where.name))));
        const bytes = reader.bytes(where.offset, where.length);
        return bytes !== undefined && crc32(bytes) === where.sum ? bytes : undefined;
      };
      // The summaries that move: every one when compacting, else those not yet in any file.
      const placed = new Map<CachedFile, Place>();
      const outFiles: SummariesFile[] = compact ? [] : [...used].map((name) => ({ name, size: sizes.get(name)! }));
      const moving = compact ? files : files.filter((f) => typeof f !== 'number' && !freshPlace(f));
      if (moving.length > 0) {
        const out = new SummaryWriter(dir);
        for (const file of moving) {
          const bytes = bytesOf(file);
          if (bytes !== undefined) placed.set(file, out.add(bytes));
        }
        const done = out.close();
        if (!done) return;
        outFiles.push(done);
      }
      // The files kept must still be there (a concurrent run may have compacted them away).
      for (const f of outFiles) if (!(statSync(join(dir, f.name), { throwIfNoEntry: false })?.size! >= f.size)) return;
      const fileIndex = new Map(outFiles.map((f, n) => [f.name, n]));
      // where the summaries files of this index are in the new one (-1: not kept)
      const oldToNew = this.files.map((f) => (compact ? -1 : (fileIndex.get(f.name) ?? -1)));
      const names: string[] = [];
      const people = [...this.people];
      const personKey = personKeys(people);
      const rows = new Float64Array(files.length * WIDTH);
      let count = 0;
      // Kept rows that follow each other here and in the old index are copied as one block.
      const source = new Int32Array(files.length).fill(-1); // the old row of each row copied
      let runFrom = -1;
      let runAt = 0;
      let runLength = 0;
      const endRun = () => {
        if (runLength > 0) rows.set(this.rows.subarray(runFrom * WIDTH, (runFrom + runLength) * WIDTH), runAt * WIDTH);
        runLength = 0;
      };
      for (const file of files) {
        const at = count * WIDTH;
        if (typeof file === 'number' && !compact) {
          const index = oldToNew[this.rows[file * WIDTH + FILE]!]!;
          if (index < 0) continue;
          if (runLength > 0 && file === runFrom + runLength) runLength++;
          else {
            endRun();
            runFrom = file;
            runAt = count;
            runLength = 1;
          }
          names.push(this.names[file]!);
          source[count] = file;
          count++;
          continue;
        }
        endRun();
        const where = placed.get(file) ?? (compact ? undefined : freshPlace(file as FreshFile));
        const name = this.nameOf(file);
        // a summary that went away (a concurrent run compacted it): read the file again next time
        if (!where || name.includes('\n')) continue;
        if (typeof file === 'number') for (let k = 0; k < WIDTH; k++) rows[at + k] = this.rows[file * WIDTH + k]!;
        else {
          writeRow(rows, at, file);
          rows[at + OWNER] = personKey(file.owner);
          rows[at + COVER_BY] = personKey(file.coverBy);
        }
        rows[at + FILE] = fileIndex.get(where.name)!;
        rows[at + OFFSET] = where.offset;
        rows[at + LENGTH] = where.length;
        rows[at + SUM] = where.sum;
        names.push(name);
        count++;
      }
      endRun();
      // the copied rows name their summaries file by its place in the old index
      if (!compact && oldToNew.some((to, from) => to !== from)) {
        for (let row = 0; row < count; row++) if (source[row]! >= 0) rows[row * WIDTH + FILE] = oldToNew[this.rows[source[row]! * WIDTH + FILE]!]!;
      }
      const namesBytes = Buffer.from(names.join('\n'), 'utf8');
      const header: Header = {
        format: FORMAT,
        id: uniqueHex(),
        version: VERSION,
        settings: settingsHash,
        settingsData: settings,
        files: outFiles,
        people,
        count,
        namesLength: namesBytes.length,
        ...(listing && count === listed ? { listing } : {}),
      };
      const headerBytes = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
      const rowsAt = align(headerBytes.length + namesBytes.length);
      const out = Buffer.alloc(rowsAt + count * WIDTH * 8);
      headerBytes.copy(out, 0);
      namesBytes.copy(out, headerBytes.length);
      Buffer.from(rows.buffer, 0, count * WIDTH * 8).copy(out, rowsAt);
      writeSealed(join(dir, INDEX), out);
      removeFile(join(dir, DELTA)); // (made for the index just replaced)
      // Summaries no index names any more go; those of the last minute may belong to a run that is
      // writing its index right now.
      const named = new Set(outFiles.map((f) => f.name));
      const ours = new Set([...this.files, ...written].map((f) => f.name));
      for (const name of readdirSync(dir)) {
        if (name === 'index.json') removeFile(join(dir, name)); // the index of tickler's first cache format
        if (!SUMMARIES.test(name) || named.has(name)) continue;
        const path = join(dir, name);
        if (ours.has(name) || Date.now() - statSync(path).mtimeMs > 60_000) removeFile(path);
      }
    } catch {
      // not writable, or a concurrent run: fine, the next run reads more files
    } finally {
      for (const reader of extra.values()) reader.close();
    }
  }

  /**
   * Writes the rows that differ from index.bin as its delta, when `files` are the index's names
   * in the same order and few differ: true when written (the caller then writes nothing else).
   */
  private writeDelta(dir: string, files: readonly CachedFile[], written: readonly SummariesFile[], placeOf: (file: FreshFile) => Place | undefined, settingsHash: string, listing: Stamp | undefined): boolean {
    if (this.id === undefined || files.length !== this.names.length) return false;
    const changed = new Set(this.deltaRows);
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      if (typeof file === 'number') {
        if (file !== i) return false;
      } else if (file.name !== this.names[i]) return false;
      else changed.add(i);
    }
    if (changed.size === 0 || changed.size > Math.max(DELTA_ROWS, files.length >> 4)) return false;
    // The index's summaries files in their order (its rows keep their numbers), then the new ones.
    const outFiles: SummariesFile[] = [...this.files];
    const fileIndex = new Map(outFiles.map((f, n) => [f.name, n]));
    const placed = new Map<number, Place>();
    const unplaced: number[] = [];
    for (const i of changed) {
      const file = files[i]!;
      if (typeof file === 'number') continue;
      const where = placeOf(file);
      if (where) placed.set(i, where);
      else unplaced.push(i);
    }
    for (const f of written) if (!fileIndex.has(f.name) && [...placed.values()].some((p) => p.name === f.name)) fileIndex.set(f.name, outFiles.push(f) - 1);
    if (unplaced.length > 0) {
      const out = new SummaryWriter(dir);
      for (const i of unplaced) placed.set(i, out.add((files[i] as FreshFile).summary));
      const done = out.close();
      if (!done) return true; // (a full disk: nothing is written, as for the whole index)
      fileIndex.set(done.name, outFiles.push(done) - 1);
    }
    if (outFiles.length >= MAX_SUMMARY_FILES) return false; // time to compact: the whole index
    const people = [...this.people];
    const personKey = personKeys(people);
    const rowsOut = [...changed].sort((a, b) => a - b);
    const numbers = new Float64Array(rowsOut.length * WIDTH);
    rowsOut.forEach((i, k) => {
      const file = files[i]!;
      const at = k * WIDTH;
      if (typeof file === 'number') {
        numbers.set(this.rows.subarray(i * WIDTH, (i + 1) * WIDTH), at);
        return;
      }
      writeRow(numbers, at, file);
      numbers[at + OWNER] = personKey(file.owner);
      numbers[at + COVER_BY] = personKey(file.coverBy);
      const where = placed.get(i)!;
      numbers[at + FILE] = fileIndex.get(where.name)!;
      numbers[at + OFFSET] = where.offset;
      numbers[at + LENGTH] = where.length;
      numbers[at + SUM] = where.sum;
    });
    const header: DeltaHeader = { format: FORMAT, base: this.id, version: VERSION, settings: settingsHash, files: outFiles, people, rows: rowsOut, ...(listing ? { listing } : {}) };
    const headerBytes = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
    const out = Buffer.alloc(align(headerBytes.length) + numbers.byteLength);
    headerBytes.copy(out, 0);
    Buffer.from(numbers.buffer, 0, numbers.byteLength).copy(out, align(headerBytes.length));
    writeSealed(join(dir, DELTA), out);
    return true;
  }

  /** Lets go of the summaries files. */
  close(): void {
    for (const reader of this.readers) reader.close();
  }
}

interface DeltaHeader {
  format: number;
  /** The id of the index it amends. */
  base: string;
  version: string;
  settings: string;
  /** The summaries files: the index's, in its order, then new ones. */
  files: SummariesFile[];
  /** The index's people, then new ones. */
  people: string[];
  /** The rows it replaces, in order; their numbers follow the header. */
  rows: number[];
  listing?: Stamp;
}

/** The delta of the index `base` (of `count` rows), when there is one made for it and it is whole. */
function readDelta(root: string, base: Header, count: number): { header: DeltaHeader; rows: number[]; numbers: Float64Array } | undefined {
  try {
    const read = readWithHeader<DeltaHeader>(join(root, CACHE_DIR, DELTA));
    if (!read) return undefined;
    const { buffer, header, headerEnd } = read;
    if (header.format !== FORMAT || header.base !== base.id || header.version !== base.version || header.settings !== base.settings) return undefined;
    const { files, people, rows } = header;
    if (!Array.isArray(files) || files.some((f) => !SUMMARIES.test(f?.name) || !Number.isInteger(f.size)) || !base.files.every((f, n) => files[n]?.name === f.name)) return undefined;
    if (!Array.isArray(people) || people.some((p) => typeof p !== 'string') || !base.people.every((p, n) => people[n] === p)) return undefined;
    if (!Array.isArray(rows) || rows.some((row, k) => !Number.isInteger(row) || row < 0 || row >= count || (k > 0 && row <= rows[k - 1]!))) return undefined;
    if (header.listing !== undefined && !(Array.isArray(header.listing) && header.listing.length === 4 && header.listing.every((n) => typeof n === 'number' && Number.isFinite(n)))) return undefined;
    const at = align(headerEnd + 1);
    if (at + rows.length * WIDTH * 8 !== buffer.length) return undefined;
    const numbers = new Float64Array(buffer.buffer.slice(buffer.byteOffset + at, buffer.byteOffset + buffer.length));
    return { header: header as DeltaHeader, rows, numbers };
  } catch {
    return undefined;
  }
}

/** A sealed file of .tickler/ that starts with a JSON header line, or undefined when there is none (or its seal does not hold); throws when the header is not JSON. */
function readWithHeader<T>(path: string): { buffer: Buffer; header: Partial<T>; headerEnd: number } | undefined {
  const buffer = readSealed(path);
  if (!buffer) return undefined;
  const headerEnd = buffer.indexOf(10);
  return { buffer, header: JSON.parse(buffer.toString('utf8', 0, headerEnd)) as Partial<T>, headerEnd };
}

/** How rows refer to members: 1 + their place in `people` (0: nobody), adding those not there yet. */
function personKeys(people: string[]): (member: string | null) => number {
  return (member) => {
    if (member === null) return 0;
    let at = people.indexOf(member);
    if (at < 0) at = people.push(member) - 1;
    return at + 1;
  };
}

function writeRow(rows: Float64Array, at: number, file: FreshFile): void {
  rows[at + SIZE] = file.stamp[0];
  rows[at + MTIME] = file.stamp[1];
  rows[at + INO] = file.stamp[2];
  rows[at + CTIME] = file.stamp[3];
  const many = file.birthdays.length > BIRTHDAY_SLOTS;
  const manyKeys = file.keys.length > KEY_SLOTS;
  rows[at + FLAGS] =
    (file.valid ? VALID : 0) | (file.dropped ? DROPPED : 0) | (many ? MANY_BIRTHDAYS : 0) | (file.complete ? COMPLETE : 0) | (file.findings ? FINDINGS : 0) | (manyKeys ? MANY_KEYS : 0);
  rows[at + COVER] = file.coverUntil;
  for (let slot = 0; slot < KEY_SLOTS; slot++) rows[at + KEYS + slot] = manyKeys || slot >= file.keys.length ? 0 : file.keys[slot]!;
  rows[at + DUE] = file.due;
  rows[at + COMPLAINT] = file.complaintDue;
  for (let slot = 0; slot < BIRTHDAY_SLOTS; slot++) rows[at + BIRTHDAYS + slot] = many || slot >= file.birthdays.length ? 0 : file.birthdays[slot]!;
}

/**
 * Files just read, packed for the way from a worker thread: their numbers as index rows in one
 * buffer (moved, not copied), the few strings apart. Unpacking gives the same FreshFiles, at a
 * small part of what copying 50,000 objects between threads costs.
 */
export interface PackedFiles {
  /** WIDTH numbers a file, as in the index (FILE: 0 for the worker's summaries file, -1 not stored); owners and covers as 1 + their place in `people`. */
  rows: Float64Array;
  /** 1 for a file read, 0 for a name that was not a plain file (null). */
  present: Uint8Array;
  people: string[];
  /** What the rows cannot hold: all birthdays and contact keys of files with more than fit. */
  extras: [index: number, birthdays: number[], keys: number[]][];
  /** Summaries kept as text (wanted now, or not written to the file). */
  summaries: [index: number, text: string][];
}

export function packFiles(files: readonly (FreshFile | null)[], written: SummariesFile | undefined): PackedFiles {
  const rows = new Float64Array(files.length * WIDTH);
  const present = new Uint8Array(files.length);
  const people: string[] = [];
  const extras: PackedFiles['extras'] = [];
  const summaries: PackedFiles['summaries'] = [];
  const personKey = personKeys(people);
  files.forEach((file, i) => {
    if (!file) return;
    present[i] = 1;
    const at = i * WIDTH;
    writeRow(rows, at, file);
    rows[at + OWNER] = personKey(file.owner);
    rows[at + COVER_BY] = personKey(file.coverBy);
    const stored = file.stored !== undefined && file.stored.name === written?.name ? file.stored : undefined;
    rows[at + FILE] = stored ? 0 : -1;
    rows[at + OFFSET] = stored?.offset ?? 0;
    rows[at + LENGTH] = stored?.length ?? 0;
    rows[at + SUM] = stored?.sum ?? 0;
    if (file.birthdays.length > BIRTHDAY_SLOTS || file.keys.length > KEY_SLOTS) extras.push([i, file.birthdays, file.keys]);
    if (file.summary !== '') summaries.push([i, file.summary]);
  });
  return { rows, present, people, extras, summaries };
}

export function unpackFiles(names: readonly string[], packed: PackedFiles, written: SummariesFile | undefined): (FreshFile | null)[] {
  const { rows, present, people } = packed;
  const extras = new Map(packed.extras.map(([i, birthdays, keys]) => [i, { birthdays, keys }]));
  const summaries = new Map(packed.summaries);
  const person = (key: number) => (key === 0 ? null : (people[key - 1] ?? null));
  const slots = (at: number, count: number) => {
    const values: number[] = [];
    for (let k = 0; k < count; k++) if (rows[at + k] !== 0) values.push(rows[at + k]!);
    return values;
  };
  // (a loop without a closure a row: half the rows of a first run over a big book come through here)
  const files = new Array<FreshFile | null>(names.length);
  for (let i = 0; i < names.length; i++) {
    if (present[i] !== 1) {
      files[i] = null;
      continue;
    }
    const at = i * WIDTH;
    const flags = rows[at + FLAGS]!;
    const many = (flags & (MANY_BIRTHDAYS | MANY_KEYS)) !== 0 ? extras.get(i) : undefined;
    const file: FreshFile = {
      name: names[i]!,
      stamp: [rows[at + SIZE]!, rows[at + MTIME]!, rows[at + INO]!, rows[at + CTIME]!],
      valid: (flags & VALID) !== 0,
      due: rows[at + DUE]!,
      dropped: (flags & DROPPED) !== 0,
      complaintDue: rows[at + COMPLAINT]!,
      birthdays: (flags & MANY_BIRTHDAYS) !== 0 ? many!.birthdays : slots(at + BIRTHDAYS, BIRTHDAY_SLOTS),
      complete: (flags & COMPLETE) !== 0,
      findings: (flags & FINDINGS) !== 0,
      coverUntil: rows[at + COVER]!,
      keys: (flags & MANY_KEYS) !== 0 ? many!.keys : slots(at + KEYS, KEY_SLOTS),
      owner: person(rows[at + OWNER]!),
      coverBy: person(rows[at + COVER_BY]!),
      summary: summaries.get(i) ?? '',
    };
    if (rows[at + FILE] === 0 && written) file.stored = { name: written.name, offset: rows[at + OFFSET]!, length: rows[at + LENGTH]!, sum: rows[at + SUM]! };
    files[i] = file;
  }
  return files;
}

/** A new summaries file, written as rows are read (so that a first run over a big book holds no summaries in memory). */
export class SummaryWriter {
  readonly name = `summaries-${uniqueHex()}.jsonl`;
  private readonly path: string;
  private readonly fd: number;
  /** Summaries not written yet, one per line, in `buffer` up to `pendingBytes`. */
  private buffer = Buffer.allocUnsafe(PENDING_BYTES);
  private pendingBytes = 0;
  private size = 0;
  /** A write failed (a full disk, a quota): nothing this writer placed can be used. */
  private failed = false;

  /** Throws when the file cannot be made. */
  constructor(dir: string) {
    this.path = join(dir, this.name);
    this.fd = openSync(this.path, 'wx');
  }

  static in(root: string): SummaryWriter | undefined {
    try {
      return new SummaryWriter(cacheDir(root));
    } catch {
      return undefined;
    }
  }

  /** Throws once the file could not be written: the caller keeps the summary itself. */
  add(bytes: Buffer | string): Place {
    if (this.failed) throw new Error('the summaries file could not be written');
    // (encoded straight into the buffer: a Buffer for each summary cost a first run more than writing them)
    const most = typeof bytes === 'string' ? bytes.length * 3 : bytes.length; // (UTF-8 takes at most 3 bytes a UTF-16 unit)
    if (this.pendingBytes + most + 1 > this.buffer.length) {
      this.flush();
      if (most + 1 > this.buffer.length) this.buffer = Buffer.allocUnsafe(most + 1);
    }
    const length = typeof bytes === 'string' ? this.buffer.write(bytes, this.pendingBytes, 'utf8') : bytes.copy(this.buffer, this.pendingBytes);
    const place = { name: this.name, offset: this.size, length, sum: crc32(this.buffer.subarray(this.pendingBytes, this.pendingBytes + length)) };
    this.buffer[this.pendingBytes + length] = 0x0a;
    this.pendingBytes += length + 1;
    this.size += length + 1;
    return place;
  }

  private flush(): void {
    const buffer = this.buffer;
    const end = this.pendingBytes;
    this.pendingBytes = 0;
    try {
      // writeSync may write less than asked (a quota, a signal): go on until all of it is written
      for (let done = 0; done < end; ) done += writeSync(this.fd, buffer, done, end - done);
    } catch {
      this.failed = true;
    }
  }

  /** The file as written, or undefined when it could not be written whole or holds nothing (it is then removed). */
  close(): SummariesFile | undefined {
    if (!this.failed) this.flush();
    try {
      closeSync(this.fd);
    } catch {
      this.failed = true;
    }
    if (!this.failed && this.size > 0) return { name: this.name, size: this.size };
    removeFile(this.path);
    return undefined;
  }
}

const align = (n: number): number => Math.ceil(n / 8) * 8;


/** Summaries are written in pieces of about this size. */
const PENDING_BYTES = 1 << 20;
const WINDOW_BYTES = 4 << 20;
/** The window of a batch of rows read out of order (see BookCache.summariesOf). */
const BATCH_WINDOW_BYTES = 256 << 10;
/** More summaries files than this and they are compacted into one. */
const MAX_SUMMARY_FILES = 12;
