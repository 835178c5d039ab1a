// Options that many commands share, and the examples block of --help.
import { Option, type Command } from 'commander';

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

export function examples(command: Command, lines: readonly [string, string][]): Command {
  const width = Math.max(...lines.map(([cmd]) => cmd.length));
  return command.addHelpText('after', `\nExamples:\n${lines.map(([cmd, what]) => `  ${cmd.padEnd(width)}  # ${what}`).join('\n')}\n`);
}
