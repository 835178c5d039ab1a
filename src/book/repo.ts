// The book's git repository, asked and changed through git itself: always without a shell, with a
// time limit, and with `--` before paths. Used by git-setup, doctor, sync and autocommit.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { RefusedError } from '../errors.js';

export interface GitRun {
  code: number;
  out: string;
  err: string;
}

/** git with these arguments in `cwd`; a git that cannot be started is code 127. */
export function git(cwd: string, args: readonly string[], options: { input?: string; timeout?: number } = {}): GitRun {
  const run = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    input: options.input,
    // (no pager, no prompts for credentials from a cron job, messages in English to read them)
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) return { code: 127, out: '', err: (run.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed (or not on PATH)' : run.error.message };
  return { code: run.status ?? 128, out: run.stdout, err: run.stderr };
}

/** The top of the work tree that holds `dir`, or undefined outside one (or without git). */
export function workTree(dir: string): string | undefined {
  const run = git(dir, ['rev-parse', '--show-toplevel']);
  return run.code === 0 ? run.out.trim() : undefined;
}

/** The work tree of the book, or a refusal that says how to make one. */
export function requireWorkTree(root: string, what: string): string {
  const top = workTree(root);
  if (top === undefined) throw new RefusedError(`${what} needs the book to be a git repository; this one is not (\`git init\` in ${root}, or clone the team's book)`);
  return top;
}

export const DRIVER_KEY = 'merge.tickler.driver';
export const DRIVER_NAME_KEY = 'merge.tickler.name';

/** Quoted for the shell git runs the driver with. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** The command that runs this very tickler (its node and launcher, by their real paths). */
export function thisTickler(): string {
  const launcher = process.argv[1] ? realpathSync(process.argv[1]) : '';
  return `${shellQuote(process.execPath)} ${shellQuote(launcher)}`;
}

/** The driver line git runs for `merge=tickler` files. */
export function driverCommand(): string {
  return `${thisTickler()} merge-driver %O %A %B %L %P`;
}

/** The driver registered in the clone's config, if any. */
export function registeredDriver(top: string): string | undefined {
  const run = git(top, ['config', '--local', '--get', DRIVER_KEY]);
  return run.code === 0 ? run.out.trim() : undefined;
}

/** Registers the driver in the clone's own config; returns whether anything changed. */
export function registerDriver(top: string): boolean {
  const wanted = driverCommand();
  if (registeredDriver(top) === wanted) return false;
  for (const [key, value] of [[DRIVER_NAME_KEY, 'tickler: semantic merge of dossiers'], [DRIVER_KEY, wanted]] as const) {
    const run = git(top, ['config', '--local', key, value]);
    if (run.code !== 0) throw new RefusedError(`git config ${key} failed: ${run.err.trim() || `exit ${run.code}`}`);
  }
  return true;
}

/**
 * Commits exactly `files` (paths relative to `top`) with `message`: new files are added first;
 * whatever else is staged stays staged and out of the commit.
 */
export function commitFiles(top: string, files: readonly string[], message: string): GitRun {
  const added = git(top, ['add', '--', ...files]);
  if (added.code !== 0) return added;
  return git(top, ['commit', '--quiet', '--only', '-m', message, '--', ...files]);
}

/**
 * The book's files staged for the next commit (added, copied, modified or renamed), with their
 * staged bytes (the index's, not the work tree's): [path from the work tree's top, bytes]. One
 * `git cat-file --batch` reads them all.
 */
export function stagedFiles(top: string, paths: readonly string[]): [string, Buffer][] {
  const listed = git(top, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR', '--', ...paths]);
  if (listed.code !== 0) throw new RefusedError(`git diff --cached failed: ${listed.err.trim().split('\n')[0]}`);
  const names = listed.out.split('\0').filter(Boolean);
  if (names.length === 0) return [];
  const run = spawnSync('git', ['cat-file', '--batch'], { cwd: top, input: names.map((n) => `:${n}\n`).join(''), maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } });
  if (run.error || run.status !== 0) throw new RefusedError(`git cat-file failed: ${run.error?.message ?? run.stderr.toString().trim().split('\n')[0]}`);
  const out: [string, Buffer][] = [];
  let at = 0;
  for (const name of names) {
    const end = run.stdout.indexOf(0x0a, at);
    const header = run.stdout.subarray(at, end).toString();
    const size = Number(/^\S+ blob (\d+)$/.exec(header)?.[1]);
    if (!Number.isFinite(size)) throw new RefusedError(`git cat-file could not read the staged ${name}: ${header}`);
    out.push([name, run.stdout.subarray(end + 1, end + 1 + size)]);
    at = end + 1 + size + 1;
  }
  return out;
}

/**
 * The stages dossiers were moved into by the commits of a period, from the book's git history:
 * each commit that changed a dossier's `stage:` line counts one move into the new stage. `from`
 * and `to` are days (the commits' author dates, in their own offsets). Undefined when git cannot
 * tell: no git, or the book is not a repository of its own (a folder of a bigger repository,
 * whose history is about more than the book).
 */
export function stageMovesInHistory(root: string, clients: string, from: string, to: string): Map<string, number> | undefined {
  const top = workTree(root);
  if (top === undefined || top !== realpathSync(root)) return undefined;
  // (--since is by commit date, never before the author's: the days are the authors')
  const run = git(root, ['log', '--no-merges', '--format=%x00%aI', '--unified=0', '--no-color', '--no-renames', '-p', `--since=${from}T00:00:00`, '--', clients]);
  if (run.code !== 0) return undefined;
  const moves = new Map<string, number>();
  for (const commit of run.out.split('\0').slice(1)) {
    const day = commit.slice(0, 10);
    if (day < from || day > to) continue;
    // One move a file a commit: its added `stage:` line (a top-level key: no indentation).
    for (const file of commit.split(/^diff --git /m).slice(1)) {
      const added = /^\+stage:\s*["']?([^"'\s#]+)["']?\s*(?:#.*)?$/m.exec(file)?.[1];
      if (added !== undefined && !/^new file mode/m.test(file)) moves.set(added, (moves.get(added) ?? 0) + 1);
    }
  }
  return moves;
}
