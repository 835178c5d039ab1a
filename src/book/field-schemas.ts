// Whether the schemas of the book's own fields and forms (tickler.yaml) compile, kept under
// .tickler/ for that very tickler.yaml and build. An unchanged validate then needs no schema
// compiler: loading ajv and compiling JSON Schema's meta-schema took about 90 ms of every
// validate of a book with fields of its own (a third of it at 10,000 dossiers).
import { join } from 'node:path';
import type { Finding } from '../core/diagnostics.js';
import type { Settings } from '../core/model.js';
import { CACHE_VERSION } from './cache.js';
import { CACHE_DIR, cacheDir } from './lock.js';
import { readSealedJson, writeSealed } from './seal.js';

const FILE = 'field-schemas.json';

/**
 * The finding about a field or form schema that is not valid JSON Schema, or undefined when they
 * all compile. `settingsHash`: the hash of tickler.yaml's bytes ('' when there is none: nothing kept).
 */
export async function fieldSchemaProblem(root: string, settings: Settings, settingsHash: string): Promise<Finding | undefined> {
  const key = JSON.stringify([CACHE_VERSION, settingsHash]);
  if (settingsHash !== '') {
    const kept = readKept(root, key);
    if (kept !== undefined) return kept ?? undefined;
  }
  const { compileCustomCheck } = await import('./custom-check.js');
  const { problem } = compileCustomCheck(settings);
  if (settingsHash !== '') {
    try {
      writeSealed(join(cacheDir(root), FILE), JSON.stringify({ key, problem: problem ?? null }));
    } catch {
      // .tickler/ cannot be written: the next run compiles them again
    }
  }
  return problem;
}

/** The kept verdict for `key`: a finding, null (they compile), or undefined (none kept, another key, garbled). */
function readKept(root: string, key: string): Finding | null | undefined {
  const kept = readSealedJson(join(root, CACHE_DIR, FILE)) as { key?: unknown; problem?: unknown } | null | undefined;
  if (kept === undefined || kept === null || typeof kept !== 'object' || kept.key !== key) return undefined;
  if (kept.problem === null) return null;
  return isFinding(kept.problem) ? kept.problem : undefined;
}

function isFinding(value: unknown): value is Finding {
  if (value === null || typeof value !== 'object') return false;
  const f = value as Record<string, unknown>;
  return (
    Array.isArray(f.path) &&
    f.path.every((part) => typeof part === 'string' || typeof part === 'number') &&
    (f.severity === 'error' || f.severity === 'warning') &&
    typeof f.rule === 'string' &&
    typeof f.message === 'string' &&
    (f.hint === undefined || typeof f.hint === 'string') &&
    (f.atKey === undefined || typeof f.atKey === 'boolean')
  );
}
