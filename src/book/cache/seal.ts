// Files of .tickler/ that are read whole end with a seal: the CRC-32 of every byte before it, as
// 8 hex digits and a line break. A file whose seal does not match (a flipped bit, an edit by
// hand, a cut, a file of a build before seals) is not used, so a corrupt cache is rebuilt rather
// than trusted, whatever part of it is wrong: structure checks alone let a changed value through.
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../write/atomic.js';

export { crc32 };

/** The seal's size in bytes. */
const SEAL_BYTES = 9;

/** `parts`, one after another, with their seal, as a cache file (not flushed: caches are rebuilt when lost). */
export function writeSealed(path: string, parts: string | Uint8Array | readonly (string | Uint8Array)[]): void {
  const list = typeof parts === 'string' || parts instanceof Uint8Array ? [parts] : parts;
  let sum = 0;
  for (const part of list) sum = crc32(part, sum);
  writeFileAtomic(path, [...list, `${sum.toString(16).padStart(8, '0')}\n`], { durable: false });
}

/** A sealed file's bytes without the seal; undefined when it is not there, cannot be read or its seal does not match. */
export function readSealed(path: string): Buffer | undefined {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch {
    return undefined;
  }
  const end = buffer.length - SEAL_BYTES;
  if (end < 0 || buffer[buffer.length - 1] !== 0x0a) return undefined;
  const seal = buffer.toString('latin1', end, end + 8);
  if (!/^[0-9a-f]{8}$/.test(seal) || Number.parseInt(seal, 16) !== crc32(buffer.subarray(0, end))) return undefined;
  return buffer.subarray(0, end);
}

/** A sealed file of JSON, parsed; undefined as for readSealed, or when it is not JSON. */
export function readSealedJson(path: string): unknown {
  const bytes = readSealed(path);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
