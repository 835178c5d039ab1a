// What the book's git repository says about the files, read through git itself.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readSealedJson, writeSealed } from './seal.js';

/** The directory holding `.git` (a folder, or a file naming the real one), at or above `dir`. */
function workTreeRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** Whether the directory is inside a git work tree (looked up without starting git). */
export function inGitWorkTree(dir: string): boolean {
  return workTreeRoot(dir) !== undefined;
}

// git's own variables that move the repository or its index: with any of them, git is asked.
const LOCATION_VARIABLES = ['GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GIT_COMMON_DIR'];

/** The index file of the repository of `top` (.git/index, or that of a worktree or submodule's gitdir). */
function indexFile(top: string): string | undefined {
  const dotGit = join(top, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return join(dotGit, 'index');
    const line = /^gitdir: (.+?)\r?$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
    if (!line) return undefined;
    return join(isAbsolute(line) ? line : join(top, line), 'index');
  } catch {
    return undefined;
  }
}

type IndexStamp = [size: number, mtimeMs: number, ino: number, ctimeMs: number];

function stampOf(file: string): IndexStamp | undefined {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? [stat.size, stat.mtimeMs, stat.ino, stat.ctimeMs] : undefined;
}

const sameStamp = (a: IndexStamp | undefined, b: IndexStamp | undefined) => a !== undefined && b !== undefined && a.every((v, i) => v === b[i]);

/**
 * Files with unresolved merge conflicts (unmerged index entries), relative to the repository.
 * Asynchronous, so that git runs while tickler reads the files; never rejects (no git: none).
 *
 * `memo` (a file under .tickler/): unmerged entries live in git's index only, and git replaces the
 * index file whenever it changes it. So once git has said "none" for an index file, the same file
 * (size, times, inode) has none: later writes do not start git (10-20 ms) until the index changes.
 */
export function unresolvedConflicts(root: string, memo?: string): Promise<string[]> {
  const top = workTreeRoot(root);
  if (top === undefined) return Promise.resolve([]);
  const located = !LOCATION_VARIABLES.some((name) => process.env[name] !== undefined);
  const index = memo && located ? indexFile(top) : undefined;
  const before = index ? stampOf(index) : undefined;
  if (index && before && memo && sameStamp(before, readMemo(memo, index))) return Promise.resolve([]);
  const startedAt = Date.now();
  return new Promise((resolveFiles) => {
    let out = '';
    // (loaded here: node:child_process brings node:net along, ~8 ms that most writes now skip)
    const { spawn } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
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
      // (an index written within the clock's resolution of the check could change unnoticed)
      if (files.size === 0 && index && memo && before && startedAt - Math.max(before[1], before[3]) > 2_000 && sameStamp(before, stampOf(index))) {
        writeMemo(memo, index, before);
      }
      resolveFiles([...files].sort());
    });
  });
}

function readMemo(memo: string, index: string): IndexStamp | undefined {
  try {
    const data = readSealedJson(memo) as { index?: unknown; stamp?: unknown } | null | undefined;
    return data?.index === index && Array.isArray(data.stamp) && data.stamp.length === 4 && data.stamp.every((n) => typeof n === 'number') ? (data.stamp as IndexStamp) : undefined;
  } catch {
    return undefined;
  }
}

function writeMemo(memo: string, index: string, stamp: IndexStamp): void {
  try {
    writeSealed(memo, JSON.stringify({ index, stamp }));
  } catch {
    // not writable: git is asked again next time
  }
}
