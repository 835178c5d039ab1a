// The book behind one narrow interface: every command reaches the settings, the dossiers and
// their problems here, and changes dossiers here. How answers stay fast (an index of every file's
// stamp and facts, the summaries of the dossiers, finished output kept for an unchanged book) is
// the store's own business: no command knows that .tickler/ exists.
//
// How it works: the index (cache/index.ts) says, for every file of clients/ as it was last read,
// its stamp, its facts and where its summary is. Each run lists clients/ and stats every file;
// a file whose stamp differs is read again (on two threads when there are many), and the index
// is written anew. A command asks for the summaries its view needs (by their facts), or for the
// output it printed last time for this very version of the book.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { mayAppear, type DayRange, type Facts } from '../core/agenda.js';
import { pathLabel, type Diagnostic, type Finding } from '../core/diagnostics.js';
import type { Dossier, Settings } from '../core/model.js';
import { WHOLE_FILE, settingsOf, type ParsedSettings } from '../core/settings.js';
import { Index, SegmentWriter, readSummaries, writeIndex, type Row, type Stamp, type Summary } from './cache/index.js';
import { keepSettings, keptSettings, type KeptSettings } from './cache/settings.js';
import { keepOutput, keptOutput } from './cache/output.js';
import { readRow, readRows, type FileToRead } from './cache/reader.js';
import type { Job } from './cache/worker.js';
import { localDir } from './local.js';
import { CLIENTS_DIR, SETTINGS_FILE, isDossierName, readBookFile } from './read/file.js';
import { hasCustomParts } from './read/schema.js';
import { createDossier, createDossiers, editDossiers, readForEdit, type Change } from './write/save.js';

type Readers = typeof import('./read/readers.js');
type DossierContext = import('./read/readers.js').DossierContext;
type ParsedDossier = import('./read/readers.js').ParsedDossier;
type EditableDossier = import('./read/readers.js').EditableDossier;

/** The readers (YAML parsers, validators, checks), loaded once some file must be read. */
export function readers(): Promise<Readers> {
  return import('./read/readers.js');
}

export type { Facts };

/** A dossier file as a command sees it before reading it: its id, file and facts. */
export interface Entry {
  id: string;
  /** clients/<id>.yaml */
  file: string;
  /** Absent when the file has errors. */
  facts?: Facts;
  errors: boolean;
  /** Whether it has any problem (errors or warnings). */
  findings: boolean;
}

/** A dossier in short: the last contact instead of the whole log, open complaints only; and the file's problems. */
export interface DossierSummary {
  id: string;
  file: string;
  /** Absent when the file has errors. */
  dossier?: Dossier;
  problems: Diagnostic[];
  /** With StoreOptions.custom: the findings of the book's own fields and forms. */
  custom?: Diagnostic[];
}

export interface StoreOptions {
  /** Also check the book's own fields and forms (validate): their findings come in `custom`. */
  custom?: boolean;
  /** Called every so often while many files are read, for a progress line, and with done = total at the end of it. */
  onProgress?: (done: number, total: number) => void;
}

/** A file modified this recently may change again within the file system's time resolution unseen: it is read, not kept. */
const SETTLE_MS = 2_000;
/** From this many files to read on, a second thread reads half of them (it costs more to start than it saves below). */
const WORKER_FROM = 1_500;

/** Opens the book at `root` (found by discover.ts): its settings are read at once, the dossiers when asked for. */
export async function openStore(root: string, options: StoreOptions = {}): Promise<Store> {
  const read = readBookFile(root, SETTINGS_FILE);
  const source = read.bytes ? Buffer.from(read.bytes).toString('base64') : '';
  const kept = source !== '' ? keptSettings(root, source) : undefined;
  if (kept) return new Store(root, settingsOf(kept.raw, kept.broken, kept.problems), source, options);
  const parsed = (await readers()).parseSettings(read.bytes ?? read.problem!);
  if (source !== '') keepSettings(root, { source, raw: parsed.raw, broken: parsed.broken, problems: parsed.problems });
  return new Store(root, parsed, source, options);
}

export class Store {
  readonly settings: Settings;
  /** tickler.yaml's problems. */
  readonly settingsProblems: readonly Diagnostic[];
  /** tickler.yaml could not be read at all (its problems say why). */
  readonly settingsUnreadable: boolean;
  /** Every file of clients/ as it is now, by name, once looked at (refresh). */
  private current: Row[] | (() => Row[] | undefined) | undefined;
  /** The same rows in the folder's order, as the index keeps them. */
  private listed: Row[] = [];
  /** The version of the book the rows describe (their index's id), when every row is kept in it. */
  private version: string | undefined;
  private context: DossierContext | undefined;
  private readonly kept: KeptSettings;
  private writable: boolean | undefined;

  constructor(
    readonly root: string,
    parsed: ParsedSettings,
    /** tickler.yaml's bytes, in base64. */
    private readonly source: string,
    private readonly options: StoreOptions,
  ) {
    this.settings = parsed.settings;
    this.settingsProblems = parsed.problems;
    this.settingsUnreadable = parsed.broken.includes(WHOLE_FILE);
    this.kept = { source, raw: parsed.raw, broken: parsed.broken, problems: parsed.problems };
  }

  /** Every dossier file of the book, by file name. */
  async entries(): Promise<Entry[]> {
    const rows = await this.refresh();
    return rows.map(entryOf);
  }


  /** The summaries of the dossier files `pick` chooses by their entry (all when omitted), by file name. */
  async summaries(pick?: (entry: Entry) => boolean): Promise<DossierSummary[]> {
    const rows = await this.refresh();
    const picked = pick ? rows.filter((row) => pick(entryOf(row))) : rows;
    const summaries = await this.summariesOf(picked);
    return picked.map((row, i) => ({ id: idOf(row.name), file: `${CLIENTS_DIR}/${row.name}`, ...summaries[i]! }));
  }

  /** The short dossiers that can appear on the dividers of `range`. */
  async dossiersFor(range: DayRange): Promise<Dossier[]> {
    const shows = mayAppear(range);
    const summaries = await this.summaries((entry) => entry.facts !== undefined && shows(entry.facts));
    return summaries.flatMap((s) => (s.dossier ? [s.dossier] : []));
  }

  /** The problems of tickler.yaml and of every dossier file (only errors unless `warnings`), by file and position. */
  async problems(warnings = false): Promise<Diagnostic[]> {
    const summaries = await this.summaries((entry) => (warnings ? entry.findings : entry.errors));
    const files = summaries.flatMap((s) => [...s.problems, ...(warnings ? (s.custom ?? []) : [])]);
    return [...this.settingsProblems, ...files].filter((p) => warnings || p.severity === 'error');
  }

  /** One whole dossier (its full log), read from its file now. */
  async dossier(id: string): Promise<ParsedDossier> {
    const { parseDossier } = await readers();
    const file = `${CLIENTS_DIR}/${id}.yaml`;
    const read = readBookFile(this.root, file);
    if (!read.bytes) return { id, file, problems: [read.problem], place: () => [] };
    return parseDossier(id, read.bytes, await this.dossierContext());
  }

  /**
   * Findings about dossiers made beyond their files (a cover that ended by the date, a likely
   * duplicate in the book), placed in their files. A place found once is kept with the dossier's
   * summary, so that while the file is unchanged the next run needs no parse to place it again.
   */
  async place(findings: ReadonlyMap<string, readonly Finding[]>): Promise<Diagnostic[]> {
    const rows = await this.refresh();
    const wanted = rows.filter((row) => findings.has(idOf(row.name)));
    const summaries = await this.summariesOf(wanted);
    const placed: Diagnostic[] = [];
    const changed: Row[] = [];
    for (const [i, row] of wanted.entries()) {
      const id = idOf(row.name);
      const file = `${CLIENTS_DIR}/${row.name}`;
      const summary = summaries[i]!;
      const list = findings.get(id)!;
      const key = (f: Finding) => `${pathLabel(f.path)}${f.atKey ? ' (key)' : ''}`;
      const missing = list.filter((f) => !summary.places?.[key(f)]);
      if (missing.length > 0) {
        const fresh = (await this.dossier(id)).place(missing);
        summary.places = { ...summary.places };
        missing.forEach((f, k) => (summary.places![key(f)] = { line: fresh[k]!.line, column: fresh[k]!.column, ...(fresh[k]!.excerpt ? { excerpt: fresh[k]!.excerpt } : {}) }));
        if (row.where) changed.push(Object.assign(row, { summary }));
      }
      for (const f of list) placed.push({ file, ...summary.places![key(f)]!, severity: f.severity, rule: f.rule, message: f.message, ...(f.hint ? { hint: f.hint } : {}) });
    }
    if (changed.length > 0 && this.canWrite()) this.keepAgain(changed);
    return placed;
  }

  /**
   * A command's output for this version of the book: the one kept from an earlier run with the
   * same `key` (everything else the output depends on: the view, date, format, colours, width),
   * or the one `make` makes now, kept for the next run. `range`: the dividers it shows.
   */
  async output(key: string, range: DayRange | undefined, make: () => Promise<string>): Promise<string | Uint8Array> {
    if (this.current === undefined) await this.look(range);
    const version = this.version;
    if (version !== undefined) {
      const kept = keptOutput(this.root, version, key);
      if (kept) return kept;
    }
    const made = await make();
    if (version !== undefined && version === this.version) keepOutput(this.root, version, key, made);
    return made;
  }

  /**
   * Changes dossiers, all under one lock, on their files as they are then (see write/save.ts):
   * `change` gets them whole and returns the edits of each and a result.
   */
  async edit<T>(ids: readonly string[], change: (dossiers: EditableDossier[]) => Change<T>): Promise<T> {
    return editDossiers(this.root, ids, await this.dossierContext(), change);
  }

  /** One dossier as a change would find it now (whole, with its bytes); refused when it has errors. */
  async draft(id: string): Promise<EditableDossier> {
    return readForEdit(this.root, id, await this.dossierContext());
  }

  /** Writes a new dossier; refuses to replace one. Returns its file. */
  async create(id: string, text: string): Promise<string> {
    return createDossier(this.root, id, text);
  }

  /**
   * Writes new dossiers, all under one lock, in the order given; refuses to replace any file.
   * `onWritten` hears of each as it is written (see write/save.ts createDossiers). Returns their files.
   */
  async createMany(dossiers: readonly { id: string; text: string }[], onWritten?: (file: string) => void): Promise<string[]> {
    return createDossiers(this.root, dossiers, onWritten);
  }

  /** How dossiers are read under this book's settings (with StoreOptions.custom, its own fields too). */
  async dossierContext(): Promise<DossierContext> {
    if (!this.context) {
      const { dossierContext } = await readers();
      const custom = this.options.custom && hasCustomParts(this.settings) ? (await import('./read/custom-check.js')).compileCustomCheck(this.settings).check : undefined;
      this.context = dossierContext(this.settings, custom);
    }
    return this.context;
  }

  private canWrite(): boolean {
    if (this.writable === undefined) {
      try {
        localDir(this.root);
        this.writable = true;
      } catch {
        this.writable = false;
      }
    }
    return this.writable;
  }

  /**
   * Every file of clients/ as it is now: the index's rows for unchanged files, the others read
   * again (their summaries kept in memory when `range` shows them). Looked at once per store.
   */
  private async refresh(range?: DayRange): Promise<Row[]> {
    if (this.current === undefined) await this.look(range);
    if (typeof this.current === 'function') {
      const rows = this.current();
      if (rows) this.current = this.byName((this.listed = rows));
      else {
        // the rows of an unchanged index are gone (a concurrent run, a garbled file): all read again
        this.version = undefined;
        await this.look(range, false);
      }
    }
    return this.current as Row[];
  }

  /** The rows by file name, for commands (the index keeps them in the folder's order: `listed`). */
  private byName(rows: readonly Row[]): Row[] {
    return [...rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Compares every file's stamp with the index; reads what changed and writes the index anew. */
  private async look(range?: DayRange, useIndex = true): Promise<void> {
    const started = Date.now();
    const index = this.source !== '' && useIndex ? Index.read(this.root, this.source) : undefined;
    const wantCustom = this.options.custom === true && hasCustomParts(this.settings);
    // (a plain listing of clients/, not a pattern: this runs on every command, and globby's
    // matching costs more than the whole listing; in the folder's own order, which the index
    // keeps, so that an unchanged folder compares name by name)
    const names = dossierNames(this.root, false);
    // A first run over a big book: the second thread starts now, and loads while this one stats.
    const helper = index === undefined && names.length >= WORKER_FROM && this.canWrite() ? startHelper() : undefined;
    try {
      await this.compare(index, names, wantCustom, started, helper, range);
    } finally {
      helper?.stop();
    }
  }

  private async compare(index: Index | undefined, names: string[], wantCustom: boolean, started: number, helper: Helper | undefined, range?: DayRange): Promise<void> {
    // (by the shorter of the paths from the process's directory and from the root: fewer steps for
    // the system to resolve, 100,000 times over in a big book)
    const clients = join(this.root, CLIENTS_DIR);
    const near = relative(workingDirectory() ?? '/', clients) || '.';
    const folder = near.split(sep).length < clients.split(sep).length && workingDirectory() !== undefined ? near : clients;
    const stamps = names.map((name) => stampOf(`${folder}/${name}`));
    // The usual run: nothing changed since the index was written (rows in the same order).
    const unchanged = index !== undefined && names.length === index.names.length && names.every((name, i) => index.names[i] === name && stamps[i] && index.sameStamp(i, stamps[i]!));
    if (unchanged && !wantCustom) {
      this.version = index.id;
      // (the rows are made when a command asks for dossiers)
      this.current = () => index.rows(this.root);
      return;
    }
    const known = new Map<string, Row>();
    for (const row of index?.rows(this.root) ?? []) known.set(row.name, row);
    const rows: Row[] = [];
    const stale: (FileToRead & { at: number })[] = [];
    names.forEach((name, i) => {
      const stamp = stamps[i];
      const old = known.get(name);
      if (old && stamp && old.stamp.every((n, k) => n === stamp[k]) && (old.custom || !wantCustom)) {
        rows.push(old);
        known.delete(name);
      } else {
        stale.push({ name, stamp: stamp ?? [-1, -1, -1, -1], settled: stamp !== undefined && started - stamp[1] > SETTLE_MS, at: rows.length });
        rows.push(undefined as unknown as Row);
      }
    });
    // (also when the folder lists its files in another order: the index is kept in the folder's)
    const changed = stale.length > 0 || known.size > 0 || index === undefined || !names.every((name, i) => index.names[i] === name);
    if (stale.length > 0) {
      const fresh = await this.readRows(stale, helper, range);
      stale.forEach((file, i) => (rows[file.at] = fresh[i]!));
    }
    const stored = rows.every((row) => row.where !== undefined);
    if (!changed) this.version = index!.id;
    else if (this.canWrite() && this.source !== '') {
      const id = writeIndex(this.root, this.source, rows.filter((row) => row.where !== undefined));
      if (id !== undefined && stored) this.version = id;
    }
    this.listed = rows;
    this.current = this.byName(rows);
  }

  /** Reads these files into rows (half of them on a worker when there are many); see cache/reader.ts readRows. */
  private async readRows(files: FileToRead[], helper: Helper | undefined, range?: DayRange): Promise<Row[]> {
    const { parseDossier } = await readers();
    const context = await this.dossierContext();
    const shown = range ? mayAppear(range) : () => true;
    const keep = (row: Row) => row.errors || (row.facts !== undefined && shown(row.facts));
    const writable = this.canWrite();
    const second = writable && files.length >= WORKER_FROM ? (helper ?? startHelper()) : undefined;
    const half = second ? Math.floor(files.length / 2) : files.length;
    const job: Job = { root: this.root, settings: this.kept, custom: this.options.custom === true && hasCustomParts(this.settings), files: files.slice(half), ...(range ? { range } : {}) };
    try {
      const theirs = second?.read(job);
      const progress = (done: number) => this.options.onProgress?.(Math.min(files.length - 1, theirs ? 2 * done : done), files.length);
      const rows = readRows(this.root, files.slice(0, half), context, parseDossier, writable, keep, progress);
      if (half < files.length) {
        const done = await theirs;
        rows.push(...(done?.length === files.length - half ? done : readRows(this.root, files.slice(half), context, parseDossier, writable, keep)));
      }
      if (files.length >= 500) this.options.onProgress?.(files.length, files.length);
      return rows;
    } finally {
      if (second !== helper) second?.stop();
    }
  }

  /** The summaries of these rows: in memory, else from their segments, else from their files read again. */
  private async summariesOf(rows: readonly Row[]): Promise<Summary[]> {
    const fromDisk = readSummaries(this.root, rows.map((row) => (row.summary ? undefined : row.where)));
    const reread: Row[] = [];
    const result: Summary[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      let summary = row.summary ?? fromDisk[i];
      if (!summary) {
        // its segment is gone or garbled: the file is read again, and its row kept anew
        const fresh = readRow(this.root, row.name, row.stamp, await this.dossierContext(), (await readers()).parseDossier);
        summary = fresh.summary;
        Object.assign(row, fresh.row, { summary });
        reread.push(row);
      }
      result.push(summary);
    }
    if (reread.length > 0 && this.canWrite()) this.keepAgain(reread);
    return result;
  }

  /** Writes rows read again (their stored summaries lost) to a new segment, and the index anew. */
  private keepAgain(reread: readonly Row[]): void {
    const writer = new SegmentWriter(this.root);
    const places = reread.map((row) => writer.add(row.summary!));
    if (!writer.close()) return;
    reread.forEach((row, i) => (row.where = places[i]));
    this.version = undefined;
    if (this.source !== '') writeIndex(this.root, this.source, this.listed.filter((row) => row.where !== undefined));
  }
}

/** The second thread of a big first run (cache/worker.ts), which reads the share of the files it is sent. */
interface Helper {
  /** Its rows; undefined when it failed (its share is then read on this thread). */
  read(job: Job): Promise<Row[] | undefined>;
  stop(): void;
}

/** Starts the second thread; undefined where there is none (running from source, no threads). */
function startHelper(): Helper | undefined {
  if (typeof __dirname !== 'string') return undefined;
  try {
    const { Worker } = process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new Worker(join(__dirname, 'worker.cjs'));
    const answer = new Promise<Row[] | undefined>((resolve) => {
      worker.once('message', (rows: Row[]) => resolve(rows));
      worker.once('error', () => resolve(undefined));
      worker.once('exit', () => resolve(undefined));
    });
    return {
      read(job) {
        worker.postMessage(job);
        return answer;
      },
      stop: () => void worker.terminate(),
    };
  } catch {
    return undefined;
  }
}

function idOf(name: string): string {
  return name.slice(0, -'.yaml'.length);
}

function entryOf(row: Row): Entry {
  return { id: idOf(row.name), file: `${CLIENTS_DIR}/${row.name}`, ...(row.facts ? { facts: row.facts } : {}), errors: row.errors, findings: row.findings };
}

/** The dossier file names of clients/, sorted; none when there is no such folder. */
/** The process's directory, unless it has been deleted. */
function workingDirectory(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/**
 * A file's stamp: size, mtime, inode and ctime. For a link, its target's, with the link's own
 * ctime added to the target's: a link made anew (pointed elsewhere, even at the same file by
 * another path, and even under the inode of the one it replaced) is a change. Undefined when it cannot be had (gone, a loop, no permission): the file is read again,
 * and reading says what is wrong.
 */
function stampOf(path: string): Stamp | undefined {
  try {
    const own = lstatSync(path, { throwIfNoEntry: false });
    if (!own?.isSymbolicLink()) return own && [own.size, own.mtimeMs, own.ino, own.ctimeMs];
    const target = statSync(path);
    return [target.size, target.mtimeMs, target.ino, target.ctimeMs + own.ctimeMs];
  } catch {
    return undefined;
  }
}

export function dossierNames(root: string, sorted = true): string[] {
  try {
    const names = readdirSync(join(root, CLIENTS_DIR)).filter(isDossierName);
    return sorted ? names.sort() : names;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
