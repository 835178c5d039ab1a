// The only module that touches the process: argv, environment, streams, clock and exit code.
import { Chalk } from 'chalk';
import type { Context } from './cli/context.js';
import { BookNotFoundError, EXIT, RefusedError, UsageError } from './cli/errors.js';
import { runCli } from './cli/program.js';
import { PromptCancelled, terminalPrompter } from './cli/prompter.js';
import { clean } from './core/text.js';

function colourLevel(argv: readonly string[], isTTY: boolean): 0 | 1 | 2 | 3 {
  if (!isTTY || argv.includes('--no-color') || (process.env.NO_COLOR ?? '') !== '' || process.env.TERM === 'dumb') return 0;
  const depth = process.stdout.getColorDepth?.() ?? 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : 1;
}

function gitEmail(cwd: string): string | undefined {
  // loaded here: most runs never ask git who they are
  const { spawnSync } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const result = spawnSync('git', ['config', 'user.email'], { cwd, encoding: 'utf8', timeout: 5000 });
  const email = result.status === 0 ? result.stdout.trim() : '';
  return email === '' ? undefined : email;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const isTTY = process.stdout.isTTY === true;
  // A fixed clock for tests and for replaying a day: TICKLER_NOW=2026-11-23T09:15:00Z.
  const now = process.env.TICKLER_NOW ? new Date(process.env.TICKLER_NOW) : new Date();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`tickler: TICKLER_NOW must be an ISO 8601 timestamp such as 2026-11-23T09:15:00Z, not "${clean(process.env.TICKLER_NOW ?? '')}"\n`);
    return EXIT.usage;
  }
  const interactive = isTTY && process.stdin.isTTY === true;
  const ctx: Context = {
    cwd: process.cwd(),
    env: process.env,
    now,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY,
    interactive,
    ...(interactive ? { prompter: terminalPrompter() } : {}),
    columns: isTTY ? Math.max(40, process.stdout.columns ?? 80) : 80,
    chalk: new Chalk({ level: colourLevel(argv, isTTY) }),
    gitEmail,
  };
  const red = new Chalk({ level: colourLevel(argv, process.stderr.isTTY === true) }).red;
  try {
    return await runCli(argv, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      // commander has already printed its own usage errors.
      if (error.cause !== 'reported') process.stderr.write(`${red('tickler:')} ${clean(error.message)}\n`);
      return EXIT.usage;
    }
    if (error instanceof BookNotFoundError) {
      process.stderr.write(`${red('tickler:')} ${clean(error.message)}\n`);
      return EXIT.noBook;
    }
    if (error instanceof PromptCancelled) {
      process.stderr.write('tickler: stopped\n');
      return 130;
    }
    if (error instanceof RefusedError) {
      process.stderr.write(`${red('tickler:')} ${error.message.split('\n').map(clean).join('\n')}\n`);
      return EXIT.problems;
    }
    process.stderr.write(`${red('tickler: internal error:')} ${(error as Error).stack ?? String(error)}\n`);
    return 70;
  }
}

// Pipes closed early (tickler today | head) are not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});
// (no top-level await: the start-up bundle is CommonJS, see scripts/build.mjs)
void main().then((code) => {
  process.exitCode = code;
});
