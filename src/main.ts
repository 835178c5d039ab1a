// The only module that touches the process: argv, environment, streams, clock and exit code.
import { fstatSync, statSync, writeSync } from 'node:fs';
import { relative } from 'node:path';
import { Chalk } from 'chalk';
import type { Context } from './cli/context.js';
import { runCli } from './cli/program.js';
import { PromptCancelled, terminalPrompter } from './cli/prompter.js';
import { clean } from './core/text.js';
import { BookNotFoundError, EXIT, RefusedError, UsageError, faultText } from './errors.js';

function colourLevel(argv: readonly string[], stream: NodeJS.WriteStream | undefined): 0 | 1 | 2 | 3 {
  if (!stream || argv.includes('--no-color') || (process.env.NO_COLOR ?? '') !== '' || process.env.TERM === 'dumb') return 0;
  const depth = stream.getColorDepth?.() ?? 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : 1;
}

/**
 * Whether a file descriptor is a terminal. process.stdout (and tty.isatty) load node:tty, which
 * loads node:net and the streams: about 8 ms of a 40 ms start. Files, pipes and /dev/null are
 * told apart from terminals by fstat; only another character device is asked of node:tty.
 */
function isTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    const devNull = statSync('/dev/null', { throwIfNoEntry: false });
    if (devNull && devNull.dev === stat.dev && devNull.ino === stat.ino && devNull.rdev === stat.rdev) return false;
  } catch {
    // no such descriptor, or a platform without these facts: ask node:tty
  }
  return (process.getBuiltinModule('node:tty') as typeof import('node:tty')).isatty(fd);
}

/** Pipes closed early (tickler today | head) are not an error. */
function quietOnEpipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  return stream;
}

/**
 * Output to a file or pipe, written at once with writeSync (what node's own stream does there on
 * POSIX), without loading the stream machinery. A pipe left non-blocking by another process
 * answers EAGAIN: the rest then goes through node's stream, which waits for it.
 */
function descriptorOutput(fd: 1 | 2, stream: () => NodeJS.WriteStream): Context['stdout'] {
  let fallback: NodeJS.WriteStream | undefined;
  return {
    write(text: string | Uint8Array) {
      if (fallback) return fallback.write(text);
      const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') process.exit(0);
        if (code !== 'EAGAIN') throw error;
        fallback = quietOnEpipe(stream());
        return fallback.write(bytes.subarray(done));
      }
      return true;
    },
  };
}

function gitEmail(cwd: string): string | undefined {
  // loaded here: most runs never ask git who they are
  const { spawnSync } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const result = spawnSync('git', ['config', 'user.email'], { cwd, encoding: 'utf8', timeout: 5000 });
  const email = result.status === 0 ? result.stdout.trim() : '';
  return email === '' ? undefined : email;
}

/** The one-line message of an expected fault of the file system (writes are atomic: nothing was half written). */
function systemFault(error: unknown, cwd: string): string | undefined {
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  const fault = faultText(error);
  // (a missing file is the command's own business: it says which one it wanted)
  if (fault === undefined || code === 'ENOENT') return undefined;
  const where = path ? ` ${relative(cwd, path) || '.'}` : '';
  // (the writes of dossiers say so themselves, write/save.ts; these are the rest)
  const verb = syscall === undefined ? 'go on' : syscall === 'open' ? 'open' : /write|rename|link|mkdir|unlink|fsync|copyfile/.test(syscall) ? 'write' : 'read';
  return `cannot ${verb}${where}: ${fault}`;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const isTTY = isTerminal(1);
  // A fixed clock for tests and for replaying a day: TICKLER_NOW=2026-11-23T09:15:00Z.
  const fixed = process.env.TICKLER_NOW ? new Date(process.env.TICKLER_NOW) : undefined;
  if (fixed && Number.isNaN(fixed.getTime())) {
    process.stderr.write(`tickler: TICKLER_NOW must be an ISO 8601 timestamp such as 2026-11-23T09:15:00Z, not "${clean(process.env.TICKLER_NOW ?? '')}"\n`);
    return EXIT.usage;
  }
  // A folder deleted under the shell: only a book named by an absolute path can be found then.
  let cwd = '/';
  try {
    cwd = process.cwd();
  } catch {
    if (!argv.some((a) => a === '--book' || a.startsWith('--book=')) && !process.env.TICKLER_BOOK) {
      process.stderr.write('tickler: the current folder no longer exists (deleted?); change to another one, or name the book with --book\n');
      return EXIT.problems;
    }
  }
  const interactive = isTTY && isTerminal(0);
  // The prompts' library decides on colours when it loads, from the environment alone: --no-color
  // must reach it there.
  if (argv.includes('--no-color')) process.env.NO_COLOR = '1';
  // On a terminal, node's own streams (the prompts use them too); elsewhere, plain writes.
  const stdout = isTTY ? quietOnEpipe(process.stdout) : undefined;
  const ctx: Context = {
    cwd,
    env: process.env,
    now: () => fixed ?? new Date(),
    stdout: stdout ?? descriptorOutput(1, () => process.stdout),
    stderr: { write: (text: string | Uint8Array) => process.stderr.write(text) },
    isTTY,
    interactive,
    ...(interactive ? { prompter: terminalPrompter() } : {}),
    columns: stdout ? Math.max(40, stdout.columns ?? 80) : 80,
    chalk: new Chalk({ level: colourLevel(argv, stdout) }),
    gitEmail,
  };
  // (only on the way out with an error: process.stderr costs as much as process.stdout)
  const red = (text: string) => new Chalk({ level: colourLevel(argv, process.stderr.isTTY ? process.stderr : undefined) }).red(text);
  try {
    return await runCli(argv, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      // commander has already printed its own usage errors.
      // (a message of several lines, a list to choose from, keeps its lines; each is made safe)
      if (error.cause !== 'reported') process.stderr.write(`${red('tickler:')} ${error.message.split('\n').map(clean).join('\n')}\n`);
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
    const fault = systemFault(error, ctx.cwd);
    if (fault) {
      process.stderr.write(`${red('tickler:')} ${clean(fault)}\n`);
      return EXIT.problems;
    }
    process.stderr.write(`${red('tickler: internal error:')} ${(error as Error).stack ?? String(error)}\n`);
    return 70;
  }
}

// (no top-level await: the start-up bundle is CommonJS, see scripts/build.mjs)
void main().then((code) => {
  process.exitCode = code;
});
