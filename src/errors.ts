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

export const EXIT = { ok: 0, problems: 1, usage: 2, noBook: 3 } as const;
