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

describe('report in a book that is a git repository', () => {
  it("counts the moves into each stage from the book's history: each commit that changed a stage line", async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = copyBook('basic');
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
    const git = (when: string, ...args: string[]) => {
      const run = spawnSync('git', args, { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when }, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
    };
    const restage = (id: string, stage: string) => {
      const path = join(dir, 'clients', `${id}.yaml`);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/^stage: .*$/m, `stage: ${stage}`));
    };
    git('2026-11-01T10:00:00+01:00', 'init', '-q', '-b', 'main');
    git('2026-11-01T10:00:00+01:00', 'add', '-A');
    git('2026-11-01T10:00:00+01:00', 'commit', '-qm', 'the book');
    restage('zeta', 'first-contact');
    git('2026-11-10T10:00:00+01:00', 'commit', '-qam', 'before the period');
    restage('zeta', 'negotiation');
    restage('apex', 'contract');
    git('2026-11-17T10:00:00+01:00', 'commit', '-qam', 'in the period: two moves');
    restage('zeta', 'contract');
    git('2026-11-20T10:00:00+01:00', 'commit', '-qam', 'in the period: one more');
    // (a note changed, no stage: no move)
    writeFileSync(join(dir, 'clients', 'apex.yaml'), `${readFileSync(join(dir, 'clients', 'apex.yaml'), 'utf8')}# seen\n`);
    git('2026-11-21T10:00:00+01:00', 'commit', '-qam', 'a comment');
    const funnel = json([], dir).funnel;
    expect(funnel.movementsFrom).toBe('git');
    expect(funnel.movements).toEqual([{ key: 'negotiation', count: 1 }, { key: 'contract', count: 2 }]);
    // Outside a repository of its own: from the outcomes.
    expect(json([]).funnel.movementsFrom).toBe('outcomes');
  });
});
