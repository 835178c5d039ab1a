// Options that many commands share, and the examples block of --help.
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';

export function addBookOption(command: Command): Command {
  return command.option('--book <dir>', 'the book directory (default: $TICKLER_BOOK, else the nearest parent with tickler.yaml)');
}

export function addDateOption(command: Command): Command {
  return command.option('--today <YYYY-MM-DD>', 'act as if today were this date (default: $TICKLER_TODAY, else today in the book\'s time zone)');
}

/** --book, --today, --format, --owner, --mine, --as. */
export function addReadOptions(command: Command, formats: readonly string[], who = true): Command {
  addBookOption(command);
  addDateOption(command);
  command.addOption(new Option('--format <format>', `output format: ${formats.join(', ')}`).default('text'));
  if (who) {
    command
      .option('--owner <member>', "only this member's work (covers included)")
      .option('--mine', 'only my clients and those I cover')
      .option('--as <member>', 'act as this team member (default: $TICKLER_USER, else git config user.email)');
  }
  return command;
}

/**
 * The examples block of --help: commands and what they do, side by side when that fits in 80
 * columns, else each comment on the line above its command.
 */
export function examples(command: Command, lines: readonly [string, string][]): Command {
  const width = Math.max(...lines.map(([cmd]) => cmd.length));
  const fits = lines.every(([cmd, what]) => 2 + width + 4 + what.length <= 80);
  const text = fits ? lines.map(([cmd, what]) => `  ${cmd.padEnd(width)}  # ${what}`).join('\n') : lines.map(([cmd, what]) => `  # ${what}\n  ${cmd}`).join('\n');
  return command.addHelpText('after', `\nExamples:\n${text}\n`);
}

/** A whole-number option's value, from `min` to `max`; a usage error otherwise. */
export function wholeNumber(text: string, option: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not "${text}"`);
  return Number(text);
}

/** A repeatable option's values, as given (`--field a=1 --field b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A repeatable option that also takes comma-separated lists (`--tag a --tag b,c` → a, b, c). */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** What a command's action does with the context and commander's arguments: its exit code. */
export type Action = (ctx: import('./context.js').Context, ...args: never[]) => Promise<number>;

/** Binds a command's action: commander's arguments go to `action` with the context, its exit code is kept. */
export type Bind = (action: Action) => (...args: unknown[]) => Promise<void>;
