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
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mayAppear, type DayRange, type Facts } from '../core/agenda.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { Dossier, Settings } from '../core/model.js';
import { settingsOf, type ParsedSettings } from '../core/settings.js';
import { SegmentWriter, readIndex, readSummaries, sameStamp, writeIndex, type Index, type KeptSettings, type Row, type Stamp, type Summary } from './cache/index.js';
import { keepOutput, keptOutput } from './cache/output.js';
import { readRow } from './cache/reader.js';
import type { Job } from './cache/worker.js';
import { localDir } from './local.js';
import { CLIENTS_DIR, SETTINGS_FILE, isDossierName, readBookFile } from './read/file.js';
import { hasCustomParts } from './read/schema.js';
import { createDossier, editDossiers, readForEdit, type Change } from './write/save.js';

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
  const index = source !== '' ? readIndex(root) : undefined;
  const fit = index?.settings.source === source ? index : undefined;
  const settings = fit
    ? settingsOf(fit.settings.raw, fit.settings.broken, fit.settings.problems)
    : (await readers()).parseSettings(read.bytes ?? read.problem!);
  return new Store(root, settings, source, fit, options);
}

export class Store {
  readonly settings: Settings;
  /** tickler.yaml's problems. */
  readonly settingsProblems: readonly Diagnostic[];
  private rows: Row[] | undefined;
  /** The version of the book the rows describe (their index's id), when every row is kept in it. */
  private version: string | undefined;
  private context: DossierContext | undefined;
  private readonly kept: KeptSettings;
  private writable: boolean | undefined;

  constructor(
    readonly root: string,
    parsed: ParsedSettings,
    source: string,
    private readonly index: Index | undefined,
    private readonly options: StoreOptions,
  ) {
    this.settings = parsed.settings;
    this.settingsProblems = parsed.problems;
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
   * A command's output for this version of the book: the one kept from an earlier run with the
   * same `key` (everything else the output depends on: the view, date, format, colours, width),
   * or the one `make` makes now, kept for the next run. `range`: the dividers it shows.
   */
  async output(key: string, range: DayRange | undefined, make: () => Promise<string>): Promise<string | Uint8Array> {
    await this.refresh(range);
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
   * again (their summaries kept in memory when `range` shows them). Done once per store.
   */
  private async refresh(range?: DayRange): Promise<Row[]> {
    if (this.rows) return this.rows;
    const started = Date.now();
    const wantCustom = this.options.custom === true && hasCustomParts(this.settings);
    const known = new Map<string, Row>();
    for (const row of this.index?.rows ?? []) known.set(row.name, row);
    const rows: Row[] = [];
    const stale: { name: string; stamp: Stamp; settled: boolean; at: number }[] = [];
    // (a plain listing of clients/, not a pattern: this runs on every command, and globby's
    // matching costs more than the whole listing)
    for (const name of dossierNames(this.root)) {
      const stat = statSync(`${this.root}/${CLIENTS_DIR}/${name}`, { throwIfNoEntry: false });
      const stamp: Stamp = stat ? [stat.size, stat.mtimeMs, stat.ino, stat.ctimeMs] : [-1, -1, -1, -1];
      const old = known.get(name);
      if (old && stat && sameStamp(old.stamp, stamp) && (old.custom || !wantCustom)) {
        rows.push(old);
        known.delete(name);
      } else {
        stale.push({ name, stamp, settled: stat !== undefined && started - stat.mtimeMs > SETTLE_MS, at: rows.length });
        rows.push(undefined as unknown as Row);
      }
    }
    const changed = stale.length > 0 || known.size > 0 || this.index === undefined;
    if (stale.length > 0) {
      const fresh = await this.readRows(stale, range);
      stale.forEach((file, i) => (rows[file.at] = fresh[i]!));
    }
    this.rows = rows;
    const stored = rows.every((row) => row.where !== undefined);
    if (!changed) this.version = this.index!.id;
    else if (this.canWrite()) {
      const id = writeIndex(this.root, this.kept, rows.filter((row) => row.where !== undefined));
      if (id !== undefined && stored) this.version = id;
    }
    return rows;
  }

  /** Reads these files into rows; their summaries go to a new segment, and stay in memory when shown. */
  private async readRows(files: { name: string; stamp: Stamp; settled: boolean }[], range?: DayRange): Promise<Row[]> {
    const { parseDossier } = await readers();
    const context = await this.dossierContext();
    const shown = range ? mayAppear(range) : () => true;
    const writable = this.canWrite();
    const half = writable && files.length >= WORKER_FROM ? Math.floor(files.length / 2) : files.length;
    const theirs = this.startWorker(files.slice(half), range);
    const writer = writable ? new SegmentWriter(this.root) : undefined;
    const rows: Row[] = [];
    const total = files.length;
    try {
      for (let i = 0; i < half; i++) {
        const { name, stamp, settled } = files[i]!;
        const { row, summary } = readRow(this.root, name, stamp, context, parseDossier);
        const where = settled ? writer?.add(summary) : undefined;
        if (where) row.where = where;
        if (!where || row.errors || (row.facts && shown(row.facts))) row.summary = summary;
        rows.push(row);
        if ((i + 1) % 500 === 0) this.options.onProgress?.(Math.min(total - 1, theirs ? 2 * (i + 1) : i + 1), total);
      }
    } finally {
      writer?.close();
    }
    const done = half < files.length ? await theirs : undefined;
    if (files.length >= 500) this.options.onProgress?.(total, total);
    if (half < files.length) {
      if (done && done.length === files.length - half) rows.push(...done);
      else {
        for (const file of files.slice(half)) {
          const { row, summary } = readRow(this.root, file.name, file.stamp, context, parseDossier);
          rows.push({ ...row, summary });
        }
      }
    }
    return rows;
  }

  /** A worker reading these files (undefined for none: too few, or no worker in this build). */
  private startWorker(files: Job['files'], range?: DayRange): Promise<Row[] | undefined> | undefined {
    if (files.length === 0 || typeof __dirname !== 'string') return undefined;
    const script = join(__dirname, 'worker.cjs');
    const job: Job = { root: this.root, settings: this.kept, custom: this.options.custom === true && hasCustomParts(this.settings), files, ...(range ? { range } : {}) };
    return new Promise((resolve) => {
      try {
        const { Worker } = process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
        const worker = new Worker(script, { workerData: job });
        worker.once('message', (rows: Row[]) => resolve(rows));
        // (a worker that fails leaves its share to this thread)
        worker.once('error', () => resolve(undefined));
        worker.once('exit', () => resolve(undefined));
      } catch {
        resolve(undefined);
      }
    });
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
    try {
      for (const row of reread) {
        const where = writer.add(row.summary!);
        if (where) row.where = where;
        else delete row.where;
      }
    } finally {
      writer.close();
    }
    this.version = undefined;
    writeIndex(this.root, this.kept, this.rows!.filter((row) => row.where !== undefined));
  }
}

function idOf(name: string): string {
  return name.slice(0, -'.yaml'.length);
}

function entryOf(row: Row): Entry {
  return { id: idOf(row.name), file: `${CLIENTS_DIR}/${row.name}`, ...(row.facts ? { facts: row.facts } : {}), errors: row.errors, findings: row.findings };
}

/** The dossier file names of clients/, sorted; none when there is no such folder. */
export function dossierNames(root: string): string[] {
  try {
    return readdirSync(join(root, CLIENTS_DIR)).filter(isDossierName).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
