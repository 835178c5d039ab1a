// .tickler/: the book's local state (the index, the summaries, kept output), never committed.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCAL_DIR = '.tickler';

/** The local folder of a book, made when missing; it ignores itself, so no book must list it in git. */
export function localDir(root: string): string {
  const dir = join(root, LOCAL_DIR);
  mkdirSync(dir, { recursive: true });
  const ignore = join(dir, '.gitignore');
  try {
    writeFileSync(ignore, '*\n', { flag: 'wx' });
  } catch {
    // already there; unless a write that failed (a full disk) left it empty
    try {
      if (statSync(ignore).size === 0) writeFileSync(ignore, '*\n');
    } catch {
      // not writable: nothing local is written either
    }
  }
  return dir;
}
