// Typed errors; src/main.ts turns each kind into its exit code, in one place.

/** Bad command line: unknown option, malformed date, missing argument. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** No book where one was expected. Exit 3. */
export class BookNotFoundError extends Error {
  override name = 'BookNotFoundError';
}

/** The command ran and found problems, or refused an action. Exit 1. */
export class RefusedError extends Error {
  override name = 'RefusedError';
}

export const EXIT = { ok: 0, problems: 1, usage: 2, noBook: 3 } as const;
