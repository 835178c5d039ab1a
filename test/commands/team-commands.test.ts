// The team's commands in memory (no process): handover's plan and its writes, its refusals; the
// merge driver's arguments. Real git repositories are in test/e2e/git.test.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../../src/book/read/yaml.js';
import { copyBook, run, treeHash } from '../helpers.js';

const day = ['--today', '2026-11-23'];
const env = { TICKLER_USER: 'alice' };
const data = (book: string, id: string) => parseYamlText(readFileSync(join(book, 'clients', `${id}.yaml`), 'utf8')).toJS() as Record<string, unknown> & { log: Record<string, unknown>[] };
const alices = (book: string) =>
  readdirSync(join(book, 'clients'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .filter((id) => data(book, id).owner === 'alice')
    .sort();

describe('handover', () => {
  it('--until: a cover on each of the owner\'s clients, with a handover entry, under one lock; --end takes them off', async () => {
    const book = copyBook('edits');
    const ids = alices(book);
    expect(ids.length).toBeGreaterThan(3);
    const result = await run(['handover', '--book', book, '--from', 'alice', '--to', 'bob', '--until', '2026-12-31', '--yes', ...day], { env });
    expect([result.code, result.err]).toEqual([0, '']);
    expect(result.out).toMatch(/^bob covers alice's clients through Thu 31 Dec 2026: \d+ clients\n/);
    for (const id of ids) {
      const d = data(book, id);
      expect(d.cover, id).toEqual({ by: 'bob', until: '2026-12-31' });
      expect(d.log.at(-1), id).toMatchObject({ by: 'alice', outcome: 'handover', summary: 'covered by bob until 2026-12-31' });
    }
    // Bob's day now has them; Alice's has none of them.
    const bobs = await run(['today', '--book', book, '--owner', 'bob', '--format', 'json', ...day]);
    const covered = (JSON.parse(bobs.out) as { items: { client: string; coveredBy: string | null }[] }).items.filter((i) => i.coveredBy === 'bob');
    expect(covered.length).toBeGreaterThan(0);
    const ended = await run(['handover', '--book', book, '--from', 'alice', '--end', '--yes', ...day], { env });
    expect(ended.code).toBe(0);
    for (const id of ids) expect(data(book, id).cover, id).toBeUndefined();
  });

  it('--permanent with --tag changes the owner of those clients only', async () => {
    const book = copyBook('edits');
    const tagged = alices(book).filter((id) => ((data(book, id).tags as string[] | undefined) ?? []).length > 0);
    const tag = (data(book, tagged[0]!).tags as string[])[0]!;
    const expected = alices(book).filter((id) => ((data(book, id).tags as string[] | undefined) ?? []).includes(tag));
    const result = await run(['handover', '--book', book, '--from', 'alice', '--to', 'bob', '--permanent', '--tag', tag, '--yes', ...day], { env });
    expect([result.code, result.err]).toEqual([0, '']);
    for (const id of expected) expect(data(book, id).owner, id).toBe('bob');
    expect(alices(book)).toEqual(alices(copyBook('edits')).filter((id) => !expected.includes(id)));
  });

  it('refuses off a terminal without --yes, an unknown member (with a guess), and no --until/--permanent/--end; nothing changes', async () => {
    const book = copyBook('edits');
    const before = treeHash(book);
    const cases: [string[], number, RegExp][] = [
      [['--from', 'alice', '--to', 'bob', '--until', '2026-12-31'], 2, /confirm with --yes/],
      [['--from', 'alice', '--to', 'bobb', '--until', '2026-12-31', '--yes'], 2, /"bobb" is not in the team; did you mean "bob"\?/],
      [['--from', 'alice', '--to', 'bob', '--yes'], 2, /say one of --until DATE/],
      [['--from', 'alice', '--to', 'bob', '--until', '2026-12-31', '--permanent', '--yes'], 2, /say one of/],
      [['--from', 'alice', '--to', 'alice', '--permanent', '--yes'], 2, /the same member/],
      [['--from', 'alice', '--to', 'bob', '--permanent', '--client', 'no-such-client', '--yes'], 2, /no client "no-such-client"/],
    ];
    for (const [args, code, message] of cases) {
      const result = await run(['handover', '--book', book, ...args, ...day], { env });
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.err, args.join(' ')).toMatch(message);
    }
    expect(treeHash(book)).toBe(before);
  });
});

describe('merge-driver arguments', () => {
  it('refuses a marker size that is not a small whole number', async () => {
    const result = await run(['merge-driver', 'a', 'b', 'c', 'x', 'clients/a.yaml']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/marker size/);
  });
});

describe('doctor outside git', () => {
  it('cleans what killed writers left (temporary files, tickets of dead processes), keeps a live waiter\'s ticket, and reports a healthy book', async () => {
    const { writeFileSync, existsSync } = await import('node:fs');
    const { spawnSync } = await import('node:child_process');
    const { hostname } = await import('node:os');
    const book = copyBook('edits');
    const clients = join(book, 'clients');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(clients, '.trakia-agro.yaml.tmp'), 'name: half');
    writeFileSync(join(clients, '.tickler.lock.0a1b.tmp'), JSON.stringify({ pid: Number(dead), host: hostname(), nonce: '0a1b' }));
    writeFileSync(join(clients, '.tickler.lock.2c3d.tmp'), JSON.stringify({ pid: process.pid, host: hostname(), nonce: '2c3d' }));
    const result = await run(['doctor', '--book', book]);
    expect(result.out).toContain('- the book is not a git repository: the team checks are skipped');
    expect(result.out).toContain('- removed what killed writers left: clients/.tickler.lock.0a1b.tmp, clients/.trakia-agro.yaml.tmp');
    expect(result.out).toContain('All is well.');
    expect(result.code).toBe(0);
    expect(existsSync(join(clients, '.tickler.lock.2c3d.tmp'))).toBe(true);
    expect(existsSync(join(clients, '.trakia-agro.yaml.tmp'))).toBe(false);
  });

  it('names conflict markers in dossiers, with the fix, exit 1', async () => {
    const { writeFileSync } = await import('node:fs');
    const book = copyBook('edits');
    const path = join(book, 'clients', 'trakia-agro.yaml');
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n<<<<<<< ours\nstage: lost\n=======\nstage: won\n>>>>>>> theirs\n`);
    const result = await run(['doctor', '--book', book]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/problem: conflict markers in clients\/trakia-agro\.yaml\n  fix: finish the merge by hand/);
  });
});
