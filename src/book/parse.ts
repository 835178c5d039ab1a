// Reading files of the book with the YAML readers and the precompiled validators: the fast
// parser (js-yaml) for values, the full one (`yaml`) for positions of problems. Loaded only
// when some file must be read that the plain reader declines or that has a problem to report:
// a read command whose cache is up to date, and a write to a plain dossier, never load it.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { dossierFindings, settingsFindings } from '../core/checks.js';
import type { Diagnostic, Finding } from '../core/diagnostics.js';
import type { Dossier, Settings } from '../core/model.js';
import { validateDossier, validateSettings } from '../generated/validators.js';
import { CLIENTS_DIR, SETTINGS_FILE } from './discover.js';
import { dossierContext, fastText, normalize, plainDiagnostics, plainDossier, quickSettings, shapeFindings, type DossierContext } from './dossier-read.js';
import { clientIdProblem, contentHash, readBookFile, type LoadedDossier, type LoadedSettings } from './load.js';
import { diagnosticAtRange, readYaml, readYamlFast, type YamlFile } from './safe-yaml.js';
import { baseSettingsSchema } from './schema.js';
import { unknownKeyFindings } from './schema-errors.js';
import { settingsFrom } from './settings.js';

export { dossierContext, plainDiagnostics, type DossierContext };
// What a change to a file the plain reader declines needs (save.ts loads it all through here).
export { readTextData } from './safe-yaml.js';
export { sourceTree } from './yaml-tree.js';

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

/** Reads tickler.yaml. With `fast`, a file without any finding is read without positions. */
export function loadSettings(root: string, fast = false): LoadedSettings {
  const read = readBookFile(root, SETTINGS_FILE);
  return settingsFromBytes(read.bytes ?? read.problem!, fast);
}

/** tickler.yaml from its bytes (or the problem that kept them from being read). */
export function settingsFromBytes(bytes: Uint8Array | Diagnostic, fast = false): LoadedSettings {
  const file = SETTINGS_FILE;
  if (!(bytes instanceof Uint8Array)) return { file, problems: [bytes], settings: settingsFrom({}), hash: '', raw: {}, broken: [] };
  const plain = fast ? quickSettings(bytes) : undefined;
  if (plain) return plain;
  const hash = contentHash(bytes);
  // (a file that may hold a YAML 1.1 look-alike is read fully: the cache keeps these problems for validate)
  const quick = fast ? readYamlFast(file, bytes) : undefined;
  if (quick && !MAY_LOOK_ALIKE.test(quick.text)) {
    const data = quick.data ?? undefined;
    const record = data === null ? {} : data;
    if (record !== undefined && typeof record === 'object' && !Array.isArray(record)) {
      const raw = record as Record<string, unknown>;
      if (shapeFindings(raw, validateSettings, baseSettingsSchema, baseSettingsSchema).length === 0) {
        const settings = settingsFrom(raw);
        if (settingsFindings(settings, raw).length === 0) return { file, problems: [], settings, hash, raw, broken: [] };
      }
    }
  }
  const yaml = readYaml(file, bytes);
  const problems = [...yaml.problems];
  if (!yaml.doc) return { file, yaml, problems, settings: settingsFrom({}), hash, raw: {}, broken: [] };
  const { data, problem } = plainData(yaml, 'tickler.yaml');
  if (!data) return { file, yaml, problems: [...problems, problem!], settings: settingsFrom({}), hash, raw: {}, broken: [] };
  const shape = shapeFindings(data, validateSettings, baseSettingsSchema, baseSettingsSchema);
  const broken = [...new Set(shape.filter((f) => f.severity === 'error').map((f) => String(f.path[0] ?? '')))];
  const settings = settingsFrom(data, new Set(broken));
  const findings = [...shape, ...settingsFindings(settings, data)];
  return { file, yaml, problems: [...problems, ...toDiagnostics(yaml, findings)], settings, hash, raw: data, broken };
}

/**
 * The fast path: a valid dossier without positions, or undefined when the full reader must look.
 * The plain reader first; js-yaml for what it declines (flow styles, folded text, anchors are
 * still left to the full reader).
 */
function fastDossier(id: string, file: string, bytes: Uint8Array, context: DossierContext): { dossier: Dossier; data: unknown } | undefined {
  const text = fastText(bytes);
  const plain = text !== undefined ? plainDossier(id, file, text, context) : undefined;
  if (plain) return plain;
  const read = readYamlFast(file, bytes);
  const data = read?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  // (any shape finding is an error, which the full reader reports with its position)
  if (!validateDossier(record) || unknownKeyFindings(context.closedSchema, record, 1).length > 0) return undefined;
  if (context.fast === 'complete' && MAY_LOOK_ALIKE.test(read!.text)) return undefined;
  const dossier = normalize(id, file, record, context.knownKeys);
  const findings = dossierFindings(dossier, context.settings, context.today);
  if (context.fast === 'complete' ? findings.length > 0 : findings.some((f) => f.severity === 'error')) return undefined;
  return { dossier, data };
}

// Plain values that YAML 1.1 readers take for booleans or numbers (the full reader warns about
// them, with positions); a file holding anything like one is read by the full reader in validate.
const MAY_LOOK_ALIKE = /(?:^[ \t]*|[:-][ \t]+|[,[{][ \t]*)(?:[yYnN]|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[-+]?0[0-9_]+(?:\.[0-9_]*)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)[ \t]*(?:\r?$|[,\]}]|[ \t]#)/m;

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

