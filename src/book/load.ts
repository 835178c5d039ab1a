// Loading a book: tickler.yaml and every dossier, each file on its own, so that one broken file
// never hides the rest. Every problem comes back as a diagnostic with file:line:column. The YAML
// readers live in parse.ts and are loaded only when a file has to be read: with an up-to-date
// cache under .tickler/, a read command loads none of them.
import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { IsoDate } from '../core/dates.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { Dossier, Settings } from '../core/model.js';
import { BookCache, CACHE_VERSION, SummaryWriter, freshFile, keyHashes, storeSummary, summaryOf, wantedKeys, type CachedFile, type FreshFile, type Stamp, type SummariesFile, type Summary, type Wanted, type WantedKeys } from './cache.js';
import { CLIENTS_DIR, MAX_FILE_BYTES, SETTINGS_FILE } from './discover.js';
import { inFolder, newStampSlots, stampReader } from './file-stamps.js';
import type { YamlFile } from './safe-yaml.js';
import { DayFile, PageParts, dayKey, readPage, writePage, type DaySummary, type KeptPage, type KeptPiece, type NewPiece, type PieceToKeep } from './day-file.js';
import { hasCustomParts } from './schema.js';
import { settingsFrom } from './settings.js';
import { LEAN_FROM, compileLean } from './lean-compile.js';
import { mark } from '../trace.js';

const CLIENT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RESERVED_NAMES = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** Why a string cannot be a client id, or undefined when it can. */
export function clientIdProblem(id: string): string | undefined {
  if (!CLIENT_ID.test(id)) return 'a client id is lowercase letters and digits, words joined by single "-"';
  if (id.length > 64) return 'a client id is at most 64 characters';
  if (RESERVED_NAMES.test(id)) return `"${id}" is a reserved device name on Windows`;
  return undefined;
}

export interface LoadedFile {
  /** Relative to the book: clients/acme.yaml */
  file: string;
  yaml?: YamlFile;
  problems: Diagnostic[];
}

export interface LoadedDossier extends LoadedFile {
  id: string;
  /** Absent when the file has errors: an invalid dossier yields no agenda item. */
  dossier?: Dossier;
  /** The plain data, when the file parsed (for checks that need the book's own fields). */
  data?: unknown;
}

export interface LoadedSettings extends LoadedFile {
  settings: Settings;
  /** A hash of the file's bytes: caches built under other settings are not used. */
  hash: string;
  /** The file's plain data, and its keys that had errors (they fall back to their defaults). */
  raw: Record<string, unknown>;
  broken: string[];
}

/** Settings as the cache keeps them: what they were made from, and the file's problems. */
export function settingsOf(hash: string, raw: Record<string, unknown>, broken: readonly string[], problems: Diagnostic[]): LoadedSettings {
  return { file: SETTINGS_FILE, problems, settings: settingsFrom(raw, new Set(broken)), hash, raw, broken: [...broken] };
}

export interface Book {
  root: string;
  settings: Settings;
  settingsFile: LoadedSettings;
  entries: LoadedDossier[];
  dossiers: Dossier[];
  today?: IsoDate;
  /** How many dossier files the book has (more than `entries` when the cache left clean ones out). */
  fileCount: number;
  /**
   * With LoadOptions.page: the page kept for exactly this state of the book's wanted dossiers
   * (see day-file.ts). `entries` and `dossiers` are then left empty: the page is all there is.
   */
  keptPage?: KeptPage;
  /** With LoadOptions.page: keeps the page made from these entries, when they can be kept. */
  keepPage?: (page: KeptPage) => void;
  /**
   * With LoadOptions.parts: the kept pieces of the page (see PageParts) of the unchanged dossiers,
   * by file name; those dossiers are then not among `entries`. `width`: their name column;
   * `rest()` adds the dossiers to `entries` and `dossiers` (for a page that cannot use them).
   */
  parts?: { pieces: Map<string, KeptPiece>; width: number; rest: () => Promise<void> };
  /** With LoadOptions.parts: keeps the pieces of the page made now, `pieceOf` a file's (none: the file gives none). */
  keepParts?: (width: number, pieceOf: (name: string) => PieceToKeep | undefined) => void;
}

/** Reads a file of the book safely: size checked before reading, links out of the book refused. */
export function readBookFile(root: string, file: string): { bytes?: Uint8Array; problem?: Diagnostic } {
  const path = join(root, file);
  const at = (rule: string, message: string, hint?: string): { problem: Diagnostic } => ({
    problem: { file, line: 1, column: 1, severity: 'error', rule, message, ...(hint ? { hint } : {}) },
  });
  try {
    const link = lstatSync(path);
    if (link.isSymbolicLink()) {
      const target = realpathSync(path);
      const clients = realpathSync(join(root, CLIENTS_DIR));
      if (!target.startsWith(clients + sep)) return at('link-outside', 'a symbolic link that leads out of clients/ is not read', 'replace the link with the file itself');
    }
    const stat = statSync(path);
    if (!stat.isFile()) return at('not-a-file', 'not a regular file');
    if (stat.size > MAX_FILE_BYTES) {
      return at('file-too-large', `file is ${stat.size} bytes; the limit is ${MAX_FILE_BYTES}`, 'a dossier is one client; move old material out of the file');
    }
    return { bytes: readFileSync(path) };
  } catch (error) {
    return at('unreadable', `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** A 64-bit FNV-1a hash of some bytes, as hex: enough to tell settings apart, without loading crypto. */
export function contentHash(bytes: Uint8Array): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (const byte of bytes) {
    low ^= byte;
    // multiply the 64-bit value by the FNV prime 0x100000001b3, in two 32-bit halves
    const lowProduct = low * 0x1b3;
    high = (Math.imul(high, 0x1b3) + Math.imul(low, 0x100) + Math.floor(lowProduct / 0x100000000)) >>> 0;
    low = lowProduct >>> 0;
  }
  return `${high.toString(16).padStart(8, '0')}${low.toString(16).padStart(8, '0')}:${bytes.length}`;
}

/** File names in clients/ that are dossiers (*.yaml), sorted unless `sorted` is false. Other files are not the book's business. */
export function dossierFileNames(root: string, sorted = true): string[] {
  try {
    const names = readdirSync(join(root, CLIENTS_DIR)).filter((name) => name.endsWith('.yaml') && !name.startsWith('.'));
    return sorted ? names.sort() : names;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export interface LoadOptions {
  /** Settles "today" once the settings (and so the time zone) are known; enables date checks. */
  todayOf?: (settings: Settings) => IsoDate;
  /** Only these file names of clients/ (the settings are always read). */
  only?: readonly string[];
  /** Read with the fast parser where it gives the same answer (see DossierContext.fast). */
  fast?: boolean | 'complete';
  /** Called every so often with the number of files read, for a progress indicator. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Use the index under .tickler/ (read commands): unchanged files are not read again, and with
   * `wanted`, only the dossiers that can appear on those dividers are loaded (the short form kept
   * in the cache: the last contact instead of the whole log, open complaints only).
   */
  cache?: boolean;
  wanted?: (today: IsoDate | undefined, settings: Settings) => Wanted | undefined;
  /**
   * With `wanted`: what the page to be made of the book depends on besides its dossiers (the
   * view, format, date, colours...; called after `wanted`). A page kept for the same key and
   * the same versions of the wanted files comes back as Book.keptPage instead of the dossiers.
   */
  page?: (settings: Settings) => string;
  /** With `page`: the page can be put together from pieces kept by dossier (today's text). */
  parts?: boolean;
  /**
   * validate, through the cache: every problem of every file. Rows kept without all of them (a
   * book with its own fields or forms, read by another command) are read again, and `check`
   * (made once the settings are known) adds the findings of those fields and forms before the
   * rows are kept. Findings that depend on the date (dayFindings) are never kept.
   */
  complete?: { check?: (settings: Settings) => Promise<((entry: LoadedDossier) => Diagnostic[]) | undefined> };
  // (with `complete`, entries' problems include those findings, and only files with something to
  // say are loaded when `todayOf` is given: Book.fileCount counts them all)
}

type Parser = typeof import('./parse.js');
type Share = import('./parallel-read.js').Share;

/** From this many changed files on, a second thread reads half of them (it costs more to start than it saves below). */
const PARALLEL_FROM = 1500;
/** From this many files on, a second thread helps with their stamps (it takes ~40 ms to start). */
const SHARE_STAMPS_FROM = 30_000;
/** Numbers a file in the shared stamps (stat-share.ts SLOTS). */
const SHARED_SLOTS = 5;

/** The whole book (or the named dossiers of it). */
export async function loadBook(root: string, options: LoadOptions = {}): Promise<Book> {
  if (options.cache && !options.only) return loadWithCache(root, options);
  const parse = await import('./parse.js');
  const settingsFile = parse.loadSettings(root, options.fast === true);
  const today = options.todayOf?.(settingsFile.settings);
  const context = parse.dossierContext(settingsFile.settings, today, options.fast ?? false);
  const names = options.only ?? dossierFileNames(root);
  const entries: LoadedDossier[] = [];
  for (const name of names) {
    entries.push(parse.loadDossier(root, name, context));
    if (options.onProgress && entries.length % 200 === 0) options.onProgress(entries.length, names.length);
  }
  const dossiers: Dossier[] = [];
  for (const entry of entries) if (entry.dossier) dossiers.push(entry.dossier);
  return { root, settings: settingsFile.settings, settingsFile, entries, dossiers, ...(today ? { today } : {}), fileCount: entries.length };
}

function entryFromSummary(name: string, summary: Summary, complete: boolean): LoadedDossier {
  const problems = complete && summary.custom.length > 0 ? [...summary.problems, ...summary.custom] : summary.problems;
  const entry: LoadedDossier = { id: name.replace(/\.yaml$/, ''), file: `${CLIENTS_DIR}/${name}`, problems };
  if (summary.dossier) entry.dossier = summary.dossier;
  return entry;
}

/** A file of clients/ that must be read: its name, stamp, and its place among the rows. */
interface StaleFile {
  name: string;
  stamp: Stamp;
  at: number;
}

/** The book through the cache: only changed files are read, only wanted summaries are parsed. */
async function loadWithCache(root: string, options: LoadOptions): Promise<Book> {
  // The settings come from the cache when tickler.yaml has not changed (same bytes).
  const read = readBookFile(root, SETTINGS_FILE);
  const hash = read.bytes ? contentHash(read.bytes) : '';
  const cache = BookCache.read(root, hash);
  mark(`index read (${cache.count} rows)`);
  let parse: Parser | undefined;
  const parser = async () => (parse ??= await import('./parse.js'));
  const settingsFile = cache.settings
    ? settingsOf(hash, cache.settings.raw, cache.settings.broken, cache.settings.problems)
    : ((await import('./dossier-read.js')).quickSettings(read.bytes) ?? (await parser()).settingsFromBytes(read.bytes ?? read.problem!, true));
  const settings = settingsFile.settings;
  const cachedSettings = { raw: settingsFile.raw, broken: settingsFile.broken, problems: settingsFile.problems };
  const today = options.todayOf?.(settings);
  const wanted = options.wanted?.(today, settings);
  const keys = wanted ? wantedKeys(wanted) : undefined;
  // The summaries the same view showed last time, in one file (see day-file.ts).
  const viewKey = keys && !options.complete && hash !== '' ? dayKey(CACHE_VERSION, hash, keys) : undefined;
  const day = viewKey ? DayFile.read(root, viewKey) : undefined;
  const pageKey = viewKey && options.page ? options.page(settings) : undefined;
  const keptPage = day && pageKey ? readPage(root, day.id, pageKey) : undefined;
  const fromDay = (row: number): Summary | undefined => {
    if (!day) return undefined;
    const [size, mtime, ino, ctime] = cache.stampOf(row);
    const summary = day.summaryOf(cache.nameOf(row), size, mtime, ino, ctime);
    if (summary) dayHits++;
    return summary;
  };
  let dayHits = 0;
  const startedAt = Date.now();
  // In the order of the listing (the same as last time when nothing was added or removed); the
  // folder is listed only when its stamp says that entries came or went since the last run.
  const clientsPath = join(root, CLIENTS_DIR);
  const folder = statSync(clientsPath, { throwIfNoEntry: false });
  const listing: Stamp | undefined = folder?.isDirectory() ? [folder.size, folder.mtimeMs, folder.ino, folder.ctimeMs] : undefined;
  const known = cache.listedNames(listing);
  const names = known ?? dossierFileNames(root, false);
  mark(known ? 'names from the index' : 'clients/ listed');
  // (validate of a book with its own fields and forms checks them here; a worker cannot)
  let check: ((entry: LoadedDossier) => Diagnostic[]) | undefined;
  let checked = false;
  const customCheck = async () => {
    if (!checked) check = await options.complete?.check?.(settings);
    checked = true;
    return check;
  };
  // A first run over a big book: a second thread and this one take chunks of the listing from a
  // shared counter, and stat and read them (whichever is quicker takes more).
  let early: { share: Share; control: Int32Array; takeChunk: typeof import('./parallel-read.js').takeChunk } | undefined;
  if (cache.count === 0 && hash !== '' && names.length >= PARALLEL_FROM && !(await customCheck())) {
    const control = new Int32Array(new SharedArrayBuffer(4));
    const { takeChunk, readInWorker } = await import('./parallel-read.js');
    const share = readInWorker(root, { hash, ...cachedSettings }, keys, startedAt, names, undefined, control);
    if (share) early = { share, control, takeChunk };
  }
  const mineCount = early ? 0 : names.length;
  const current: CachedFile[] = new Array(names.length);
  // First every stamp (cheap), then the files that changed: on two threads when there are many.
  const stale: StaleFile[] = [];
  const links: string[] = [];
  let kept = 0;
  // (anything but a plain file is read anew every run: links, and files gone since the listing)
  const stamp = newStampSlots();
  // A big book: a second thread helps with the stamps, and this one, before it joins in, reads
  // the summaries it will most likely show (those the index says are wanted; used only for the
  // rows whose files turn out unchanged).
  let shared: Float64Array | undefined;
  let prefetched: (Summary | undefined)[] | undefined;
  if (!early && names.length >= SHARE_STAMPS_FROM) {
    const share = (await import('./stat-share.js')).startStatShare(clientsPath, names, known ? cache.namesText : names.join('\n'));
    if (share) {
      // (not when a page is kept and the day file has a card for every wanted row: then only
      // the stamps remain to be seen)
      if (known && !options.complete && !(keptPage && dayHasWanted(cache, day!, keys))) {
        prefetched = new Array<Summary | undefined>(names.length);
        const rows: number[] = [];
        for (let row = 0; row < names.length; row++) {
          if (!cache.isWanted(row, keys)) continue;
          const kept = fromDay(row);
          if (kept) prefetched[row] = kept;
          else rows.push(row);
        }
        cache.summariesOf(rows).forEach((summary, i) => (prefetched![rows[i]!] = summary));
        mark(`summaries read ahead (${rows.length})`);
      }
      shared = share.finish();
      mark('stamps (two threads)');
    }
  }
  const stampFrom = (shared: Float64Array) => (i: number, slots: Float64Array) => {
    const at = i * SHARED_SLOTS;
    if (shared[at] !== 1) return false;
    slots[0] = shared[at + 1]!;
    slots[1] = shared[at + 2]!;
    slots[2] = shared[at + 3]!;
    slots[3] = shared[at + 4]!;
    return true;
  };
  const survey = (from: number, to: number) =>
    inFolder(clientsPath, sep, (prefix) => {
      const stampOf = stampReader(to > from && !shared ? prefix + names[from] : undefined);
      const stampAt = shared ? stampFrom(shared) : (i: number, slots: Float64Array) => stampOf(prefix + names[i]!, slots);
      for (let i = from; i < to; i++) {
        const name = names[i]!;
        if (!stampAt(i, stamp)) {
          links.push(name);
          continue;
        }
        // (compared field by field: no stamp is made for the unchanged files, 100,000 of them at most)
        const row = cache.rowOf(name, i);
        if (row >= 0 && cache.sameStamp(row, stamp[0]!, stamp[1]!, stamp[2]!, stamp[3]!) && (!options.complete || cache.isComplete(row))) current[kept++] = row;
        else stale.push({ name, stamp: [stamp[0]!, stamp[1]!, stamp[2]!, stamp[3]!], at: kept++ });
      }
    });
  survey(0, mineCount);
  mark(`stamps compared (${stale.length} changed)`);
  // (a folder whose stamp has settled since the last run is a reason to write the index: the
  // next runs need not list it)
  const settledListing = listing !== undefined && startedAt - Math.max(listing[1], listing[3]) > 2_000 ? listing : undefined;
  const nameless = known === undefined && names.some((name) => name.includes('\n'));
  const keepListing = settledListing !== undefined && links.length === 0 && !nameless;
  const changed = early !== undefined || stale.length > 0 || kept !== cache.count || !cache.settings || (keepListing && known === undefined);
  const uncachable: LoadedDossier[] = [];
  // Whether this run wrote the index (then a row whose summary does not read back is dropped by a later one, below).
  let wrote = false;
  if (changed || links.length > 0) {
    // The quick reader for every file; the full one (parse.ts, with the general YAML parsers)
    // only for those it leaves, and loaded only if there are any.
    const { dossierContext, quickDossier } = await import('./dossier-read.js');
    // (after that import: its code cache is made under the usual flags)
    if (stale.length + (early ? names.length : 0) >= LEAN_FROM) compileLean();
    // Rows are kept without today's date: what a file says does not change overnight.
    const context = dossierContext(settings, undefined, 'complete');
    if (stale.length > 0 || links.length > 0) await customCheck();
    const complete = !hasCustomParts(settings) || check !== undefined;
    // Many changed files (a pull, a new version of tickler): a second thread reads half of them.
    const half = !early && stale.length >= PARALLEL_FROM && !check ? Math.floor(stale.length / 2) : stale.length;
    const theirs = stale.slice(half);
    const late = theirs.length > 0 ? (await import('./parallel-read.js')).readInWorker(root, { hash, ...cachedSettings }, keys, startedAt, theirs.map((s) => s.name), theirs.map((s) => s.stamp)) : undefined;
    const mine = late ? stale.slice(0, half) : stale;
    const step = late ? 2 : 1;
    // Summaries go to disk as they are made; only those of wanted rows stay in memory.
    const writer = hash !== '' ? SummaryWriter.in(root) : undefined;
    const fresh = (name: string, stamp: Stamp, entry: LoadedDossier): FreshFile => {
      const custom = check ? check(entry) : [];
      return storeSummary(freshFile(name, stamp, settings, entry.dossier, entry.problems, complete, custom), writer, (file) => cache.isWanted(file, keys), startedAt);
    };
    const readFully = async (files: readonly StaleFile[]) => {
      if (files.length === 0) return;
      const { loadDossier } = await parser();
      for (const { name, stamp, at } of files) current[at] = fresh(name, stamp, loadDossier(root, name, context));
    };
    const readAll = async (files: readonly StaleFile[]) => {
      const slow: StaleFile[] = [];
      // (from inside clients/, as the stamps: shorter paths to open)
      inFolder(clientsPath, sep, (prefix) =>
        files.forEach((file, i) => {
          const entry = quickDossier(root, file.name, context, prefix + file.name);
          if (entry) current[file.at] = fresh(file.name, file.stamp, entry);
          else slow.push(file);
          if (options.onProgress && (i + 1) % 500 === 0) options.onProgress((i + 1) * step, stale.length);
        }),
      );
      await readFully(slow);
    };
    const written: SummariesFile[] = [];
    if (early) {
      // Stamps and reads the names `next` gives (from -1, until it says -1) into their places in
      // `current`; a name that is not a plain file is left a hole there.
      const mine = new Uint8Array(names.length);
      let count = 0;
      const readListed = async (next: (at: number) => number) => {
        const slow: StaleFile[] = [];
        inFolder(clientsPath, sep, (prefix) => {
          const stampOf = stampReader(prefix + names[0]);
          for (let i = next(-1); i >= 0; i = next(i)) {
            const name = names[i]!;
            mine[i] = 1;
            if (!stampOf(prefix + name, stamp)) continue;
            const fileStamp: Stamp = [stamp[0]!, stamp[1]!, stamp[2]!, stamp[3]!];
            const entry = quickDossier(root, name, context, prefix + name);
            if (entry) current[i] = fresh(name, fileStamp, entry);
            else slow.push({ name, stamp: fileStamp, at: i });
            if (++count % 500 === 0 && options.onProgress) options.onProgress(Math.min(names.length, count * 2), names.length);
          }
        });
        await readFully(slow);
      };
      let end = 0;
      const { control, takeChunk } = early;
      await readListed((at) => {
        if (at + 1 < end) return at + 1;
        const chunk = takeChunk(control, names.length);
        if (!chunk) return -1;
        end = chunk.to;
        return chunk.from;
      });
      mark(`${count} files read here`);
      const result = await early.share.collect();
      if (result?.indices) {
        if (result.written) written.push(result.written);
        const { files, indices } = result;
        for (let k = 0; k < indices.length; k++) if (files[k]) current[indices[k]!] = files[k]!;
      } else {
        // the worker failed: this thread reads what it had not
        await readListed((at) => {
          for (let i = at + 1; i < names.length; i++) if (mine[i] === 0) return i;
          return -1;
        });
      }
      mark("the worker's files collected");
      // (in the order of the listing, without the holes)
      for (let i = 0; i < names.length; i++) {
        const file = current[i];
        if (file === undefined) links.push(names[i]!);
        else current[kept++] = file;
      }
    } else {
      await readAll(mine);
      mark(`${mine.length} changed files read here`);
    }
    if (late) {
      const result = await late.collect();
      if (result) {
        if (result.written) written.push(result.written);
        result.files.forEach((file, i) => (current[theirs[i]!.at] = file!));
      } else await readFully(theirs);
      mark("the worker's files collected");
    }
    current.length = kept;
    if (links.length > 0) {
      const { loadDossier } = await parser();
      for (const name of links) {
        const entry = loadDossier(root, name, context);
        if (check) entry.problems.push(...check(entry));
        uncachable.push(entry.dossier ? { ...entry, dossier: summaryOf(entry.dossier) } : entry);
      }
    }
    const mineWritten = writer?.close();
    if (mineWritten) written.push(mineWritten);
    // A file modified within the clock's resolution of being read could change again unnoticed on
    // a file system with coarse times (same size, same times): such rows are used now, kept later.
    const settled = (file: CachedFile) => typeof file === 'number' || startedAt - file.stamp[1] > 2_000;
    const rows = current.filter(settled);
    // The folder's stamp is kept under the same rule, and only when every entry has a row.
    const listed = keepListing && links.length === 0 && rows.length === current.length ? settledListing : undefined;
    mark('changed files read');
    // (links alone, read anew every run, change nothing the index holds)
    if (hash !== '' && changed) {
      cache.write(rows, hash, cachedSettings, written, listed);
      wrote = true;
    }
    mark('index written');
  } else current.length = kept;
  const entries: LoadedDossier[] = [...uncachable];
  // validate needs only the files with something to say (see BookCache.needsCheck)
  const linkKeys = uncachable.flatMap((entry) => (entry.dossier ? keyHashes(entry.dossier) : []));
  const selected = options.complete && today !== undefined ? cache.needsCheck(current, today, linkKeys) : undefined;
  const shown = current.filter((file, i) => (selected ? selected[i] : cache.isWanted(file, keys)));
  // The day file has a card for every file shown, of its very version, and for no other file:
  // the page made now would be the one made from the day file.
  const exact =
    day !== undefined &&
    uncachable.length === 0 &&
    shown.length === day.size &&
    shown.every((file) => {
      if (typeof file !== 'number') return false;
      const [size, mtime, ino, ctime] = cache.stampOf(file);
      return day.has(cache.nameOf(file), size, mtime, ino, ctime);
    });
  const fileCount = current.length + uncachable.length;
  if (exact && keptPage) {
    cache.close();
    mark('the kept page holds');
    return { root, settings, settingsFile, entries: [], dossiers: [], ...(today ? { today } : {}), fileCount, keptPage };
  }
  let keepPage: ((page: KeptPage) => void) | undefined;
  const keepFor = (dayId: string): typeof keepPage => (pageKey === undefined ? undefined : (page) => writePage(root, dayId, pageKey, page));
  if (exact) keepPage = keepFor(day.id);
  const batch = new Map<number, Summary | undefined>();
  const unreadable = new Set<number>();
  const freshSummaries = new Map<FreshFile, Summary | undefined>();
  const unread: number[] = [];
  // The pieces of the page that unchanged dossiers gave it, when the page itself does not hold:
  // those dossiers are not read (used only with a card in the day file, which the next one copies).
  const pieces = options.parts && viewKey !== undefined && pageKey !== undefined && day !== undefined && !exact && uncachable.length === 0 ? PageParts.read(root, viewKey, pageKey) : undefined;
  const partPieces = new Map<string, KeptPiece>();
  const parted = new Set<number>();
  for (const file of shown) {
    if (typeof file !== 'number' || prefetched?.[file] !== undefined) continue;
    if (pieces) {
      const name = cache.nameOf(file);
      const [size, mtime, ino, ctime] = cache.stampOf(file);
      const piece = day!.has(name, size, mtime, ino, ctime) ? pieces.pieceOf(name, size, mtime, ino, ctime) : undefined;
      if (piece !== undefined) {
        partPieces.set(name, piece);
        parted.add(file);
        continue;
      }
    }
    const kept = fromDay(file);
    if (kept) batch.set(file, kept);
    else unread.push(file);
  }
  // (the rows' summaries in one batch, read in the order they lie in their files)
  cache.summariesOf(unread).forEach((summary, i) => batch.set(unread[i]!, summary));
  mark(`summaries read (${unread.length})`);
  for (const file of shown) {
    if (typeof file === 'number' && parted.has(file)) continue;
    const name = cache.nameOf(file);
    let summary = typeof file === 'number' ? (prefetched?.[file] ?? batch.get(file)) : undefined;
    if (typeof file !== 'number') freshSummaries.set(file, (summary = cache.summary(file)));
    if (summary) entries.push(entryFromSummary(name, summary, options.complete !== undefined));
    else {
      // its summaries file went away (a concurrent run compacted it), or the summary does not
      // read back as written: read the file itself
      if (typeof file === 'number') unreadable.add(file);
      const { dossierContext, loadDossier } = await parser();
      const entry = loadDossier(root, name, dossierContext(settings, undefined, options.fast === 'complete' ? 'complete' : true));
      entries.push(entry.dossier ? { ...entry, dossier: summaryOf(entry.dossier) } : entry);
    }
  }
  // Rows whose summaries could not be read are dropped from the index: the next run reads those
  // files again and keeps them anew, rather than every run reading them (a garbled summaries file).
  // Only from the index as this run read it, unchanged: after a write of this run (which may have
  // compacted the summaries away from under it) the next run that changes nothing does it.
  if (unreadable.size > 0) mark(`${unreadable.size} summaries unreadable: their files read`);
  if (unreadable.size > 0 && hash !== '' && !wrote) {
    // (without the stamp of clients/: its listing has names the index now lacks)
    cache.write(current.filter((file) => typeof file !== 'number' || !unreadable.has(file)), hash, cachedSettings);
    mark('index written without their rows');
  }
  cache.close();
  mark('shown entries made');
  // A new day file when there was none, or it missed more than a tenth of what was shown (or
  // anything, for a page that could be kept).
  if (viewKey && shown.length > 0 && (dayHits < shown.length * 0.9 || (pageKey !== undefined && !exact))) {
    const kept: DaySummary[] = [];
    for (const file of shown) {
      // (a dossier whose piece of the page was used has its card copied from the day file)
      if (typeof file === 'number' && parted.has(file)) {
        kept.push({ name: cache.nameOf(file), stamp: cache.stampOf(file) });
        continue;
      }
      const summary = typeof file === 'number' ? (prefetched?.[file] ?? batch.get(file)) : startedAt - file.stamp[1] > 2_000 ? freshSummaries.get(file) : undefined;
      if (summary) kept.push({ name: cache.nameOf(file), stamp: typeof file === 'number' ? cache.stampOf(file) : file.stamp, summary });
    }
    const id = DayFile.write(root, viewKey, kept, day);
    if (id && kept.length === shown.length && uncachable.length === 0) keepPage = keepFor(id);
    mark('day file written');
  }
  const byFile = (a: LoadedDossier, b: LoadedDossier) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  entries.sort(byFile);
  const dossiers: Dossier[] = [];
  for (const entry of entries) if (entry.dossier) dossiers.push(entry.dossier);
  const book: Book = { root, settings, settingsFile, entries, dossiers, ...(today ? { today } : {}), fileCount, ...(keepPage ? { keepPage } : {}) };
  if (parted.size > 0) {
    const rest = async () => {
      for (const row of parted) {
        const name = cache.nameOf(row);
        const summary = fromDay(row);
        if (summary) entries.push(entryFromSummary(name, summary, false));
        else {
          // a garbled card: the file itself
          const { dossierContext, loadDossier } = await parser();
          const entry = loadDossier(root, name, dossierContext(settings, undefined, true));
          entries.push(entry.dossier ? { ...entry, dossier: summaryOf(entry.dossier) } : entry);
        }
      }
      parted.clear();
      entries.sort(byFile);
      dossiers.length = 0;
      for (const entry of entries) if (entry.dossier) dossiers.push(entry.dossier);
      delete book.parts;
    };
    book.parts = { pieces: partPieces, width: pieces!.width, rest };
    mark(`pieces of ${parted.size} dossiers from the last page`);
  }
  if (options.parts && viewKey !== undefined && pageKey !== undefined && uncachable.length === 0) {
    // every file shown, settled, without errors (an error is shown from the file's problems)
    const files: { name: string; stamp: Stamp }[] = [];
    const errors = new Set<string>();
    for (const entry of entries) if (entry.problems.some((p) => p.severity === 'error')) errors.add(entry.file);
    for (const file of shown) {
      if (typeof file === 'number') files.push({ name: cache.nameOf(file), stamp: cache.stampOf(file) });
      else if (startedAt - file.stamp[1] > 2_000) files.push({ name: file.name, stamp: file.stamp });
    }
    book.keepParts = (width, pieceOf) => {
      const parts: NewPiece[] = [];
      for (const { name, stamp } of files) {
        const piece = errors.has(`${CLIENTS_DIR}/${name}`) ? undefined : pieceOf(name);
        if (piece !== undefined) parts.push({ name, stamp, ...piece });
      }
      PageParts.write(root, viewKey, pageKey, width, parts);
    };
  }
  return book;
}

/** Whether `day` has a card for each row of the index that `keys` want, and no more. */
function dayHasWanted(cache: BookCache, day: DayFile, keys: WantedKeys | undefined): boolean {
  let wanted = 0;
  for (let row = 0; row < cache.count; row++) {
    if (!cache.isWanted(row, keys)) continue;
    const [size, mtime, ino, ctime] = cache.stampOf(row);
    if (++wanted > day.size || !day.has(cache.nameOf(row), size, mtime, ino, ctime)) return false;
  }
  return wanted === day.size;
}

/** Every problem of the book, settings first, then by file and position. */
export function bookProblems(book: Book): Diagnostic[] {
  return [...book.settingsFile.problems, ...book.entries.flatMap((e) => e.problems)];
}
