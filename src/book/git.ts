// What the book's git repository says about the files, read through git itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Whether the directory is inside a git work tree (looked up without starting git). */
export function inGitWorkTree(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

/** Files with unresolved merge conflicts (unmerged index entries), relative to the repository. */
export function unresolvedConflicts(root: string): string[] {
  if (!inGitWorkTree(root)) return [];
  const result = spawnSync('git', ['ls-files', '--unmerged', '-z', '--full-name'], { cwd: root, encoding: 'utf8', timeout: 10_000 });
  if (result.status !== 0) return [];
  const files = new Set<string>();
  for (const record of result.stdout.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab >= 0) files.add(record.slice(tab + 1));
  }
  return [...files].sort();
}
