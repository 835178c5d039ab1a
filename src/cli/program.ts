// The command line: commander wiring only. Each command (its options, help and examples, and
// what it does) lives in commands/<verb>.ts.
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import type { Context } from './context.js';
import type { Bind } from './options.js';
import { defineAdd } from './commands/add.js';
import { defineAgenda } from './commands/agenda.js';
import { candidates, defineCompletion } from './commands/completion.js';
import { defineDemo } from './commands/demo.js';
import { defineDigest } from './commands/digest.js';
import { defineDoctor } from './commands/doctor.js';
import { defineHelp } from './commands/help.js';
import { defineExport } from './commands/export.js';
import { defineGitSetup } from './commands/git-setup.js';
import { defineHandover } from './commands/handover.js';
import { defineImport } from './commands/import.js';
import { defineInit } from './commands/init.js';
import { defineList } from './commands/list.js';
import { defineLog } from './commands/log.js';
import { defineMergeDriver } from './commands/merge-driver.js';
import { defineRebalance } from './commands/rebalance.js';
import { defineReport } from './commands/report.js';
import { defineReschedule } from './commands/reschedule.js';
import { defineResolve } from './commands/resolve.js';
import { defineSchema } from './commands/schema.js';
import { defineShow } from './commands/show.js';
import { defineSync } from './commands/sync.js';
import { defineToday } from './commands/today.js';
import { defineValidate } from './commands/validate.js';
import { defineWork } from './commands/work.js';

/** Every command by its names, in the order of `tickler --help`. */
const COMMANDS: readonly [names: readonly string[], define: (program: Command, bind: Bind) => void][] = [
  [['today'], defineToday],
  [['agenda'], defineAgenda],
  [['show'], defineShow],
  [['log'], defineLog],
  [['reschedule', 'snooze'], defineReschedule],
  [['resolve'], defineResolve],
  [['rebalance'], defineRebalance],
  [['add'], defineAdd],
  [['work'], defineWork],
  [['handover'], defineHandover],
  [['list'], defineList],
  [['import'], defineImport],
  [['report'], defineReport],
  [['digest'], defineDigest],
  [['export'], defineExport],
  [['validate', 'check'], defineValidate],
  [['schema'], defineSchema],
  [['init'], defineInit],
  [['demo'], defineDemo],
  [['sync'], defineSync],
  [['git-setup'], defineGitSetup],
  [['doctor'], defineDoctor],
  [['merge-driver'], defineMergeDriver],
  [['completion'], defineCompletion],
  [['help'], (program, bind) => defineHelp(program, bind, (name) => (COMMANDS.some(([names]) => names.includes(name)) ? runCli([name, '--help'], currentContext!) : undefined))],
];

/**
 * The commands to define for `argv`: the one it names, or every one when it names none (help, a
 * typo: commander then lists them or suggests one). The top-level options take no values, so the
 * first word that is not an option is the command.
 */
function commandsFor(argv: readonly string[]): typeof COMMANDS {
  const word = argv.find((arg) => !arg.startsWith('-'));
  const named = COMMANDS.find(([names]) => word !== undefined && names.includes(word));
  return named ? [named] : COMMANDS;
}

/** Runs one command line; resolves to the exit code. Errors other than commander's own are thrown to the caller. */
// (the context of the command line being run, for `help COMMAND`, which runs `COMMAND --help`)
let currentContext: Context | undefined;

export async function runCli(argv: readonly string[], ctx: Context): Promise<number> {
  currentContext = ctx;
  // What the completion scripts ask (never parsed as a command line: the words may hold anything).
  if (argv[0] === '__complete') {
    const program = programOf(ctx, () => async () => undefined, []);
    for (const word of await candidates(program, Number(argv[1]), argv.slice(2), ctx)) ctx.stdout.write(`${word}\n`);
    return EXIT.ok;
  }
  let code: number = EXIT.ok;
  const bind: Bind = (action) => async (...args) => {
    // (commander passes the arguments, then the options, then the command itself)
    code = await action(ctx, ...(args.slice(0, -1) as never[]));
  };
  const program = programOf(ctx, bind, argv);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      if (error.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      throw new UsageError(error.message.replace(/^error: /, ''), { cause: 'reported' });
    }
    throw error;
  }
  return code;
}

/** The command line with the commands `argv` needs (all of them when it names none). */
function programOf(ctx: Context, bind: Bind, argv: readonly string[]): Command {
  const program = new Command('tickler')
    .description('Client follow-ups as a tickler binder: one YAML dossier per client, filed under its next contact date.')
    .version(VERSION, '-V, --version')
    .option('--no-color', 'no colours (also NO_COLOR=1; colours are off anyway when output is not a terminal)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // (the list of commands shows their names; each command's --help shows its arguments)
    .configureHelp({ subcommandTerm: (command) => [command.name(), ...command.aliases()].join('|') })
    .configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
      getOutHelpWidth: () => ctx.columns,
      getErrHelpWidth: () => ctx.columns,
      // (one prefix for every error, the argument parser's included)
      outputError: (text, write) => write(text.replace(/^error: /, 'tickler: ')),
    });
  program.addHelpText(
    'after',
    `
Exit codes: 0 ok, 1 problems found or action refused, 2 usage error,
3 no book found.

Examples:
  tickler demo                      # see it work on a demo book
  tickler init sales-book           # start a book
  tickler today                     # the day's work
  tickler agenda --month --mine     # my month at a glance
  tickler validate                  # check every file`,
  );
  for (const [, define] of commandsFor(argv)) define(program, bind);
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError('(run with --help for usage)');
    command.option('--no-color', 'no colours');
  }
  return program;
}
