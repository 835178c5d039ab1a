// Papercuts a new user tripped over, through the built CLI (npm run build first).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyBook } from '../helpers.js';

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

describe('resolve off a terminal with several open complaints', () => {
  it('lists them one per line (number, opened, due, summary) and says how to pick one', () => {
    const book = copyBook('basic');
    const file = join(book, 'clients', 'hurtownia-kowalski.yaml');
    const text = readFileSync(file, 'utf8').replace(
      '    resolved: 2026-11-18\n    resolution: Credit note issued\n',
      '  - opened: 2026-11-16\n    summary: Invoice with the wrong VAT rate\n  - opened: 2026-11-20\n    summary: Late delivery to Łódź\n    due: 2026-11-27\n',
    );
    writeFileSync(file, text);
    const run = cli(['resolve', 'kowalski', '--book', book, '--today', '2026-11-23'], { env: { TICKLER_USER: 'alice' } });
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      [
        'tickler: hurtownia-kowalski has 3 open complaints:',
        '   1  opened 2026-11-12  due 2026-11-19  Pallets delivered damaged',
        '   2  opened 2026-11-16                  Invoice with the wrong VAT rate',
        '   3  opened 2026-11-20  due 2026-11-27  Late delivery to Łódź',
        'say which by its number: --complaint N (e.g. --complaint 1)',
        '',
      ].join('\n'),
    );
    expect(readFileSync(file, 'utf8')).toBe(text);
    const second = cli(['resolve', 'kowalski', '--complaint', '2', '--book', book, '--today', '2026-11-23'], { env: { TICKLER_USER: 'alice' } });
    expect([second.code, second.out]).toEqual([0, 'resolved hurtownia-kowalski: Invoice with the wrong VAT rate\n']);
  });
});
