// What the book's git repository says about its files, asked of git itself (always without a shell).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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

/**
 * Files with unresolved merge conflicts (unmerged index entries), relative to the repository;
 * none outside a repository or without git. Never rejects.
 */
export function unresolvedConflicts(root: string): Promise<string[]> {
  if (!inGitWorkTree(root)) return Promise.resolve([]);
  return new Promise((resolveFiles) => {
    let out = '';
    const { spawn } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
    const child = spawn('git', ['ls-files', '--unmerged', '-z', '--full-name'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', () => resolveFiles([]));
    child.on('close', (code) => {
      if (code !== 0) return resolveFiles([]);
      const files = new Set<string>();
      for (const record of out.split('\0')) {
        const tab = record.indexOf('\t');
        if (tab >= 0) files.add(record.slice(tab + 1));
      }
      resolveFiles([...files].sort());
    });
  });
}
