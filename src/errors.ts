// Typed errors; src/main.ts turns each kind into its exit code, in one place. They are known by
// their name: the start-up bundle and the lazily loaded commands each hold a copy of the classes
// (see scripts/build.mjs), and an error made by one copy is an instance of the other.

/** Whether `value` is an error of that name (what `instanceof` means for the classes below). */
export function isErrorNamed(value: unknown, name: string): boolean {
  return value instanceof Error && value.name === name;
}

/** Bad command line: unknown option, malformed date, missing argument. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, 'UsageError');
  }
}

/** No book where one was expected. Exit 3. */
export class BookNotFoundError extends Error {
  override name = 'BookNotFoundError';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, 'BookNotFoundError');
  }
}

/** The command ran and found problems, or refused an action. Exit 1. */
export class RefusedError extends Error {
  override name = 'RefusedError';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, 'RefusedError');
  }
}

/** What the system's error codes mean, in words: the expected faults of files and disks. */
const FAULTS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'no such file (a link to nothing?)',
  ENOTDIR: 'a file stands where a folder should be',
  EISDIR: 'a folder stands where a file should be',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links (a loop?)',
  EMFILE: 'too many files open',
  EIO: 'an input/output error of the device',
};

/** The words for an error of the system (its code too), or undefined when it is not an expected fault. */
export function faultText(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && code in FAULTS ? `${FAULTS[code]} (${code})` : undefined;
}

export const EXIT = { ok: 0, problems: 1, usage: 2, noBook: 3 } as const;
