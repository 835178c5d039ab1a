// Finished output kept between runs (private to the store): the very bytes a command printed,
// under the version of the book they were made from (the index's id) and everything else they
// depend on (the command's key). While the book is unchanged, the next run prints them as they
// are. A few are kept; the oldest go.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { removeFile } from '../write/atomic.js';
import { LOCAL_DIR as CACHE_DIR } from '../local.js';
import { crc32, readSealed, writeSealed } from './seal.js';

const PREFIX = 'output-';
const KEPT = 16;

function pathOf(root: string, key: string): string {
  return join(root, CACHE_DIR, `${PREFIX}${crc32(key).toString(16).padStart(8, '0')}.out`);
}

/** The output kept for this version and key, or undefined. */
export function keptOutput(root: string, version: string, key: string): Uint8Array | undefined {
  const bytes = readSealed(pathOf(root, key));
  if (!bytes) return undefined;
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  try {
    const head = JSON.parse(bytes.toString('utf8', 0, newline)) as { version?: unknown; key?: unknown };
    return head.version === version && head.key === key ? bytes.subarray(newline + 1) : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps an output (when .tickler/ cannot be written, it is simply not kept). */
export function keepOutput(root: string, version: string, key: string, output: string | Uint8Array): void {
  try {
    writeSealed(pathOf(root, key), [`${JSON.stringify({ version, key })}\n`, output]);
    const dir = join(root, CACHE_DIR);
    const kept = readdirSync(dir)
      .filter((name) => name.startsWith(PREFIX))
      .map((name) => ({ name, time: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of kept.slice(KEPT)) removeFile(join(dir, name));
  } catch {
    // not kept: the next run makes it again
  }
}
