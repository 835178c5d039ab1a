// `tickler sync`: the team's daily round trip. Commits the book's pending changes (only the
// book's files) with a message saying what they are, `git pull --rebase` (dossiers merged by the
// driver), checks the book, and pushes. On a conflict it stops, names the files and the next step,
// and (unless --keep-conflicts) leaves the clone as it was before the pull: nothing half-done.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { unresolvedConflicts } from '../../book/git.js';
import { CLIENTS_DIR, SETTINGS_FILE } from '../../book/read/file.js';
import { commitFiles, git, requireWorkTree, type GitRun } from '../../book/repo.js';
import { EXIT, RefusedError } from '../../errors.js';
import { bookRoot, type BookOptions } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, examples, type Bind } from '../options.js';
import { runValidate } from './validate.js';

interface SyncOptions extends BookOptions {
  keepConflicts?: boolean;
  push?: boolean;
  today?: string;
}

export function defineSync(program: Command, bind: Bind): void {
  const command = program
    .command('sync')
    .description("commit the book's changes, pull the team's (git pull --rebase), check the book, push")
    .option('--keep-conflicts', 'on a conflict, stay in the rebase to resolve it by hand (default: undo the pull)')
    .option('--no-push', 'commit and pull only');
  addBookOption(command);
  examples(command, [
    ['tickler sync', 'morning and evening, or after a batch of calls'],
    ['tickler sync --keep-conflicts', 'resolve a conflict by hand, then `git rebase --continue` and sync again'],
  ]);
  command.action(bind(syncAction));
}

/** The book's own paths, relative to the work tree (a book may sit in a folder of a bigger repository). */
function bookPaths(top: string, root: string): string[] {
  return [SETTINGS_FILE, CLIENTS_DIR, '.gitattributes', '.gitignore', 'schemas'].map((p) => relative(top, join(root, p)).split(sep).join('/'));
}

/** What changed, in `git status` terms, among the book's paths: [status, path]. */
function pending(top: string, paths: readonly string[]): [string, string][] {
  const run = expectGit(git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths]), 'git status');
  const out: [string, string][] = [];
  const records = run.out.split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.length < 4) continue;
    const status = record.slice(0, 2);
    out.push([status, record.slice(3)]);
    if (status.startsWith('R') || status.startsWith('C')) i++; // (the old name follows)
  }
  return out;
}

function expectGit(run: GitRun, what: string): GitRun {
  if (run.code !== 0) throw new RefusedError(`${what} failed: ${(run.err || run.out).trim().split('\n').slice(0, 3).join(' / ') || `exit ${run.code}`}`);
  return run;
}

/** A commit message for these changes: what happened to which clients, from the newest log entries. */
function commitMessage(top: string, changes: readonly [string, string][]): string {
  const lines = changes.map(([status, path]) => {
    const id = /(?:^|\/)clients\/([^/]+)\.yaml$/.exec(path)?.[1];
    if (!id) return `${status.includes('D') ? 'remove' : status.includes('?') || status.includes('A') ? 'add' : 'update'} ${path}`;
    if (status.includes('D')) return `remove ${id}`;
    let newest: string | undefined;
    try {
      const text = readFileSync(join(top, path), 'utf8');
      newest = [...text.matchAll(/^\s*-?\s*outcome:\s*([a-z0-9-]+)\s*$/gm)].at(-1)?.[1];
    } catch {
      // (unreadable: named by its id only)
    }
    return `${status.includes('?') || status.includes('A') ? 'add' : 'update'} ${id}${newest ? ` (last: ${newest})` : ''}`;
  });
  const head = lines.length === 1 ? lines[0]! : `${lines.length} changes: ${lines.slice(0, 3).join(', ')}${lines.length > 3 ? ', …' : ''}`;
  return `tickler sync: ${head}${lines.length > 1 ? `\n\n${lines.map((l) => `- ${l}`).join('\n')}` : ''}`;
}

/** Puts the user's uncommitted changes to tracked files aside (git stash); the files, or none. */
function putAside(top: string): string[] {
  const changed = git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=no']).out.split('\0').filter((r) => r.length > 3).map((r) => r.slice(3));
  if (changed.length === 0) return [];
  expectGit(git(top, ['stash', 'push', '--quiet', '-m', 'tickler sync: your other work, put aside for the pull']), 'putting your other work aside (git stash)');
  return changed;
}

/** Puts the work of putAside back, staged as it was; what to do when it cannot be, or undefined. */
function putBack(top: string, aside: readonly string[]): string | undefined {
  if (aside.length === 0) return undefined;
  if (git(top, ['stash', 'pop', '--index', '--quiet']).code === 0) return undefined;
  const unmerged = git(top, ['diff', '--name-only', '--diff-filter=U', '-z']).out.split('\0').filter(Boolean);
  if (unmerged.length > 0) {
    return `tickler: your other work (${aside.join(', ')}) conflicts with the team's changes in ${unmerged.join(', ')}: resolve the markers there and \`git add\` them, then \`git stash drop\` (git keeps a copy in \`git stash\` meanwhile)`;
  }
  return `tickler: your other work (${aside.join(', ')}) could not go back staged as it was; it is kept in \`git stash\`: \`git stash pop\` brings it back`;
}

async function syncAction(ctx: Context, options: SyncOptions): Promise<number> {
  const root = bookRoot(ctx, options);
  const top = requireWorkTree(root, 'sync');
  const say = (line: string) => void ctx.stdout.write(`${line}\n`);
  const stuck = await unresolvedConflicts(root);
  if (stuck.length > 0) {
    throw new RefusedError(`the clone is in the middle of a merge or rebase with conflicts in ${stuck.join(', ')}; resolve them (edit, \`git add\`, then \`git rebase --continue\` or \`git commit\`), or undo it (\`git rebase --abort\` / \`git merge --abort\`), then sync again`);
  }
  const branch = git(top, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (branch.code !== 0) throw new RefusedError('the clone is not on a branch (a detached HEAD, or a rebase in progress); check out your branch, then sync');

  // 1. Commit the book's pending changes, and nothing else.
  const changes = pending(top, bookPaths(top, root));
  if (changes.length > 0) {
    const message = commitMessage(top, changes);
    expectGit(commitFiles(top, changes.map(([, path]) => path), message), 'git commit');
    // (the message's first line counts them already when there are several)
    say(`committed ${message.split('\n')[0]!.replace(/^tickler sync: /, changes.length === 1 ? '1 change: ' : '')}`);
  } else say('nothing to commit');

  // 2. The team's changes, ours replayed on top.
  const upstream = git(top, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
  if (upstream.code !== 0) {
    throw new RefusedError(`the branch ${branch.out.trim()} has no upstream to pull from and push to; set it once with \`git push -u origin ${branch.out.trim()}\``);
  }
  const theirsBefore = git(top, ['rev-parse', '@{upstream}']).out.trim();
  // The user's other work (tracked files outside the book, staged or not) is put aside for the
  // pull and put back after it, staged as it was; what cannot go back is said, never lost.
  const aside = putAside(top);
  const pulled = git(top, ['pull', '--rebase', '--no-autostash', '--quiet'], { timeout: 300_000 });
  if (pulled.code !== 0) {
    const conflicted = git(top, ['diff', '--name-only', '--diff-filter=U', '-z']).out.split('\0').filter(Boolean);
    const inRebase = ['rebase-merge', 'rebase-apply'].some((name) => existsSync(resolve(top, git(top, ['rev-parse', '--git-path', name]).out.trim())));
    if (!inRebase) {
      const back = putBack(top, aside);
      throw new RefusedError(`git pull failed; your commits are kept: ${(pulled.err || pulled.out).trim().split('\n').slice(0, 3).join(' / ')}${back ? `\n${back}` : ''}`);
    }
    if (options.keepConflicts) {
      ctx.stderr.write(`tickler: conflicts in ${conflicted.join(', ')}; the rebase waits for you:\n  edit each file (keep the right lines, remove the markers), \`git add\` it, \`git rebase --continue\`, then \`tickler sync\` again\n`);
      if (aside.length > 0) ctx.stderr.write(`  your other work (${aside.join(', ')}) is put aside in \`git stash\`: once the rebase is done, \`git stash pop --index\` brings it back\n`);
      return EXIT.problems;
    }
    git(top, ['rebase', '--abort']);
    const back = putBack(top, aside);
    ctx.stderr.write(
      `tickler: the team's changes conflict with yours in ${conflicted.join(', ')}; nothing was changed (your commits are kept, the pull undone).\n` +
        `  to resolve by hand: \`tickler sync --keep-conflicts\`, then edit, \`git add\`, \`git rebase --continue\`, and \`tickler sync\`\n` +
        (back ? `${back}\n` : ''),
    );
    return EXIT.problems;
  }
  const came = Number(git(top, ['rev-list', '--count', `${theirsBefore}..@{upstream}`]).out.trim() || '0');
  say(came === 0 ? 'pulled: nothing new' : `pulled the team's changes (${came} commit${came === 1 ? '' : 's'})`);
  const back = putBack(top, aside);
  if (back) {
    ctx.stderr.write(`${back}\n  nothing was pushed yet: \`tickler sync\` again once that is settled\n`);
    return EXIT.problems;
  }

  // 3. The book must be sound before it goes to the team.
  const checked = await runValidate(ctx, [], { book: root, ...(options.today ? { today: options.today } : {}) });
  if (checked.errors > 0) {
    ctx.stderr.write(`tickler: the book has ${checked.errors} error${checked.errors === 1 ? '' : 's'} after the pull (\`tickler validate\` lists them); fix them, then \`tickler sync\` again. Nothing was pushed.\n`);
    return EXIT.problems;
  }

  // 4. Ours to the team.
  if (options.push === false) return EXIT.ok;
  const ahead = Number(git(top, ['rev-list', '--count', '@{upstream}..HEAD']).out.trim() || '0');
  if (ahead === 0) {
    say('pushed: nothing to push');
    return EXIT.ok;
  }
  const pushed = git(top, ['push', '--quiet'], { timeout: 300_000 });
  if (pushed.code !== 0) {
    throw new RefusedError(`git push failed (someone pushed meanwhile? run \`tickler sync\` again): ${(pushed.err || pushed.out).trim().split('\n').slice(0, 3).join(' / ')}`);
  }
  say(`pushed ${ahead} commit${ahead === 1 ? '' : 's'}`);
  return EXIT.ok;
}
