// `tickler report` on the command line: periods as people give them, one member's figures, what
// is left out said, and never a file written into the book.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOKS, cli, copyBook } from '../helpers.js';

const BASIC = join(BOOKS, 'basic');
const json = (args: string[], cwd = BASIC) => {
  const run = cli(['report', '--format', 'json', '--today', '2026-11-23', ...args], { cwd });
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out);
};

describe('report', () => {
  it('periods: last week by default; --to alone is the week ending on it; --from alone runs to today; dates as typed', () => {
    expect(json([])).toMatchObject({ from: '2026-11-16', to: '2026-11-22' });
    expect(json(['--to', '2026-11-01'])).toMatchObject({ from: '2026-10-26', to: '2026-11-01' });
    expect(json(['--from', '16.11.2026'])).toMatchObject({ from: '2026-11-16', to: '2026-11-23' });
    const wrong = cli(['report', '--from', '2026-11-20', '--to', '2026-11-10', '--today', '2026-11-23'], { cwd: BASIC });
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/^tickler: --from 2026-11-20 is after --to 2026-11-10/);
  });

  it("--owner: the member's contacts, and the clients they have today (covers that ended are the owner's again)", () => {
    const bob = json(['--owner', 'bob']);
    expect(Object.keys(bob.contacts.byOwner)).toEqual(['bob']);
    const names = bob.overdue.oldest.map((n: { client: string }) => n.client);
    // Mazury Boats is Alice's; Bob's cover of it ended on the 20th.
    expect(names).not.toContain('mazury-boats');
    expect(json(['--owner', 'alice']).overdue.oldest.map((n: { client: string }) => n.client)).toContain('mazury-boats');
  });

  it('says on stderr how many dossiers with errors were left out, and never writes into the book', () => {
    const dir = copyBook('basic');
    const path = join(dir, 'clients', 'atlas-okna.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^owner: .*$/m, 'owner: zed'));
    const run = cli(['report', '--today', '2026-11-23'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.err).toBe('tickler: 1 dossier with errors left out; `tickler validate` shows them\n');
    const settings = readFileSync(join(dir, 'tickler.yaml'), 'utf8');
    const into = cli(['report', '--today', '2026-11-23', '-o', 'tickler.yaml'], { cwd: dir });
    expect(into.code).toBe(2);
    expect(into.err).toMatch(/inside the book/);
    expect(readFileSync(join(dir, 'tickler.yaml'), 'utf8')).toBe(settings);
  });
});
