// Schema checks as findings: errors of a compiled JSON Schema validator (ajv, precompiled or not)
// turned into plain sentences at the path they are about, and unknown keys with a "did you mean".
import { didYouMean, pathLabel, type Finding } from '../../core/diagnostics.js';

/** The part of an ajv error we use. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

type JsonSchema = Record<string, unknown>;

function pathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
}

/** The schema node a JSON pointer (#/properties/x/...) names. */
function schemaAt(root: JsonSchema, pointer: string): JsonSchema | undefined {
  let node: unknown = root;
  for (const part of pathOf(pointer.replace(/^#/, ''))) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[String(part)];
  }
  return node !== null && typeof node === 'object' ? (node as JsonSchema) : undefined;
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let node = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[String(part)];
  }
  return node;
}

function describeType(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  object: 'a mapping (key: value lines)',
  array: 'a list',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function shown(value: unknown): string {
  // (a number as it reads, 1e400 too: JSON would say null)
  return typeof value === 'number' ? String(value) : String(JSON.stringify(value));
}

/** One finding per schema error, with a sentence a salesperson can act on. */
export function schemaFindings(errors: readonly SchemaError[], schema: JsonSchema, data: unknown): Finding[] {
  // anyOf reports its branches' errors too; the anyOf error alone says it better.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && anyOfPaths.some((p) => error.schemaPath.startsWith(`${p}/`))) continue;
    // A bad key name is reported once, by the propertyNames error, not again by its inner rule.
    if (error.keyword !== 'propertyNames' && error.schemaPath.includes('/propertyNames/')) continue;
    const path = pathOf(error.instancePath);
    const label = pathLabel(path);
    const value = valueAt(data, path);
    const node = schemaAt(schema, error.schemaPath.replace(/\/[^/]+$/, ''));
    const description = typeof node?.description === 'string' ? node.description.replace(/\.$/, '') : undefined;
    let finding: Finding;
    switch (error.keyword) {
      case 'required': {
        const key = String(error.params.missingProperty);
        finding = { path, severity: 'error', rule: 'missing-key', message: `${path.length ? `${label}: ` : ''}missing required key "${key}"`, hint: `add \`${key}:\`` };
        break;
      }
      case 'type': {
        const want = String(error.params.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
        const hint = error.params.type === 'string' && value !== null && typeof value !== 'object' ? `quote it: "${String(value)}"` : undefined;
        finding = { path, severity: 'error', rule: 'wrong-type', message: `${label} must be ${want}, not ${describeType(value)}`, ...(hint ? { hint } : {}) };
        break;
      }
      case 'enum': {
        const allowed = (error.params.allowedValues as unknown[]).map((v) => String(v));
        const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
        finding = { path, severity: 'error', rule: 'not-allowed', message: `${label} is ${shown(value)}; allowed: ${allowed.join(', ')}`, ...(guess ? { hint: `did you mean "${guess}"?` } : {}) };
        break;
      }
      case 'pattern':
      case 'anyOf':
      case 'const': {
        const what = FORMS[`${String(path[0])}.${String([...path].reverse().find((p) => typeof p === 'string'))}`] ?? (description ? lowerFirst(description) : 'in the expected form');
        finding = { path, severity: 'error', rule: 'bad-format', message: `${label} is ${shown(value)}, which is not ${what}` };
        break;
      }
      case 'minLength':
        finding = { path, severity: 'error', rule: 'empty', message: `${label} must not be empty` };
        break;
      case 'minItems':
        finding = { path, severity: 'error', rule: 'empty', message: `${label} must list at least ${String(error.params.limit)}` };
        break;
      case 'minimum':
        finding = { path, severity: 'error', rule: 'out-of-range', message: `${label} must be at least ${String(error.params.limit)}, not ${shown(value)}` };
        break;
      case 'uniqueItems':
        finding = { path: [...path, Number(error.params.i)], severity: 'error', rule: 'duplicate-item', message: `${label} lists ${shown(valueAt(value, [Number(error.params.i)]))} twice` };
        break;
      case 'propertyNames': {
        const name = String(error.params.propertyName);
        finding = { path: [...path, name], atKey: true, severity: 'error', rule: 'bad-key', message: `"${name}" is not a valid key in ${label}`, hint: 'use lowercase letters, digits and -' };
        break;
      }
      default:
        finding = { path, severity: 'error', rule: 'schema', message: `${label} ${error.message ?? `fails ${error.keyword}`}` };
    }
    const key = `${finding.rule}|${pathLabel(finding.path)}|${finding.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings;
}

/**
 * What a value of these keys must be, where the schema's description says more than that (the
 * description of the others is the phrase: "a date, YYYY-MM-DD").
 */
const FORMS: Record<string, string> = {
  'contacts.email': 'an e-mail address',
  'team.email': 'an e-mail address',
  'contacts.birthday': 'a birthday: YYYY-MM-DD, or --MM-DD when the year is unknown',
  'log.next': 'a date (YYYY-MM-DD) or none',
  'outcomes.next': 'a period such as +2wd, +3d, +1w, +1m, or none',
};

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const resolved = new WeakMap<JsonSchema, JsonSchema | undefined>();

function resolve(root: JsonSchema, node: JsonSchema | undefined): JsonSchema | undefined {
  if (node === undefined) return undefined;
  if (resolved.has(node)) return resolved.get(node);
  let current: JsonSchema | undefined = node;
  for (let i = 0; i < 10 && current && typeof current.$ref === 'string'; i++) current = schemaAt(root, current.$ref);
  resolved.set(node, current);
  return current;
}

/**
 * Keys the schema does not know, wherever it closes an object (additionalProperties: false).
 * A typo like `nxt:` must never silently drop a client from the agenda. `limit`: stop after
 * that many (whether there are any is all some callers need).
 */
export function unknownKeyFindings(root: JsonSchema, data: unknown, limit = Infinity, file: 'dossier' | 'tickler.yaml' = 'dossier'): Finding[] {
  const findings: Finding[] = [];
  // (one path, grown and shrunk as the walk goes: every dossier of a first run goes through here)
  const path: (string | number)[] = [];
  const walk = (node: JsonSchema | undefined, value: unknown) => {
    const schema = resolve(root, node);
    if (!schema || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      const items = schema.items as JsonSchema | undefined;
      if (!items) return;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(items, value[i]);
        path.pop();
      }
      return;
    }
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const additional = schema.additionalProperties;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const child = (value as Record<string, unknown>)[key];
      if (Object.hasOwn(properties, key)) {
        path.push(key);
        walk(properties[key], child);
        path.pop();
      } else if (additional === false) {
        if (findings.length >= limit) return;
        const guess = didYouMean(key, Object.keys(properties));
        const where = path.length ? ` in ${pathLabel(path)}` : '';
        findings.push({
          path: [...path, key],
          atKey: true,
          severity: 'error',
          rule: 'unknown-key',
          message: `unknown key "${key}"${where}`,
          // (a dossier may have the team's own fields, declared in tickler.yaml; tickler.yaml has none of its own)
          hint: guess
            ? `did you mean "${guess}"?`
            : path.length > 0
              ? `known keys: ${Object.keys(properties).join(', ')}`
              : file === 'dossier'
                ? `known keys: ${Object.keys(properties).join(', ')}; declare your own in tickler.yaml \`fields\``
                : `tickler.yaml knows these keys: ${Object.keys(properties).join(', ')}`,
        });
      } else if (additional && typeof additional === 'object') {
        path.push(key);
        walk(additional as JsonSchema, child);
        path.pop();
      }
    }
  };
  walk(root, data);
  return findings;
}
