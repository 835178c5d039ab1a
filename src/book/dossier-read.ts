// Reading dossiers in bulk (first runs, files changed by a pull, validate): the plain reader for
// the text (plain-yaml.ts), the precompiled validators for the shape, the book's rules for the
// meaning. No general YAML parser is loaded here: a file this path cannot vouch for (unusual
// syntax, or any finding, which must be reported with its position) is left to parse.ts.
import { isAscii, isUtf8, transcode } from 'node:buffer';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { dossierFindings, settingsFindings } from '../core/checks.js';
import { parsePeriod, type IsoDate } from '../core/dates.js';
import type { Diagnostic, Finding } from '../core/diagnostics.js';
import type { Dossier, LogEntry, Priority, Settings } from '../core/model.js';
import { validateDossier, validateDossierClosed, validateDossierOpenTop, validateSettings } from '../generated/validators.js';
import { CLIENTS_DIR, MAX_FILE_BYTES, SETTINGS_FILE } from './discover.js';
import { clientIdProblem, contentHash, type LoadedDossier, type LoadedSettings } from './load.js';
import { readPlainTree, readPlainYaml, type PlainYaml } from './plain-yaml.js';
import { sourceRange, type SourceNode } from './yaml-edit.js';
import { diagnosticAt, diagnosticAtRange, LineStarts } from './positions.js';
import { baseDossierSchema, baseSettingsSchema, effectiveDossierSchema, hasCustomParts, type JsonSchema } from './schema.js';
import { settingsFrom } from './settings.js';
import { schemaFindings, unknownKeyFindings, type CompiledValidator } from './schema-errors.js';

/** Schemas and key sets that depend only on the settings, computed once per book. */
export interface DossierContext {
  settings: Settings;
  closedSchema: JsonSchema;
  knownKeys: ReadonlySet<string>;
  today?: IsoDate;
  /** For a book without fields or forms of its own: a validator of shape and keys in one. */
  closedValidator?: CompiledValidator;
  /**
   * Read with the fast parsers first; the full one only for files with errors (their positions).
   * 'complete': the full reader also for any file with a warning, or text that may hold one (validate).
   */
  fast: boolean | 'complete';
}

export function dossierContext(settings: Settings, today?: IsoDate, fast: boolean | 'complete' = false): DossierContext {
  const closedSchema = effectiveDossierSchema(settings);
  const base = Object.keys(closedSchema.properties as Record<string, unknown>);
  return {
    settings,
    closedSchema,
    knownKeys: new Set(base.filter((k) => !(k in settings.fields))),
    fast,
    ...(today ? { today } : {}),
    ...(hasCustomParts(settings) ? {} : { closedValidator: validateDossierClosed }),
  };
}

/** Shape (precompiled schema) and unknown keys of one parsed document. */
export function shapeFindings(data: unknown, validate: CompiledValidator, schema: JsonSchema, closedSchema: JsonSchema): Finding[] {
  const findings = validate(data) ? [] : schemaFindings(validate.errors ?? [], schema, data);
  const unknown = unknownKeyFindings(closedSchema, data);
  return unknown.length === 0 ? findings : [...findings, ...unknown];
}

/** The dossier a valid document describes. */
export function normalize(id: string, file: string, data: Record<string, unknown>, known: ReadonlySet<string>): Dossier {
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

/** The text of a file for the fast readers: UTF-8 within the size limit, without BOM; undefined otherwise (the full reader says why). */
export function fastText(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_FILE_BYTES || !isUtf8(bytes)) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// (O_NOFOLLOW: a link is never read here; O_NONBLOCK: a fifo put in a file's place never blocks)
const QUICK_OPEN = constants.O_NOFOLLOW === undefined ? undefined : constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0);
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * The text of a plain file in one open and a read or two, into a buffer kept for the next file
 * (the careful reader, load.ts readBookFile, first looks at the file twice and copies it);
 * undefined for anything unusual: a link, not a file, too big, not UTF-8. The careful reader
 * then reads it and says why.
 */
function quickText(path: string): string | undefined {
  if (QUICK_OPEN === undefined) return undefined;
  let fd: number;
  try {
    fd = openSync(path, QUICK_OPEN);
  } catch {
    return undefined;
  }
  try {
    let length = 0;
    for (;;) {
      if (length === scratch.length) {
        if (length > MAX_FILE_BYTES) return undefined;
        const bigger = Buffer.allocUnsafe(scratch.length * 4);
        scratch.copy(bigger);
        scratch = bigger;
      }
      const n = readSync(fd, scratch, length, scratch.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_FILE_BYTES) return undefined;
    const bytes = scratch.subarray(0, length);
    if (!isUtf8(bytes)) return undefined;
    const text = decodeUtf8(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined; // a folder (EISDIR), a fifo (EAGAIN), a file gone meanwhile
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of valid UTF-8. Text with letters beyond ASCII (most dossiers: names, notes) is
 * transcoded to UTF-16 and taken as it is: two to three times faster than toString's decoder.
 */
function decodeUtf8(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  const wide = transcode(bytes, 'utf8', 'ucs2');
  return wide.toString('ucs2');
}

/**
 * A valid dossier read by the plain reader, when it has nothing to report (in 'complete' mode,
 * not even a warning); undefined when the other readers must look.
 */
export function plainDossier(id: string, file: string, text: string, context: DossierContext): PlainDossier | undefined;
/** With `located`: and the nodes of the text, for an edit (plain-yaml.ts readPlainTree, which declines more). */
export function plainDossier(id: string, file: string, text: string, context: DossierContext, located: true): (PlainDossier & { tree: SourceNode }) | undefined;
export function plainDossier(id: string, file: string, text: string, context: DossierContext, located = false): PlainDossier | undefined {
  const read: (PlainYaml & { tree?: SourceNode }) | undefined = located ? readPlainTree(text) : readPlainYaml(text);
  if (!read || (read.lookAlike && context.fast === 'complete')) return undefined;
  if (!(context.closedValidator ? context.closedValidator(read.data) : shapeAndKeysFit(read.data, context))) return undefined;
  const dossier = normalize(id, file, read.data, context.knownKeys);
  const findings = dossierFindings(dossier, context.settings, context.today);
  const plain: PlainDossier = read.tree ? { dossier, data: read.data, tree: read.tree } : { dossier, data: read.data };
  if (findings.length === 0) return plain;
  if (findings.some((f) => f.severity === 'error')) return undefined;
  if (context.fast !== 'complete') return plain;
  // Warnings to keep with their positions: where the plain reader can place them (exactly where the
  // full reader's parse does), no full parse is needed.
  const place = plainDiagnostics(file, text, read.tree) ?? (findings.every((f) => f.path.length === 0 && !f.atKey) ? atDocument(file, text) : undefined);
  return place ? { ...plain, problems: place(findings) } : undefined;
}

/**
 * For a book with fields or forms of its own: whether the data has the base shape and no unknown
 * key, as validateDossier and the unknown-key walker over the book's schema together say; in one
 * pass of a precompiled validator where it can, the walker only for a field of the book whose
 * value is an object or that takes a base key's name, or a log entry with forms.
 */
export function shapeAndKeysFit(data: Record<string, unknown>, context: DossierContext): boolean {
  const fields = context.settings.fields;
  let walk = false;
  for (const key in data) {
    if (!Object.hasOwn(fields, key)) {
      if (!BASE_KEYS.has(key)) return false;
    } else if (BASE_KEYS.has(key) || (data[key] !== null && typeof data[key] === 'object')) walk = true;
  }
  const log = data.log;
  if (!walk && Array.isArray(log)) for (const entry of log) if (entry !== null && typeof entry === 'object' && Object.hasOwn(entry, 'forms')) walk = true;
  return walk ? validateDossier(data) && unknownKeyFindings(context.closedSchema, data, 1).length === 0 : validateDossierOpenTop(data);
}
const BASE_KEYS: ReadonlySet<string> = new Set(Object.keys(baseDossierSchema.properties as object));

/**
 * Diagnostics about the whole dossier (a dropped ball) in a text the plain reader took: at its
 * first key, to the end of that line, as the full reader places them (the range of the document's
 * mapping, which goes on below that line). Comments do not matter here; undefined for a one-line
 * document.
 */
function atDocument(file: string, text: string): ((findings: readonly Finding[]) => Diagnostic[]) | undefined {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (first < 0 || !lines.slice(first + 1).some((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))) return undefined;
  const indent = lines[first]!.length - lines[first]!.trimStart().length;
  return (findings) => findings.map((f) => diagnosticAt(file, lines, first + 1, indent + 1, lines[first]!.length - indent, f.severity, f.rule, f.message, f.hint));
}

/** A dossier read by the plain reader; `problems`: its warnings, placed (only in 'complete' mode). */
export interface PlainDossier {
  dossier: Dossier;
  data: Record<string, unknown>;
  tree?: SourceNode;
  problems?: Diagnostic[];
}

/**
 * Diagnostics for findings about a file the plain reader takes for an edit (readPlainTree), at the
 * very positions the full reader's parse gives them (parse.ts toDiagnostics); undefined when it
 * declines the text. `tree`: the text's nodes, when already read.
 */
export function plainDiagnostics(file: string, text: string, tree?: SourceNode): ((findings: readonly Finding[]) => Diagnostic[]) | undefined {
  const root = tree ?? readPlainTree(text)?.tree;
  if (!root) return undefined;
  const positioned = { file, lines: text.split(/\r?\n/), lineCounter: new LineStarts(text) };
  return (findings) => findings.map((f) => diagnosticAtRange(positioned, sourceRange(root, f.path, f.atKey), f.severity, f.rule, f.message, f.hint));
}

/**
 * Loads one dossier by its file name in clients/ on the quick path, or says (undefined) that the
 * full reader must (parse.ts loadDossier, which reads it again from the start). `path`: where to
 * open it (a name relative to clients/ when that is the working directory).
 */
export function quickDossier(root: string, fileName: string, context: DossierContext, path = join(root, CLIENTS_DIR, fileName)): LoadedDossier | undefined {
  const id = fileName.replace(/\.yaml$/, '');
  if (clientIdProblem(id)) return undefined;
  const file = `${CLIENTS_DIR}/${fileName}`;
  const text = quickText(path);
  const found = text !== undefined ? plainDossier(id, file, text, context) : undefined;
  return found ? { id, file, dossier: found.dossier, data: found.data, problems: found.problems ?? [] } : undefined;
}

/** tickler.yaml on the quick path, when it has nothing to report; undefined when the full reader must look. */
export function quickSettings(bytes: Uint8Array | undefined): LoadedSettings | undefined {
  const text = bytes ? fastText(bytes) : undefined;
  const read = text !== undefined ? readPlainYaml(text) : undefined;
  if (!read || read.lookAlike || !validateSettings(read.data) || unknownKeyFindings(baseSettingsSchema, read.data, 1).length > 0) return undefined;
  const settings = settingsFrom(read.data);
  if (settingsFindings(settings, read.data).length > 0) return undefined;
  return { file: SETTINGS_FILE, problems: [], settings, hash: contentHash(bytes!), raw: read.data, broken: [] };
}
