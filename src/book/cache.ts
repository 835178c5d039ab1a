// The local index under .tickler/: for each dossier, what the read commands need, keyed by the
// file's size, mtime, inode and ctime, so that any change to a file is noticed. A cache that is
// missing, corrupt, foreign, of another version or of other settings is ignored and rebuilt; a
// cache that cannot be written is simply not written. It never changes the book itself.
//
// index.json: { format, version, settings, summaries, rows: [row…] }, one small row per file with
// the dates that decide whether the file matters to a given day; the summaries (a short form of
// the dossier, or the problems of a broken file) are JSON lines in a separate file, read by byte
// offset only for the rows that matter, so `today` on 100,000 dossiers parses a few dozen.
import { closeSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { filingOf, isDropped } from '../core/agenda.js';
import { addDays, birthdayMonthDay, isValidDate, type IsoDate } from '../core/dates.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { lastContact, type Dossier, type Settings } from '../core/model.js';
import { BUILD } from '../version.js';
import { cacheDir, CACHE_DIR } from './lock.js';
import { writeFileAtomic } from './write.js';

const FORMAT = 1;
const INDEX = 'index.json';

/** What identifies one version of a file: size, mtime, inode, ctime. */
export type Stamp = readonly [size: number, mtimeMs: number, ino: number, ctimeMs: number];

/** One file's row: [name, ...stamp, valid, due, dropped, complaintDue, birthdays, offset, length]. */
type Row = [string, number, number, number, number, 0 | 1, string | null, 0 | 1, string | null, string | null, number, number];

export interface CachedFile {
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
  /** The summary, a short dossier (valid) or the problems (invalid) as JSON: its text, or where it sits in the summaries file. */
  summary: string | { offset: number; length: number };
}

/** Which dossiers a command needs: those that can appear on the dividers from `from` to `until`. */
export interface Wanted {
  from: IsoDate;
  until: IsoDate;
}

export function sameStamp(a: Stamp, b: Stamp): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** The short form kept in the cache: what agendas, lists and searches read, not the whole history. */
export function summaryOf(dossier: Dossier): Dossier {
  const last = lastContact(dossier);
  return { ...dossier, log: last ? [last] : [], complaints: dossier.complaints.filter((c) => c.resolved === undefined) };
}

export function cachedFileOf(name: string, stamp: Stamp, settings: Settings, dossier: Dossier | undefined, problems: readonly Diagnostic[]): CachedFile {
  if (!dossier) return { name, stamp, valid: false, due: null, dropped: false, complaintDue: null, birthdays: [], summary: JSON.stringify(problems) };
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
    summary: JSON.stringify(summaryOf(dossier)),
  };
}

/** The month-days (MM-DD) of the dividers from `from` to `until` whose birthdays show (29 Feb on 28 Feb in other years). */
export function birthdayKeys(wanted: Wanted): ReadonlySet<string> {
  const keys = new Set<string>();
  for (let day = wanted.from, n = 0; day <= wanted.until && n < 400; n++, day = addDays(day, 1)) {
    keys.add(day.slice(5));
    if (day.slice(5) === '02-28' && !isValidDate(`${day.slice(0, 4)}-02-29`)) keys.add('02-29');
  }
  return keys;
}

/** Whether a dossier can appear on the dividers of `wanted` (every broken file is wanted: it is a problem to report). */
export function isWanted(file: CachedFile, wanted: Wanted | undefined, birthdays: ReadonlySet<string>): boolean {
  if (!wanted || !file.valid || file.dropped) return true;
  if (file.due !== null && file.due <= wanted.until) return true;
  if (file.complaintDue !== null && file.complaintDue <= wanted.until) return true;
  for (const monthDay of file.birthdays) if (birthdays.has(monthDay)) return true;
  return false;
}

/** A cache as read from disk: rows by file name, and a way to read their summaries. */
export class BookCache {
  private window: Buffer | undefined;
  private windowStart = 0;
  private fd: number | undefined;

  private constructor(
    private readonly root: string,
    readonly files: Map<string, CachedFile>,
    private readonly summariesName: string | undefined,
  ) {}

  /** The cache of a book, or an empty one when there is none fit for these settings. */
  static read(root: string, settingsHash: string): BookCache {
    try {
      const index = JSON.parse(readFileSync(join(root, CACHE_DIR, INDEX), 'utf8')) as {
        format?: unknown; version?: unknown; settings?: unknown; summaries?: unknown; rows?: unknown;
      };
      if (index.format !== FORMAT || index.version !== BUILD || index.settings !== settingsHash) throw new Error('foreign');
      if (typeof index.summaries !== 'string' || !/^summaries-[0-9a-f]+\.jsonl$/.test(index.summaries) || !Array.isArray(index.rows)) throw new Error('corrupt');
      const files = new Map<string, CachedFile>();
      for (const row of index.rows as Row[]) {
        const [name, size, mtime, ino, ctime, valid, due, dropped, complaintDue, birthdays, offset, length] = row;
        files.set(name, {
          name, stamp: [size, mtime, ino, ctime], valid: valid === 1, due, dropped: dropped === 1, complaintDue,
          birthdays: birthdays ? birthdays.split(',') : [],
          summary: { offset, length },
        });
      }
      return new BookCache(root, files, index.summaries);
    } catch {
      return new BookCache(root, new Map(), undefined);
    }
  }

  /**
   * The summary of a file as UTF-8; undefined if the summaries file is gone or short. Summaries
   * are read through a window of a few megabytes that moves forward as rows are read in order,
   * so neither a few lookups nor a full rewrite hold the whole file in memory.
   */
  summaryBytes(file: CachedFile): Buffer | undefined {
    if (typeof file.summary === 'string') return Buffer.from(file.summary, 'utf8');
    const { offset, length } = file.summary;
    try {
      if (!this.window || offset < this.windowStart || offset + length > this.windowStart + this.window.length) {
        this.fd ??= openSync(join(this.root, CACHE_DIR, this.summariesName!), 'r');
        const size = Math.max(length, WINDOW_BYTES);
        const buffer = Buffer.allocUnsafe(size);
        const read = readSync(this.fd, buffer, 0, size, offset);
        this.window = buffer.subarray(0, read);
        this.windowStart = offset;
      }
      const start = offset - this.windowStart;
      return start + length <= this.window.length ? Buffer.from(this.window.subarray(start, start + length)) : undefined;
    } catch {
      return undefined;
    }
  }

  summaryText(file: CachedFile): string | undefined {
    if (typeof file.summary === 'string') return file.summary;
    return this.summaryBytes(file)?.toString('utf8');
  }

  /**
   * Writes the cache for `files` (the book as it is now). Best effort: a read-only book, a full
   * disk or a concurrent writer only means the next run reads more files.
   */
  write(files: readonly CachedFile[], settingsHash: string): void {
    let out: number | undefined;
    try {
      const dir = cacheDir(this.root);
      // A new name each time: nobody reads it until the index that names it is in place.
      const summariesName = `summaries-${randomBytes(6).toString('hex')}.jsonl`;
      out = openSync(join(dir, summariesName), 'wx');
      const rows: Row[] = [];
      let offset = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = () => {
        writeSync(out!, Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      };
      for (const file of files) {
        const bytes = this.summaryBytes(file);
        if (bytes === undefined) continue; // its summary went away (a concurrent run): read it again next time
        pending.push(bytes, NEWLINE);
        pendingBytes += bytes.length + 1;
        if (pendingBytes > 1 << 20) flush();
        rows.push([
          file.name, file.stamp[0], file.stamp[1], file.stamp[2], file.stamp[3], file.valid ? 1 : 0, file.due,
          file.dropped ? 1 : 0, file.complaintDue, file.birthdays.length ? file.birthdays.join(',') : null, offset, bytes.length,
        ]);
        offset += bytes.length + 1;
      }
      flush();
      closeSync(out);
      out = undefined;
      const index = JSON.stringify({ format: FORMAT, version: BUILD, settings: settingsHash, summaries: summariesName, rows });
      writeFileAtomic(join(dir, INDEX), index, { durable: false });
      // Older summaries go; those of the last minute may belong to a run that is writing its index now.
      for (const name of readdirSync(dir)) {
        if (!/^summaries-[0-9a-f]+\.jsonl$/.test(name) || name === summariesName) continue;
        const path = join(dir, name);
        if (name === this.summariesName || Date.now() - statSync(path).mtimeMs > 60_000) rmSync(path, { force: true });
      }
    } catch {
      // not writable, or a concurrent run: fine, the next run reads more files
      if (out !== undefined) closeSync(out);
    }
  }

  /** Lets go of the summaries file. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

const NEWLINE = Buffer.from('\n');
const WINDOW_BYTES = 4 << 20;
