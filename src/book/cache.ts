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
import { closeSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { filingOf, isDropped } from '../core/agenda.js';
import { addDays, birthdayMonthDay, isValidDate, type IsoDate } from '../core/dates.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { lastContact, type Dossier, type Settings } from '../core/model.js';
import { BUILD } from '../version.js';
import { cacheDir, CACHE_DIR } from './lock.js';
import { writeFileAtomic } from './write.js';

const FORMAT = 2;
const INDEX = 'index.bin';
const VERSION = `${BUILD} ${process.version}`;
const SUMMARIES = /^summaries-[0-9a-f]+\.jsonl$/;

/** What identifies one version of a file: size, mtime, inode, ctime. */
export type Stamp = readonly [size: number, mtimeMs: number, ino: number, ctimeMs: number];

// One row of numbers per file.
const SIZE = 0, MTIME = 1, INO = 2, CTIME = 3, FLAGS = 4, DUE = 5, COMPLAINT = 6, FILE = 7, OFFSET = 8, LENGTH = 9, BIRTHDAYS = 10;
const BIRTHDAY_SLOTS = 3;
const WIDTH = BIRTHDAYS + BIRTHDAY_SLOTS;
const VALID = 1, DROPPED = 2, MANY_BIRTHDAYS = 4, COMPLETE = 8;

/** A file just read: its row, with the summary as text until it is written. */
export interface FreshFile {
  name: string;
  stamp: Stamp;
  valid: boolean;
  /** The divider the dossier is filed behind (next, or where its cadence puts it). */
  due: IsoDate | null;
  dropped: boolean;
  /** The earliest due date of an open complaint. */
  complaintDue: IsoDate | null;
  /** Contacts' birthdays as MM-DD. */
  birthdays: string[];
  /** Whether `problems` holds every finding of the file (what validate reports), not only its errors. */
  complete: boolean;
  /** The summary as JSON: {"d": short dossier (valid files), "p": problems}. */
  summary: string;
}

/** A file of the book as the loader sees it: a row of the cache (its number) or a file just read. */
export type CachedFile = number | FreshFile;

export interface Summary {
  dossier?: Dossier;
  problems: Diagnostic[];
}

/** Which dossiers a command needs: those that can appear on the dividers from `from` to `until`. */
export interface Wanted {
  from: IsoDate;
  until: IsoDate;
}

/** A Wanted as numbers: the last divider (YYYYMMDD) and the month-days (MMDD) whose birthdays show. */
export interface WantedKeys {
  until: number;
  birthdays: ReadonlySet<number>;
}

/** The settings as kept with the index: what they are made from, and the file's problems. */
export interface CachedSettings {
  raw: Record<string, unknown>;
  broken: string[];
  problems: Diagnostic[];
}

const dateKey = (date: IsoDate | null): number => (date === null ? NaN : Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)));
const monthDayKey = (monthDay: string): number => Number(monthDay.slice(0, 2)) * 100 + Number(monthDay.slice(3, 5));

/** The short form kept in the cache: what agendas, lists and searches read, not the whole history. */
export function summaryOf(dossier: Dossier): Dossier {
  const last = lastContact(dossier);
  return { ...dossier, log: last ? [last] : [], complaints: dossier.complaints.filter((c) => c.resolved === undefined) };
}

export function freshFile(name: string, stamp: Stamp, settings: Settings, dossier: Dossier | undefined, problems: readonly Diagnostic[], complete: boolean): FreshFile {
  const summary = JSON.stringify(dossier ? { d: summaryOf(dossier), p: problems } : { p: problems });
  if (!dossier) return { name, stamp, valid: false, due: null, dropped: false, complaintDue: null, birthdays: [], complete, summary };
  const open = dossier.complaints.filter((c) => c.resolved === undefined && c.due !== undefined).map((c) => c.due!).sort();
  return {
    name,
    stamp,
    valid: true,
    due: filingOf(dossier, settings)?.due ?? null,
    dropped: isDropped(dossier, settings),
    complaintDue: open[0] ?? null,
    birthdays: dossier.contacts.flatMap((c) => {
      const birthday = c.birthday ? birthdayMonthDay(c.birthday) : undefined;
      return birthday ? [`${String(birthday.month).padStart(2, '0')}-${String(birthday.day).padStart(2, '0')}`] : [];
    }),
    complete,
    summary,
  };
}

/** The dividers from `from` to `until` as keys (29 Feb birthdays show on 28 Feb in other years). */
export function wantedKeys(wanted: Wanted): WantedKeys {
  const birthdays = new Set<number>();
  for (let day = wanted.from, n = 0; day <= wanted.until && n < 400; n++, day = addDays(day, 1)) {
    birthdays.add(monthDayKey(day.slice(5)));
    if (day.slice(5) === '02-28' && !isValidDate(`${day.slice(0, 4)}-02-29`)) birthdays.add(229);
  }
  return { until: dateKey(wanted.until), birthdays };
}

/** Summaries of one file, read through a window of a few megabytes that moves forward. */
class SummaryReader {
  private fd: number | undefined;
  private window: Buffer | undefined;
  private start = 0;

  constructor(private readonly path: string) {}

  bytes(offset: number, length: number): Buffer | undefined {
    try {
      if (!this.window || offset < this.start || offset + length > this.start + this.window.length) {
        this.fd ??= openSync(this.path, 'r');
        const size = Math.max(length, WINDOW_BYTES);
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
  version: string;
  settings: string;
  settingsData: CachedSettings;
  files: { name: string; size: number }[];
  count: number;
  namesLength: number;
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
  ) {
    this.readers = files.map((f) => new SummaryReader(join(root, CACHE_DIR, f.name)));
  }

  get count(): number {
    return this.names.length;
  }

  /** The cache of a book, or an empty one when there is none fit for these settings. */
  static read(root: string, settingsHash: string): BookCache {
    const empty = new BookCache(root, undefined, [], [], new Float64Array(0));
    let buffer: Buffer;
    try {
      buffer = readFileSync(join(root, CACHE_DIR, INDEX));
    } catch {
      return empty;
    }
    try {
      const headerEnd = buffer.indexOf(10);
      const header = JSON.parse(buffer.toString('utf8', 0, headerEnd)) as Partial<Header>;
      if (header.format !== FORMAT || header.version !== VERSION || header.settings !== settingsHash || settingsHash === '') return empty;
      const { count, namesLength, files, settingsData } = header;
      if (!Number.isInteger(count) || !Number.isInteger(namesLength) || !Array.isArray(files) || files.some((f) => !SUMMARIES.test(f.name))) return empty;
      const namesAt = headerEnd + 1;
      const rowsAt = align(namesAt + namesLength!);
      if (rowsAt + count! * WIDTH * 8 !== buffer.length) return empty;
      const names = count === 0 ? [] : buffer.toString('utf8', namesAt, namesAt + namesLength!).split('\n');
      if (names.length !== count) return empty;
      // The rows are used in place when the buffer lets them be (8-byte aligned), else copied once.
      const rows =
        (buffer.byteOffset + rowsAt) % 8 === 0
          ? new Float64Array(buffer.buffer, buffer.byteOffset + rowsAt, count! * WIDTH)
          : new Float64Array(buffer.buffer.slice(buffer.byteOffset + rowsAt, buffer.byteOffset + buffer.length));
      return new BookCache(root, settingsData, files!, names, rows);
    } catch {
      return empty;
    }
  }

  /** The row of `name`, or -1. `hint` is where it is expected: the same place as in the last listing. */
  rowOf(name: string, hint: number): number {
    if (this.names[hint] === name) return hint;
    this.byName ??= new Map(this.names.map((n, i) => [n, i]));
    return this.byName.get(name) ?? -1;
  }

  sameStamp(row: number, stamp: Stamp): boolean {
    const at = row * WIDTH;
    const rows = this.rows;
    return rows[at + SIZE] === stamp[0] && rows[at + MTIME] === stamp[1] && rows[at + INO] === stamp[2] && rows[at + CTIME] === stamp[3];
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
    if (typeof file !== 'number') {
      if (!file.valid || file.dropped || file.birthdays.length > BIRTHDAY_SLOTS) return true;
      if (file.due !== null && dateKey(file.due) <= wanted.until) return true;
      if (file.complaintDue !== null && dateKey(file.complaintDue) <= wanted.until) return true;
      return file.birthdays.some((b) => wanted.birthdays.has(monthDayKey(b)));
    }
    const at = file * WIDTH;
    const rows = this.rows;
    const flags = rows[at + FLAGS]!;
    if ((flags & VALID) === 0 || (flags & (DROPPED | MANY_BIRTHDAYS)) !== 0) return true;
    // NaN (no date) compares false
    if (rows[at + DUE]! <= wanted.until || rows[at + COMPLAINT]! <= wanted.until) return true;
    for (let slot = 0; slot < BIRTHDAY_SLOTS; slot++) {
      const key = rows[at + BIRTHDAYS + slot]!;
      if (key !== 0 && wanted.birthdays.has(key)) return true;
    }
    return false;
  }

  private summaryBytes(file: CachedFile): Buffer | undefined {
    if (typeof file !== 'number') return Buffer.from(file.summary, 'utf8');
    const at = file * WIDTH;
    return this.readers[this.rows[at + FILE]!]?.bytes(this.rows[at + OFFSET]!, this.rows[at + LENGTH]!);
  }

  /** The summary of a file; undefined if its summaries file is gone, short or garbled. */
  summary(file: CachedFile): Summary | undefined {
    try {
      const text = typeof file === 'number' ? this.summaryBytes(file)?.toString('utf8') : file.summary;
      if (text === undefined) return undefined;
      const parsed = JSON.parse(text) as { d?: Dossier; p?: Diagnostic[] };
      if (!Array.isArray(parsed.p)) return undefined;
      return parsed.d ? { dossier: parsed.d, problems: parsed.p } : { problems: parsed.p };
    } catch {
      return undefined;
    }
  }

  /**
   * Writes the cache for `files` (the book as it is now, in the order of its listing). Best effort:
   * a read-only book, a full disk or a concurrent writer only means the next run reads more files.
   * The summaries of new rows go to a new file; all of them into one when compacting.
   */
  write(files: readonly CachedFile[], settingsHash: string, settings: CachedSettings): void {
    try {
      const dir = cacheDir(this.root);
      let live = 0;
      for (const file of files) if (typeof file === 'number') live += this.rows[file * WIDTH + LENGTH]! + 1;
      const kept = new Set<number>();
      for (const file of files) if (typeof file === 'number') kept.add(this.rows[file * WIDTH + FILE]!);
      const keptSize = [...kept].reduce((sum, i) => sum + this.files[i]!.size, 0);
      const compact = kept.size >= MAX_SUMMARY_FILES || keptSize > 2 * live + (1 << 20);
      const plan = compact ? files.map((f) => (typeof f === 'number' ? { ...this.freshRow(f), source: f } : f)) : files;
      // Summaries that move: every one when compacting, else only the new rows'.
      const moving = plan.filter((f): f is FreshFile & { source?: number } => typeof f !== 'number');
      const outFiles = compact ? [] : [...kept].sort((a, b) => a - b).map((i) => ({ old: i, ...this.files[i]! }));
      const fileIndex = new Map(outFiles.map((f, i) => [f.old, i]));
      const placed = new Map<FreshFile, { file: number; offset: number; length: number }>();
      if (moving.length > 0) {
        const name = `summaries-${randomHex()}.jsonl`;
        const size = this.writeSummaries(join(dir, name), moving, placed, outFiles.length);
        outFiles.push({ old: -1, name, size });
      }
      const names: string[] = [];
      const rows = new Float64Array(plan.length * WIDTH);
      let count = 0;
      for (const file of plan) {
        const at = count * WIDTH;
        if (typeof file === 'number') {
          rows.set(this.rows.subarray(file * WIDTH, file * WIDTH + WIDTH), at);
          rows[at + FILE] = fileIndex.get(this.rows[file * WIDTH + FILE]!)!;
          names.push(this.names[file]!);
        } else {
          const where = placed.get(file);
          if (!where || file.name.includes('\n')) continue; // its summary went away (a concurrent run): read it again next time
          writeRow(rows, at, file, where);
          names.push(file.name);
        }
        count++;
      }
      const namesBytes = Buffer.from(names.join('\n'), 'utf8');
      const header: Header = {
        format: FORMAT, version: VERSION, settings: settingsHash, settingsData: settings,
        files: outFiles.map(({ name, size }) => ({ name, size })), count, namesLength: namesBytes.length,
      };
      const headerBytes = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
      const rowsAt = align(headerBytes.length + namesBytes.length);
      const out = Buffer.alloc(rowsAt + count * WIDTH * 8);
      headerBytes.copy(out, 0);
      namesBytes.copy(out, headerBytes.length);
      Buffer.from(rows.buffer, 0, count * WIDTH * 8).copy(out, rowsAt);
      writeFileAtomic(join(dir, INDEX), out, { durable: false });
      // Summaries no index names any more go; those of the last minute may belong to a run that is
      // writing its index right now.
      const named = new Set(outFiles.map((f) => f.name));
      const ours = new Set(this.files.map((f) => f.name));
      for (const name of readdirSync(dir)) {
        if (name === 'index.json') rmSync(join(dir, name), { force: true }); // the index of tickler's first cache format
        if (!SUMMARIES.test(name) || named.has(name)) continue;
        const path = join(dir, name);
        if (ours.has(name) || Date.now() - statSync(path).mtimeMs > 60_000) rmSync(path, { force: true });
      }
    } catch {
      // not writable, or a concurrent run: fine, the next run reads more files
    }
  }

  /** A cached row as a FreshFile whose summary is still to be read (for compaction). */
  private freshRow(row: number): FreshFile {
    const at = row * WIDTH;
    const rows = this.rows;
    const flags = rows[at + FLAGS]!;
    const date = (key: number): IsoDate | null => (Number.isNaN(key) ? null : `${String(Math.floor(key / 10_000)).padStart(4, '0')}-${String(Math.floor(key / 100) % 100).padStart(2, '0')}-${String(key % 100).padStart(2, '0')}`);
    const birthdays: string[] = [];
    for (let slot = 0; slot < BIRTHDAY_SLOTS; slot++) {
      const key = rows[at + BIRTHDAYS + slot]!;
      if (key !== 0) birthdays.push(`${String(Math.floor(key / 100)).padStart(2, '0')}-${String(key % 100).padStart(2, '0')}`);
    }
    return {
      name: this.names[row]!,
      stamp: [rows[at + SIZE]!, rows[at + MTIME]!, rows[at + INO]!, rows[at + CTIME]!],
      valid: (flags & VALID) !== 0,
      due: date(rows[at + DUE]!),
      dropped: (flags & DROPPED) !== 0,
      complaintDue: date(rows[at + COMPLAINT]!),
      // more birthdays than a row has room for: the file is always wanted, which this keeps
      birthdays: (flags & MANY_BIRTHDAYS) !== 0 ? new Array<string>(BIRTHDAY_SLOTS + 1).fill('01-01') : birthdays,
      complete: (flags & COMPLETE) !== 0,
      summary: '',
    };
  }

  private writeSummaries(path: string, moving: readonly (FreshFile & { source?: number })[], placed: Map<FreshFile, { file: number; offset: number; length: number }>, index: number): number {
    const out = openSync(path, 'wx');
    try {
      let offset = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = () => {
        writeSync(out, Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      };
      for (const file of moving) {
        const bytes = file.source !== undefined ? this.summaryBytes(file.source) : Buffer.from(file.summary, 'utf8');
        if (bytes === undefined) continue;
        // copied: a window's bytes are overwritten when it moves
        pending.push(file.source !== undefined ? Buffer.from(bytes) : bytes, NEWLINE);
        pendingBytes += bytes.length + 1;
        if (pendingBytes > 1 << 20) flush();
        placed.set(file, { file: index, offset, length: bytes.length });
        offset += bytes.length + 1;
      }
      flush();
      return offset;
    } finally {
      closeSync(out);
    }
  }

  /** Lets go of the summaries files. */
  close(): void {
    for (const reader of this.readers) reader.close();
  }
}

function writeRow(rows: Float64Array, at: number, file: FreshFile, where: { file: number; offset: number; length: number }): void {
  rows[at + SIZE] = file.stamp[0];
  rows[at + MTIME] = file.stamp[1];
  rows[at + INO] = file.stamp[2];
  rows[at + CTIME] = file.stamp[3];
  const many = file.birthdays.length > BIRTHDAY_SLOTS;
  rows[at + FLAGS] = (file.valid ? VALID : 0) | (file.dropped ? DROPPED : 0) | (many ? MANY_BIRTHDAYS : 0) | (file.complete ? COMPLETE : 0);
  rows[at + DUE] = dateKey(file.due);
  rows[at + COMPLAINT] = dateKey(file.complaintDue);
  rows[at + FILE] = where.file;
  rows[at + OFFSET] = where.offset;
  rows[at + LENGTH] = where.length;
  for (let slot = 0; slot < BIRTHDAY_SLOTS; slot++) rows[at + BIRTHDAYS + slot] = many || slot >= file.birthdays.length ? 0 : monthDayKey(file.birthdays[slot]!);
}

const align = (n: number): number => Math.ceil(n / 8) * 8;

/** A name no other run picks: the time and some randomness, without loading crypto. */
function randomHex(): string {
  return `${Date.now().toString(16)}${Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, '0')}`;
}

const NEWLINE = Buffer.from('\n');
const WINDOW_BYTES = 4 << 20;
/** More summaries files than this and they are compacted into one. */
const MAX_SUMMARY_FILES = 12;
