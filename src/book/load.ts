// Loading a book: tickler.yaml and every dossier, each file on its own, so that one broken file
// never hides the rest. Every problem comes back as a diagnostic with file:line:column.
import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { dossierFindings, settingsFindings } from '../core/checks.js';
import { parsePeriod, type IsoDate } from '../core/dates.js';
import type { Diagnostic, Finding } from '../core/diagnostics.js';
import type { Dossier, LogEntry, Priority, Settings } from '../core/model.js';
import { validateDossier, validateSettings } from '../generated/validators.js';
import { PARALLEL_FROM, readInWorker } from './parallel-read.js';
import { BookCache, birthdayKeys, cachedFileOf, isWanted, sameStamp, summaryOf, type CachedFile, type Stamp, type Wanted } from './cache.js';
import { CLIENTS_DIR, SETTINGS_FILE } from './discover.js';
import { MAX_FILE_BYTES, diagnosticAtRange, readYaml, readYamlFast, type YamlFile } from './safe-yaml.js';
import { baseSettingsSchema, effectiveDossierSchema, type JsonSchema } from './schema.js';
import { schemaFindings, unknownKeyFindings, type CompiledValidator } from './schema-errors.js';
import { settingsFrom } from './settings.js';

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
}

export interface Book {
  root: string;
  settings: Settings;
  settingsFile: LoadedSettings;
  entries: LoadedDossier[];
  dossiers: Dossier[];
  today?: IsoDate;
}

// Key lookups per mapping, built once: a file with thousands of findings stays linear.
const pairIndex = new WeakMap<object, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair as Pair);
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/** The YAML node a path points to (or the key of the last step), falling back to the nearest parent. */
export function nodeRange(doc: Document.Parsed, path: readonly (string | number)[], atKey = false): readonly number[] | undefined {
  let node: unknown = doc.contents;
  let range = (node as Node | null)?.range ?? undefined;
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!;
    if (isMap(node)) {
      const pair = pairOf(node, String(part));
      if (!pair) break;
      const key = pair.key as Node;
      if (i === path.length - 1 && atKey) return key.range ?? range;
      node = pair.value;
      range = (pair.value as Node | null)?.range ?? key.range ?? range;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      range = (node as Node | undefined)?.range ?? range;
    } else break;
  }
  return range;
}

export function toDiagnostics(yaml: YamlFile, findings: readonly Finding[]): Diagnostic[] {
  return findings.map((f) =>
    diagnosticAtRange(yaml, yaml.doc ? nodeRange(yaml.doc, f.path, f.atKey) : undefined, f.severity, f.rule, f.message, f.hint),
  );
}

function hasErrors(problems: readonly Diagnostic[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Reads a file of the book safely: size checked before reading, links out of the book refused. */
function readBookFile(root: string, file: string): { bytes?: Uint8Array; problem?: Diagnostic } {
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

/** Shape (precompiled schema) and unknown keys of one parsed document. */
function shapeFindings(data: unknown, validate: CompiledValidator, schema: JsonSchema, closedSchema: JsonSchema): Finding[] {
  const findings = validate(data) ? [] : schemaFindings(validate.errors ?? [], schema, data);
  return [...findings, ...unknownKeyFindings(closedSchema, data)];
}

function plainData(yaml: YamlFile, what: string): { data?: Record<string, unknown>; problem?: Diagnostic } {
  let data: unknown;
  try {
    data = yaml.doc!.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { problem: diagnosticAtRange(yaml, undefined, 'error', 'yaml-alias', (error as Error).message) };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { problem: diagnosticAtRange(yaml, yaml.doc!.contents?.range, 'error', 'not-a-mapping', `${what} must be a mapping of keys (key: value lines), not ${Array.isArray(data) ? 'a list' : 'a single value'}`) };
  }
  return { data: data as Record<string, unknown> };
}

/** A 64-bit FNV-1a hash of some bytes, as hex: enough to tell settings apart, without loading crypto. */
function contentHash(bytes: Uint8Array): string {
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

/** Reads tickler.yaml. With `fast`, a file without any finding is read without positions. */
export function loadSettings(root: string, fast = false): LoadedSettings {
  const file = SETTINGS_FILE;
  const read = readBookFile(root, file);
  if (!read.bytes) return { file, problems: [read.problem!], settings: settingsFrom({}), hash: '' };
  const hash = contentHash(read.bytes);
  if (fast) {
    const data = readYamlFast(file, read.bytes)?.data ?? undefined;
    const record = data === null ? {} : data;
    if (record !== undefined && typeof record === 'object' && !Array.isArray(record)) {
      const raw = record as Record<string, unknown>;
      if (shapeFindings(raw, validateSettings, baseSettingsSchema, baseSettingsSchema).length === 0) {
        const settings = settingsFrom(raw);
        if (settingsFindings(settings, raw).length === 0) return { file, problems: [], settings, hash };
      }
    }
  }
  const yaml = readYaml(file, read.bytes);
  const problems = [...yaml.problems];
  if (!yaml.doc) return { file, yaml, problems, settings: settingsFrom({}), hash };
  const { data, problem } = plainData(yaml, 'tickler.yaml');
  if (!data) return { file, yaml, problems: [...problems, problem!], settings: settingsFrom({}), hash };
  const shape = shapeFindings(data, validateSettings, baseSettingsSchema, baseSettingsSchema);
  const broken = new Set(shape.filter((f) => f.severity === 'error').map((f) => String(f.path[0] ?? '')));
  const settings = settingsFrom(data, broken);
  const findings = [...shape, ...settingsFindings(settings, data)];
  return { file, yaml, problems: [...problems, ...toDiagnostics(yaml, findings)], settings, hash };
}

function normalize(id: string, file: string, data: Record<string, unknown>, known: ReadonlySet<string>): Dossier {
  const d = data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- shape checked by the schema
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(d)) if (!known.has(key)) extra[key] = d[key];
  const dossier: Dossier = {
    id,
    file,
    name: d.name,
    priority: (d.priority ?? 'normal') as Priority,
    tags: d.tags ?? [],
    contacts: d.contacts ?? [],
    complaints: d.complaints ?? [],
    log: (d.log ?? []) as LogEntry[],
    extra,
  };
  for (const key of ['owner', 'stage', 'offer', 'notes', 'next', 'cover'] as const) if (d[key] !== undefined && d[key] !== null) dossier[key] = d[key];
  if (typeof d.cadence === 'string') {
    const cadence = parsePeriod(d.cadence);
    if (cadence) dossier.cadence = cadence;
  }
  return dossier;
}

/** Schemas and key sets that depend only on the settings, computed once per book. */
export interface DossierContext {
  settings: Settings;
  closedSchema: JsonSchema;
  knownKeys: ReadonlySet<string>;
  today?: IsoDate;
  /**
   * Read with the fast parser first; the full one only for files with errors (their positions).
   * 'complete': the full reader also for any file with a warning, or text that may hold one (validate).
   */
  fast: boolean | 'complete';
}

export function dossierContext(settings: Settings, today?: IsoDate, fast: boolean | 'complete' = false): DossierContext {
  const closedSchema = effectiveDossierSchema(settings);
  const base = Object.keys(baseDossierProperties(closedSchema));
  return { settings, closedSchema, knownKeys: new Set(base.filter((k) => !(k in settings.fields))), fast, ...(today ? { today } : {}) };
}

/** The fast path: a valid dossier without positions, or undefined when the full reader must look. */
function fastDossier(id: string, file: string, bytes: Uint8Array, context: DossierContext): { dossier: Dossier; data: unknown } | undefined {
  const read = readYamlFast(file, bytes);
  const data = read?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  if (shapeFindings(record, validateDossier, context.closedSchema, context.closedSchema).some((f) => f.severity === 'error')) return undefined;
  if (context.fast === 'complete' && MAY_LOOK_ALIKE.test(new TextDecoder().decode(bytes))) return undefined;
  const dossier = normalize(id, file, record, context.knownKeys);
  const findings = dossierFindings(dossier, context.settings, context.today);
  if (context.fast === 'complete' ? findings.length > 0 : findings.some((f) => f.severity === 'error')) return undefined;
  return { dossier, data };
}

// Plain values that YAML 1.1 readers take for booleans or numbers (the full reader warns about
// them, with positions); a file holding anything like one is read by the full reader in validate.
const MAY_LOOK_ALIKE = /(?:^[ \t]*|[:-][ \t]+|[,[{][ \t]*)(?:[yYnN]|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[-+]?0[0-9_]+(?:\.[0-9_]*)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)[ \t]*(?:\r?$|[,\]}]|[ \t]#)/m;

function baseDossierProperties(schema: JsonSchema): Record<string, unknown> {
  return schema.properties as Record<string, unknown>;
}

/** Loads one dossier by its file name in clients/. */
export function loadDossier(root: string, fileName: string, context: DossierContext): LoadedDossier {
  return readDossier(root, fileName, context).entry;
}

/** Loads one dossier, and gives the bytes it was read from (what a write compares against). */
export function readDossier(root: string, fileName: string, context: DossierContext): { entry: LoadedDossier; bytes?: Uint8Array } {
  const id = fileName.replace(/\.yaml$/, '');
  const file = `${CLIENTS_DIR}/${fileName}`;
  const entry: LoadedDossier = { id, file, problems: [] };
  const idProblem = clientIdProblem(id);
  if (idProblem) {
    entry.problems.push({ file, line: 1, column: 1, severity: 'error', rule: 'bad-id', message: `"${id}" is not a valid client id: ${idProblem}`, hint: 'rename the file' });
    return { entry };
  }
  const read = readBookFile(root, file);
  if (!read.bytes) {
    entry.problems.push(read.problem!);
    return { entry };
  }
  return { entry: dossierFromBytes(entry, read.bytes, context), bytes: read.bytes };
}

/** The problems a dossier's content would have under its id (with positions when there are any). */
export function parseDossierBytes(id: string, bytes: Uint8Array, context: DossierContext): Diagnostic[] {
  return dossierFromBytes({ id, file: `${CLIENTS_DIR}/${id}.yaml`, problems: [] }, bytes, context).problems;
}

function dossierFromBytes(entry: LoadedDossier, bytes: Uint8Array, context: DossierContext): LoadedDossier {
  const { id, file } = entry;
  if (context.fast) {
    const fast = fastDossier(id, file, bytes, context);
    if (fast) return { ...entry, ...fast };
  }
  const yaml = readYaml(file, bytes);
  entry.yaml = yaml;
  entry.problems.push(...yaml.problems);
  if (!yaml.doc) return entry;
  const { data, problem } = plainData(yaml, 'a dossier');
  if (!data) {
    entry.problems.push(problem!);
    return entry;
  }
  entry.data = data;
  const shape = shapeFindings(data, validateDossier, context.closedSchema, context.closedSchema);
  entry.problems.push(...toDiagnostics(yaml, shape));
  if (hasErrors(entry.problems)) return entry;
  const dossier = normalize(id, file, data, context.knownKeys);
  entry.problems.push(...toDiagnostics(yaml, dossierFindings(dossier, context.settings, context.today)));
  if (!hasErrors(entry.problems)) entry.dossier = dossier;
  return entry;
}

/** File names in clients/ that are dossiers (*.yaml), sorted. Other files are not the book's business. */
export function dossierFileNames(root: string): string[] {
  try {
    return readdirSync(join(root, CLIENTS_DIR)).filter((name) => name.endsWith('.yaml') && !name.startsWith('.')).sort();
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
  wanted?: (today: IsoDate | undefined) => Wanted | undefined;
}

/** The whole book (or the named dossiers of it). */
export function loadBook(root: string, options: LoadOptions = {}): Book {
  const settingsFile = loadSettings(root, options.fast === true);
  const today = options.todayOf?.(settingsFile.settings);
  const context = dossierContext(settingsFile.settings, today, options.fast ?? false);
  if (options.cache && !options.only) return loadWithCache(root, settingsFile, context, options, today);
  const names = options.only ?? dossierFileNames(root);
  const entries: LoadedDossier[] = [];
  for (const name of names) {
    entries.push(loadDossier(root, name, context));
    if (options.onProgress && entries.length % 200 === 0) options.onProgress(entries.length, names.length);
  }
  const dossiers: Dossier[] = [];
  for (const entry of entries) if (entry.dossier) dossiers.push(entry.dossier);
  return { root, settings: settingsFile.settings, settingsFile, entries, dossiers, ...(today ? { today } : {}) };
}

/** The stamp of a dossier file; undefined for anything but a plain file (links are always read anew). */
function stampOf(clientsDir: string, name: string): Stamp | undefined {
  try {
    const stat = lstatSync(clientsDir + name);
    return stat.isFile() ? [stat.size, stat.mtimeMs, stat.ino, stat.ctimeMs] : undefined;
  } catch {
    return undefined;
  }
}

function entryFromCache(cache: BookCache, file: CachedFile): LoadedDossier | undefined {
  const text = cache.summaryText(file);
  if (text === undefined) return undefined;
  const id = file.name.replace(/\.yaml$/, '');
  const entry: LoadedDossier = { id, file: `${CLIENTS_DIR}/${file.name}`, problems: [] };
  try {
    if (file.valid) entry.dossier = JSON.parse(text) as Dossier;
    else entry.problems = JSON.parse(text) as Diagnostic[];
  } catch {
    return undefined;
  }
  return entry;
}

function loadWithCache(root: string, settingsFile: LoadedSettings, context: DossierContext, options: LoadOptions, today: IsoDate | undefined): Book {
  const settings = settingsFile.settings;
  const cache = BookCache.read(root, settingsFile.hash);
  const names = dossierFileNames(root);
  const current: CachedFile[] = [];
  const uncachable: LoadedDossier[] = [];
  const clientsDir = `${join(root, CLIENTS_DIR)}${sep}`;
  // First every stamp (cheap), then the files that changed: on two threads when there are many.
  const stale: { name: string; stamp: Stamp; at: number }[] = [];
  for (const name of names) {
    const stamp = stampOf(clientsDir, name);
    const cached = stamp ? cache.files.get(name) : undefined;
    if (cached && sameStamp(cached.stamp, stamp!)) current.push(cached);
    else if (stamp) {
      stale.push({ name, stamp, at: current.length });
      current.push(undefined as unknown as CachedFile); // filled below, keeping the order of names
    } else {
      const entry = loadDossier(root, name, context);
      uncachable.push(entry.dossier ? { ...entry, dossier: summaryOf(entry.dossier) } : entry);
    }
  }
  const changed = stale.length > 0 || uncachable.length > 0 || names.length !== cache.files.size;
  const half = stale.length >= PARALLEL_FROM ? Math.floor(stale.length / 2) : stale.length;
  const theirs = stale.slice(half);
  const share = theirs.length > 0 ? readInWorker(root, today, settingsFile.hash, theirs.map((s) => s.name), theirs.map((s) => s.stamp)) : undefined;
  const mine = share ? stale.slice(0, half) : stale;
  const step = share ? 2 : 1;
  const startedAt = Date.now();
  mine.forEach(({ name, stamp, at }, i) => {
    const entry = loadDossier(root, name, context);
    current[at] = cachedFileOf(name, stamp, settings, entry.dossier, entry.problems);
    if (options.onProgress && (i + 1) % 500 === 0) options.onProgress((i + 1) * step, stale.length);
  });
  if (share) {
    const files = share.collect();
    theirs.forEach(({ name, stamp, at }, i) => {
      if (files) current[at] = files[i]!;
      else {
        const entry = loadDossier(root, name, context);
        current[at] = cachedFileOf(name, stamp, settings, entry.dossier, entry.problems);
      }
    });
  }
  // A file modified within the clock's resolution of being read could change again unnoticed on
  // a file system with coarse times (same size, same times): such rows are used now, kept later.
  const settled = (file: CachedFile) => typeof file.summary !== 'string' || startedAt - file.stamp[1] > 2_000;
  if (changed) cache.write(current.filter(settled), settingsFile.hash);
  const wanted = options.wanted?.(today);
  const birthdays = wanted ? birthdayKeys(wanted) : new Set<string>();
  const entries: LoadedDossier[] = [...uncachable];
  for (const file of current) {
    if (!isWanted(file, wanted, birthdays)) continue;
    const entry = entryFromCache(cache, file) ?? loadDossier(root, file.name, context);
    entries.push(entry.dossier ? { ...entry, dossier: summaryOf(entry.dossier) } : entry);
  }
  cache.close();
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const dossiers: Dossier[] = [];
  for (const entry of entries) if (entry.dossier) dossiers.push(entry.dossier);
  return { root, settings, settingsFile, entries, dossiers, ...(today ? { today } : {}) };
}

/** Every problem of the book, settings first, then by file and position. */
export function bookProblems(book: Book): Diagnostic[] {
  return [...book.settingsFile.problems, ...book.entries.flatMap((e) => e.problems)];
}
