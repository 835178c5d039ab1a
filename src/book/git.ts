// What the book's git repository says about its files, asked of git itself (always without a shell).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readSealedJson, writeSealed } from './cache/seal.js';
import { LOCAL_DIR, localDir } from './local.js';

/** The directory holding `.git` (a folder, or a file naming the real one), at or above `dir`. */
function workTreeRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** git's index file of the work tree at `top` (.git/index, or that of a worktree's or submodule's gitdir). */
function indexFile(top: string): string | undefined {
  const dotGit = join(top, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return join(dotGit, 'index');
    const line = /^gitdir: (.+?)\r?$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
    return line ? join(isAbsolute(line) ? line : join(top, line), 'index') : undefined;
  } catch {
    return undefined;
  }
}

type IndexStamp = [size: number, mtimeMs: number, ino: number, ctimeMs: number];

function stampOf(file: string): IndexStamp | undefined {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? [stat.size, stat.mtimeMs, stat.ino, stat.ctimeMs] : undefined;
}

const MEMO = 'git-index.json';
// git's own variables that move the repository or its index: with any of them, git is always asked.
const LOCATION_VARIABLES = ['GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GIT_COMMON_DIR'];

/**
 * Files with unresolved merge conflicts (unmerged index entries), relative to the repository;
 * none outside a repository or without git. Never rejects.
 *
 * Unmerged entries live in git's index only, and git replaces its index file whenever it changes
 * it: once git has said "none" for an index file, the same file (size, times, inode) has none, so
 * the next writes need not start git (remembered in .tickler/, private to the store).
 */
export function unresolvedConflicts(root: string): Promise<string[]> {
  const top = workTreeRoot(root);
  if (top === undefined) return Promise.resolve([]);
  const index = LOCATION_VARIABLES.some((name) => process.env[name] !== undefined) ? undefined : indexFile(top);
  const before = index ? stampOf(index) : undefined;
  const memo = join(root, LOCAL_DIR, MEMO);
  const kept = readSealedJson(memo) as { index?: string; stamp?: IndexStamp } | undefined;
  if (before && kept !== undefined && kept.index === index && JSON.stringify(kept.stamp) === JSON.stringify(before)) return Promise.resolve([]);
  const asked = Date.now();
  return new Promise((resolveFiles) => {
    let out = '';
    const { spawn } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
    // (a git that hangs, on a network share say, is given up on: the write is not held for ever)
    const child = spawn('git', ['ls-files', '--unmerged', '-z', '--full-name'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', () => resolveFiles([]));
    child.on('close', (code) => {
      if (code !== 0) return resolveFiles([]);
      const files = new Set<string>();
      for (const record of out.split('\0')) {
        const tab = record.indexOf('\t');
        if (tab >= 0) files.add(record.slice(tab + 1));
      }
      // (an index written within the clock's resolution of the question could change unnoticed)
      if (files.size === 0 && index && before && asked - Math.max(before[1], before[3]) > 2_000 && JSON.stringify(stampOf(index)) === JSON.stringify(before)) {
        try {
          localDir(root);
          writeSealed(memo, JSON.stringify({ index, stamp: before }));
        } catch {
          // not kept: git is asked again next time
        }
      }
      resolveFiles([...files].sort());
    });
  });
}
