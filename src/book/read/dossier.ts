// One dossier from its bytes: the dossier, every problem with its position, and what an edit of
// it needs. Pure: no file system, no clock. A clean file is read by the fast parser (js-yaml, no
// positions); a file with anything to report, or anything unusual, by the full one (`yaml`), so
// that every problem comes with file:line:column.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { dossierFindings } from '../../core/checks.js';
import { parsePeriod } from '../../core/dates.js';
import type { Diagnostic, Finding } from '../../core/diagnostics.js';
import { PRIORITIES, type Complaint, type Contact, type Dossier, type LogEntry, type Priority, type Settings } from '../../core/model.js';
import { validateDossier, validateDossierClosed, validateDossierOpenTop } from '../../generated/validators.js';
import { sourceTree } from '../write/tree.js';
import type { SourceNode } from '../write/edit.js';
import { clientIdProblem, dossierFile } from './file.js';
import { baseDossierSchema, effectiveDossierSchema, hasCustomParts, type JsonSchema } from './schema.js';
import { schemaFindings, unknownKeyFindings, type CompiledValidator } from './schema-errors.js';
import { diagnosticAtRange, readYaml, readYamlFast, type YamlFile } from './yaml.js';

/** The findings of the book's own fields and forms (read/custom-check.ts), for `validate`. */
export type CustomCheck = (data: unknown) => Finding[];

/** What reading a dossier needs from the settings, worked out once per book. */
export interface DossierContext {
  settings: Settings;
  /** The book's dossier schema, closed (unknown keys are findings). */
  schema: JsonSchema;
  /** The base schema's keys that are not the book's own fields. */
  knownKeys: ReadonlySet<string>;
  /** Shape and unknown keys in one precompiled pass, for a book without fields or forms of its own. */
  closedValidator?: CompiledValidator;
  /** With it, the book's own fields and forms are checked too (their findings in `custom`). */
  custom?: CustomCheck;
}

export function dossierContext(settings: Settings, custom?: CustomCheck): DossierContext {
  const schema = effectiveDossierSchema(settings);
  const base = Object.keys(schema.properties as Record<string, unknown>);
  return {
    settings,
    schema,
    knownKeys: new Set(base.filter((key) => !(key in settings.fields))),
    ...(hasCustomParts(settings) ? {} : { closedValidator: validateDossierClosed }),
    ...(custom ? { custom } : {}),
  };
}

export interface ParsedDossier {
  id: string;
  /** clients/<id>.yaml */
  file: string;
  /** The dossier, when the file has no errors. */
  dossier?: Dossier;
  /** The file's data, when it parsed to a mapping. */
  data?: Record<string, unknown>;
  /** Every problem of the file (errors and warnings), with positions. */
  problems: Diagnostic[];
  /** With a custom check in the context: the findings of the book's own fields and forms. */
  custom?: Diagnostic[];
  /** Places findings about this file that need more than the file (the date, the whole book). */
  place(findings: readonly Finding[]): Diagnostic[];
}

/** A valid dossier read for a change: also its text and the nodes an edit works on. */
export interface EditableDossier extends ParsedDossier {
  dossier: Dossier;
  data: Record<string, unknown>;
  bytes: Uint8Array;
  /** The text without BOM, line ends as in the file. */
  text: string;
  bom: boolean;
  /** The document's nodes with their source ranges (read/write/edit.ts). */
  tree: SourceNode | null;
}

/** Reads a dossier's bytes; never throws for bad content: everything is a diagnostic. */
export function parseDossier(id: string, bytes: Uint8Array, context: DossierContext): ParsedDossier {
  return read(id, bytes, context, false);
}

/**
 * Reads a dossier's bytes for an edit: always with the full parser, which gives every node's
 * place. Only a dossier without errors comes back editable.
 */
export function parseDossierForEdit(id: string, bytes: Uint8Array, context: DossierContext): EditableDossier | ParsedDossier {
  return read(id, bytes, context, true);
}

export function isEditable(parsed: ParsedDossier): parsed is EditableDossier {
  return 'tree' in parsed;
}

function read(id: string, bytes: Uint8Array, context: DossierContext, forEdit: boolean): ParsedDossier | EditableDossier {
  const file = dossierFile(id);
  const idProblem = clientIdProblem(id);
  if (idProblem) {
    const problem: Diagnostic = { file, line: 1, column: 1, severity: 'error', rule: 'bad-id', message: `"${id}" is not a valid client id: ${idProblem}`, hint: 'rename the file' };
    return { id, file, problems: [problem], place: () => [] };
  }
  if (!forEdit) {
    const fast = fastRead(id, file, bytes, context);
    if (fast) return fast;
  }
  const yaml = readYaml(file, bytes);
  const place = (findings: readonly Finding[]) => toDiagnostics(yaml, findings);
  const parsed: ParsedDossier = { id, file, problems: [...yaml.problems], place };
  if (yaml.doc) {
    const { data, problem } = plainData(yaml, 'a dossier');
    if (problem) parsed.problems.push(problem);
    if (data) {
      parsed.data = data;
      const shape = shapeFindings(data, context);
      parsed.problems.push(...place(shape));
      if (!hasErrors(parsed.problems)) {
        const dossier = normalize(id, file, data, context.knownKeys);
        parsed.problems.push(...place(dossierFindings(dossier, context.settings, undefined)));
        if (!hasErrors(parsed.problems)) parsed.dossier = dossier;
      } else {
        // A schema error does not hide the file's other problems: what the schema accepts is
        // checked for meaning too (an unknown owner beside a bad priority). A missing `next` is
        // not called a dropped ball meanwhile: it is often a misspelled key, already reported.
        const partial = partialDossier(id, file, withoutFindings(data, shape), context.knownKeys);
        parsed.problems.push(...place(dossierFindings(partial, context.settings, undefined).filter((f) => f.rule !== 'no-next')));
      }
      if (context.custom) parsed.custom = place(context.custom(data));
    }
  }
  // (in line order: the schema's findings come after the parser's)
  parsed.problems.sort(inLineOrder);
  if (!forEdit || !parsed.dossier || !parsed.data) return parsed;
  return { ...parsed, dossier: parsed.dossier, data: parsed.data, bytes, text: yaml.text, bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, tree: yaml.doc ? sourceTree(yaml.doc) : null };
}

/** A clean dossier by the fast parser, or undefined when the full one must look (anything to report). */
function fastRead(id: string, file: string, bytes: Uint8Array, context: DossierContext): ParsedDossier | undefined {
  const read = readYamlFast(bytes);
  if (!read || read.lookAlike) return undefined;
  const data = read.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  if (!(context.closedValidator ? context.closedValidator(record) : shapeAndKeysFit(record, context))) return undefined;
  const dossier = normalize(id, file, record, context.knownKeys);
  if (dossierFindings(dossier, context.settings, undefined).length > 0) return undefined;
  const custom = context.custom?.(record);
  if (custom && custom.length > 0) return undefined;
  let full: YamlFile | undefined;
  // (findings that need more than the file are placed by reading it fully, once)
  const place = (findings: readonly Finding[]) => (findings.length === 0 ? [] : toDiagnostics((full ??= readYaml(file, bytes)), findings));
  return { id, file, dossier, data: record, problems: [], ...(custom ? { custom: [] } : {}), place };
}

const BASE_KEYS: ReadonlySet<string> = new Set(Object.keys(baseDossierSchema.properties as object));

/**
 * For a book with fields or forms of its own: whether the data has the base shape and no unknown
 * key, as validateDossier and the unknown-key walker together say; in one pass of a precompiled
 * validator (the base schema open at the top) where it can, the walker only where the book's own
 * schemas could close more (a field of the book whose value is an object, forms in the log).
 */
export function shapeAndKeysFit(record: Record<string, unknown>, context: DossierContext): boolean {
  const fields = context.settings.fields;
  let walk = false;
  for (const key in record) {
    if (!Object.hasOwn(fields, key)) {
      if (!BASE_KEYS.has(key)) return false;
    } else if (BASE_KEYS.has(key) || (record[key] !== null && typeof record[key] === 'object')) walk = true;
  }
  if (!walk && Array.isArray(record.log)) for (const entry of record.log) if (entry !== null && typeof entry === 'object' && Object.hasOwn(entry, 'forms')) walk = true;
  return walk ? validateDossier(record) && unknownKeyFindings(context.schema, record, 1).length === 0 : validateDossierOpenTop(record);
}

function hasErrors(problems: readonly Diagnostic[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Shape (the precompiled schema) and unknown keys of one parsed document. */
function shapeFindings(data: Record<string, unknown>, context: DossierContext): Finding[] {
  const findings = validateDossier(data) ? [] : schemaFindings(validateDossier.errors ?? [], context.schema, data);
  return [...findings, ...unknownKeyFindings(context.schema, data)];
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

function inLineOrder(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column;
}

/**
 * The data without the values the findings are about (a key of the wrong type, a value not
 * allowed, an unknown key): what is left has the schema's shape, but for missing required keys
 * and the holes (undefined) where list items were.
 */
export function withoutFindings(data: Record<string, unknown>, findings: readonly Finding[]): Record<string, unknown> {
  if (findings.length === 0) return data;
  const copy = structuredClone(data);
  for (const finding of findings) {
    // (a missing key is reported at the mapping that lacks it, which stays)
    if (finding.severity !== 'error' || finding.rule === 'missing-key' || finding.path.length === 0) continue;
    let node: unknown = copy;
    for (const part of finding.path.slice(0, -1)) {
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[String(part)] : undefined;
    }
    const last = finding.path[finding.path.length - 1]!;
    if (Array.isArray(node) && typeof last === 'number') node[last] = undefined;
    else if (node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[String(last)];
  }
  return copy;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const recordsOf = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.map((v) => (isRecord(v) ? v : {})) : []);

/**
 * A dossier from data that has the schema's shape but may lack required keys and list items (see
 * withoutFindings): every list keeps its positions, so findings about it point at the right
 * item. For checks only: an entry may lack its required keys (see readableDossier).
 */
export function partialDossier(id: string, file: string, data: Record<string, unknown>, known: ReadonlySet<string>): Dossier {
  const d = data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each key is looked at below
  const dossier = normalize(id, file, data, known);
  dossier.name = typeof d.name === 'string' ? d.name : id;
  dossier.priority = (PRIORITIES as readonly unknown[]).includes(d.priority) ? (d.priority as Priority) : 'normal';
  dossier.tags = Array.isArray(d.tags) ? d.tags.filter((t: unknown): t is string => typeof t === 'string') : [];
  dossier.contacts = recordsOf(d.contacts) as unknown as Contact[];
  dossier.complaints = recordsOf(d.complaints) as unknown as Complaint[];
  dossier.log = recordsOf(d.log) as unknown as LogEntry[];
  if (!isRecord(d.next)) delete dossier.next;
  if (!isRecord(d.cover)) delete dossier.cover;
  return dossier;
}

/**
 * What can be shown of a dossier with errors (show): the partial dossier without the entries
 * that lack what a page needs (a contact's name, a complaint's date and summary, an entry's time).
 */
export function readableDossier(parsed: ParsedDossier, context: DossierContext): Dossier | undefined {
  if (parsed.dossier) return parsed.dossier;
  if (!parsed.data) return undefined;
  const shape = shapeFindings(parsed.data, context);
  const dossier = partialDossier(parsed.id, parsed.file, withoutFindings(parsed.data, shape), context.knownKeys);
  const text = (value: unknown) => typeof value === 'string';
  dossier.contacts = dossier.contacts.filter((c) => text(c.name));
  dossier.complaints = dossier.complaints.filter((c) => text(c.opened) && text(c.summary));
  dossier.log = dossier.log.filter((e) => text(e.at));
  if (dossier.next && !text(dossier.next.date)) delete dossier.next;
  if (dossier.cover && !(text(dossier.cover.by) && text(dossier.cover.until))) delete dossier.cover;
  return dossier;
}

/** The document's plain data, when it is a mapping (an empty file is an empty one). */
export function plainData(yaml: YamlFile, what: string): { data?: Record<string, unknown>; problem?: Diagnostic } {
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
function nodeRange(doc: Document.Parsed, path: readonly (string | number)[], atKey = false): readonly number[] | undefined {
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

/** Findings placed in a file read by the full parser. */
export function toDiagnostics(yaml: YamlFile, findings: readonly Finding[]): Diagnostic[] {
  return findings.map((f) => diagnosticAtRange(yaml, yaml.doc ? nodeRange(yaml.doc, f.path, f.atKey) : undefined, f.severity, f.rule, f.message, f.hint));
}
