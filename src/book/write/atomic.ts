// Writing files safely: a temporary file in the same directory, flushed, then renamed over the
// target, so a reader never sees half a file and a crash never leaves an empty one.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A name part no other write picks: the time and 48 random bits, as hex (names are created with 'wx': a collision is refused, never a clobber). */
export function uniqueHex(): string {
  return `${Date.now().toString(16)}${Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, '0')}`;
}

export interface AtomicWriteOptions {
  /** Called after the new content is on disk and just before it replaces the file; may throw to cancel. */
  beforeReplace?: () => void;
  /** Refuse (EEXIST) instead of replacing an existing file. */
  create?: boolean;
  /** false: skip the flushes (for caches, which are rebuilt when lost). */
  durable?: boolean;
  /**
   * Under the book's lock: the temporary file is `.<name>.tmp`, the same for every write of the
   * file, so that one a killed writer left behind is replaced by the next write, not kept forever.
   */
  locked?: boolean;
}

/** Writes `data` (or its parts, one after another) to `path` as one new file, or not at all. */
export function writeFileAtomic(path: string, data: string | Uint8Array | readonly (string | Uint8Array)[], options: AtomicWriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  // Hidden, so that a temporary file left by a killed process is never taken for a dossier.
  const temp = join(dirname(path), options.locked ? `.${basename(path)}.tmp` : `.${basename(path)}.${uniqueHex()}.tmp`);
  if (options.locked) removeFile(temp);
  // (a new file, or one that cannot be stat'ed, such as a link in a loop: the usual mode)
  let mode = 0o644;
  try {
    mode = (statSync(path, { throwIfNoEntry: false })?.mode ?? 0o644) & 0o777;
  } catch {
    // as for a new file
  }
  const fd = openSync(temp, 'wx', mode);
  try {
    for (const part of typeof data === 'string' || data instanceof Uint8Array ? [data] : data) writeFileSync(fd, part);
    if (options.durable !== false) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    removeFile(temp);
    // (a failed write names no file: name the one being written)
    (error as NodeJS.ErrnoException).path ??= path;
    throw error;
  }
  closeSync(fd);
  let renamed = false;
  try {
    options.beforeReplace?.();
    // link() fails when the target exists, so a new file never replaces one made meanwhile.
    if (options.create) linkSync(temp, path);
    else {
      renameSync(temp, path);
      renamed = true;
    }
  } finally {
    if (!renamed) removeFile(temp);
  }
  if (options.durable !== false) syncDirectory(dirname(path));
}

/** Removes a file, if it is there. */
export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Makes the rename itself durable (where the platform allows opening a directory). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here (e.g. Windows); the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A new file, atomically and durably, as writeFileAtomic with `create` and `locked` writes one,
 * but without blocking, so that several are written at once with their flushes overlapping: a
 * temporary file beside it, flushed, then linked to its name, which fails if that is taken.
 */
export async function createFileAtomic(path: string, text: string): Promise<void> {
  const { link, open } = process.getBuiltinModule('node:fs/promises') as typeof import('node:fs/promises');
  const temp = join(dirname(path), `.${basename(path)}.tmp`);
  removeFile(temp);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    removeFile(temp);
    (error as NodeJS.ErrnoException).path ??= path;
    throw error;
  }
  await handle.close();
  try {
    await link(temp, path);
  } finally {
    removeFile(temp);
  }
}
