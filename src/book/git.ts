// What the book's git repository says about the files, read through git itself.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Whether the directory is inside a git work tree (looked up without starting git). */
export function inGitWorkTree(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

/**
 * Files with unresolved merge conflicts (unmerged index entries), relative to the repository.
 * Asynchronous, so that git runs while tickler reads the files; never rejects (no git: none).
 */
export function unresolvedConflicts(root: string): Promise<string[]> {
  if (!inGitWorkTree(root)) return Promise.resolve([]);
  return new Promise((resolveFiles) => {
    let out = '';
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
      resolveFiles([...files].sort());
    });
  });
}
