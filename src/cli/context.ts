// Everything a command needs from the outside world, passed in: clock, environment, streams,
// terminal facts and colours. Tests build one in memory; src/main.ts builds the real one.
import type { ChalkInstance } from 'chalk';
import type { Prompter } from './prompter.js';

export interface Output {
  /** Text, or UTF-8 bytes (a kept page, printed as read). */
  write(text: string | Uint8Array): unknown;
}

export interface Context {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The clock, read when a moment matters (a log entry's time is read once the book's lock is held); "today" comes from --today or TICKLER_TODAY when given. */
  now(): Date;
  stdout: Output;
  stderr: Output;
  /** Whether stdout is a terminal (colours, progress, widths). */
  isTTY: boolean;
  /** Whether we can ask questions (stdin and stdout are terminals). */
  interactive: boolean;
  /** Asks questions; absent when there is no terminal to ask on. */
  prompter?: Prompter;
  columns: number;
  chalk: ChalkInstance;
  /** `git config user.email` in the book, read only when "who am I" is needed. */
  gitEmail(cwd: string): string | undefined;
}
