// Finding the book, the way git finds its repository: --book, TICKLER_BOOK, or the nearest ancestor.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BookNotFoundError } from '../errors.js';
import { SETTINGS_FILE } from './read/file.js';

/** What is at a path: a folder, something else, or nothing (a path through a file is nothing). */
export function kindOf(path: string): 'folder' | 'other' | undefined {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat === undefined ? undefined : stat.isDirectory() ? 'folder' : 'other';
  } catch {
    return undefined;
  }
}

/** The book's root directory. `explicit` is --book, else TICKLER_BOOK; otherwise search upwards from `cwd`. */
export function findBook(cwd: string, explicit: string | undefined): string {
  if (explicit !== undefined && explicit !== '') {
    const root = resolve(cwd, explicit);
    if (!existsSync(join(root, SETTINGS_FILE))) {
      const kind = kindOf(root);
      throw new BookNotFoundError(
        kind === 'folder'
          ? `${explicit} is not a tickler book (no ${SETTINGS_FILE}); create one with \`tickler init ${explicit}\``
          : kind === 'other'
            ? `${explicit} is a file, not a book's directory; name the directory that holds ${SETTINGS_FILE}`
            : `no book at ${explicit}: the directory does not exist; create one with \`tickler init ${explicit}\``,
      );
    }
    return root;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, SETTINGS_FILE))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new BookNotFoundError(
    `no tickler book here or in any parent directory (looked for ${SETTINGS_FILE}); create one with \`tickler init\`, try \`tickler demo\`, or pass --book DIR`,
  );
}
