// The settings as last read (private to the store): what they were made from, under the bytes of
// tickler.yaml they were read from, so that a run whose tickler.yaml is unchanged needs no YAML
// parser for it.
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from '../../core/diagnostics.js';
import { LOCAL_DIR, localDir } from '../local.js';
import { CACHE_VERSION } from './index.js';
import { readSealedJson, writeSealed } from './seal.js';

const FILE = 'settings.json';

export interface KeptSettings {
  /** tickler.yaml's bytes, in base64. */
  source: string;
  raw: Record<string, unknown>;
  broken: string[];
  problems: Diagnostic[];
}

/** The settings kept for tickler.yaml's bytes `source` (base64), when there are any. */
export function keptSettings(root: string, source: string): KeptSettings | undefined {
  const kept = readSealedJson(join(root, LOCAL_DIR, FILE)) as (KeptSettings & { version?: string }) | undefined;
  return kept?.version === CACHE_VERSION && kept.source === source && Array.isArray(kept.broken) && Array.isArray(kept.problems) ? kept : undefined;
}

export function keepSettings(root: string, settings: KeptSettings): void {
  try {
    const text = JSON.stringify({ version: CACHE_VERSION, ...settings });
    // (YAML has numbers JSON has not, .inf and .nan: settings with them are read anew each time)
    if (!isDeepStrictEqual((JSON.parse(text) as KeptSettings).raw, settings.raw)) return;
    localDir(root);
    writeSealed(join(root, LOCAL_DIR, FILE), text);
  } catch {
    // not kept: the next run reads tickler.yaml again
  }
}
