// Papercuts a new user tripped over, through the built CLI (npm run build first).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';

describe('a file named where a directory is wanted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickler-papercuts-'));
  writeFileSync(join(dir, 'README.md'), '# not a book\n');

  it.each([['init'], ['demo']])('%s README.md: one line, a usage error, nothing written', (command) => {
    const run = cli([command, 'README.md'], { cwd: dir });
    expect([run.code, run.err]).toEqual([2, 'tickler: README.md is a file, not a directory; name a new or empty directory for the book\n']);
    expect(run.out).toBe('');
  });

  it('init README.md/book: the file on the way is named', () => {
    const run = cli(['init', 'README.md/book'], { cwd: dir });
    expect([run.code, run.err]).toEqual([2, 'tickler: README.md is a file, not a directory; name a new or empty directory for the book\n']);
  });

  it('--book README.md (and TICKLER_BOOK) says it is a file, not that it does not exist', () => {
    const expected = [3, "tickler: README.md is a file, not a book's directory; name the directory that holds tickler.yaml\n"];
    const run = cli(['today', '--book', 'README.md'], { cwd: dir });
    expect([run.code, run.err]).toEqual(expected);
    const env = cli(['list'], { cwd: dir, env: { TICKLER_BOOK: 'README.md' } });
    expect([env.code, env.err]).toEqual(expected);
  });
});
