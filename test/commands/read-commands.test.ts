// Commands run in memory (no process) on the fixture books, checked against the independent
// oracle in test/fixtures/books/basic/EXPECTED.md.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defused } from '../../src/render/csv.js';
import { csvText } from '../../src/render/csv-text.js';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BOOKS, copyBook, run, treeHash } from '../helpers.js';

const basic = join(BOOKS, 'basic');
const broken = join(BOOKS, 'broken');
const day = ['--today', '2026-11-23'];

async function json(argv: string[]) {
  const result = await run([...argv, '--format', 'json']);
  return { ...result, data: JSON.parse(result.out) };
}

describe('today', () => {
  it('lists the items in the order of SPEC 6.1', async () => {
    const { code, data } = await json(['today', '--book', basic, ...day]);
    expect(code).toBe(0);
    expect(data).toMatchObject({ schemaVersion: 1, date: '2026-11-23', owner: null, capacity: 6, problems: [] });
    expect(data.items.map((i: { client: string }) => i.client)).toEqual([
      'baltic-timber', 'mazury-boats', 'riga-print', 'hurtownia-kowalski', 'apteka-zdrowie', 'widok-hotel', 'kaunas-dairy',
      'bella-moda', 'apex', 'aerzte-bedarf', 'atlas-okna', 'lodz-metal', 'handel-lodz', 'zeta', 'echo-serwis',
    ]);
    expect(data.items[2]).toMatchObject({ client: 'riga-print', reason: 'cadence', due: '2026-11-16', overdueDays: 7, owner: 'carol', coveredBy: null });
    expect(data.items[3]).toMatchObject({ time: '15:00', overdueDays: 3, priority: 'low' });
    expect(data.items[6]).toMatchObject({ client: 'kaunas-dairy', owner: 'alice', coveredBy: 'bob', time: '10:30', action: 'meeting' });
    expect(data.items[13]).toMatchObject({ client: 'zeta', priority: 'normal' });
  });

  it('lists complaints, birthdays and dropped balls', async () => {
    const { data } = await json(['today', '--book', basic, ...day]);
    expect(data.complaints.map((c: { client: string; overdueDays: number }) => [c.client, c.overdueDays])).toEqual([['bella-moda', 3], ['kaunas-dairy', 0]]);
    expect(data.birthdays.map((b: { client: string; contact: string }) => `${b.client}/${b.contact}`).sort()).toEqual(['lodz-metal/Marek Kamiński', 'mazury-boats/Piotr Zieliński']);
    expect(data.unscheduled).toEqual([{ client: 'nordic-fish', name: 'Nordic Fish AS', owner: 'carol', stage: 'negotiation', lastContact: '2026-11-04' }]);
    expect(data.overloaded).toEqual([{ owner: 'alice', count: 5, capacity: 4 }]);
  });

  it('follows covers with --owner', async () => {
    const ids = async (owner: string) => (await json(['today', '--book', basic, ...day, '--owner', owner])).data.items.map((i: { client: string }) => i.client);
    expect(await ids('alice')).toEqual(['mazury-boats', 'hurtownia-kowalski', 'aerzte-bedarf', 'handel-lodz', 'zeta']);
    expect(await ids('bob')).toEqual(['baltic-timber', 'widok-hotel', 'kaunas-dairy', 'atlas-okna']);
    expect(await ids('carol')).toEqual(['riga-print', 'apteka-zdrowie', 'bella-moda', 'apex', 'lodz-metal', 'echo-serwis']);
  });

  it('finds "me" from --as, TICKLER_USER or git config user.email', async () => {
    const mine = async (argv: string[], env: Record<string, string>, email?: string) =>
      run(['today', '--book', basic, ...day, '--mine', '--format', 'json', ...argv], { env, gitEmail: () => email });
    expect(JSON.parse((await mine(['--as', 'bob'], {})).out).owner).toBe('bob');
    expect(JSON.parse((await mine([], { TICKLER_USER: 'carol' })).out).owner).toBe('carol');
    const byGit = await mine([], {}, 'Alice@Example.com');
    expect(JSON.parse(byGit.out).owner).toBe('alice');
    const nobody = await mine([], {});
    expect(nobody.code).toBe(2);
    expect(nobody.err).toMatch(/--as MEMBER/);
  });

  it('takes the date from TICKLER_TODAY, and refuses a malformed one', async () => {
    expect(JSON.parse((await run(['today', '--book', basic, '--format', 'json'], { env: { TICKLER_TODAY: '2026-11-24' } })).out).date).toBe('2026-11-24');
    const bad = await run(['today', '--book', basic, '--today', '24.11.2026']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--today must be a date written YYYY-MM-DD');
  });

  it('uses the book time zone for "today"', async () => {
    // 23:30 UTC on the 22nd is already the 23rd in Warsaw.
    const { out } = await run(['today', '--book', basic, '--format', 'json'], { now: () => new Date('2026-11-22T23:30:00Z') });
    expect(JSON.parse(out).date).toBe('2026-11-23');
  });

  it('shows the items of a broken book and lists the problems, exit 0 (1 with --strict)', async () => {
    const { code, data } = await json(['today', '--book', broken, ...day]);
    expect(code).toBe(0);
    expect(data.items.map((i: { client: string }) => i.client)).toEqual(['widok-hotel', 'atlas-okna', 'zeta']);
    const files = new Set(data.problems.map((p: { file: string }) => p.file));
    expect(files.size).toBe(10);
    expect(data.problems.every((p: { severity: string; line: number }) => p.severity === 'error' && p.line >= 1)).toBe(true);
    expect((await run(['today', '--book', broken, ...day, '--strict'])).code).toBe(1);
  });

  it('never writes the book', async () => {
    const before = treeHash(basic);
    await run(['today', '--book', basic, ...day]);
    await run(['agenda', '--book', basic, ...day, '--month']);
    await run(['list', '--book', basic, ...day]);
    await run(['show', '--book', basic, ...day, 'kaunas']);
    await run(['validate', '--book', basic, ...day]);
    await run(['schema', '--book', basic]);
    expect(treeHash(basic)).toBe(before);
  });
});

describe('agenda', () => {
  it('counts each day, today with the overdue, days off marked', async () => {
    const { data } = await json(['agenda', '--book', basic, ...day]);
    expect(data).toMatchObject({ schemaVersion: 1, from: '2026-11-23', to: '2026-11-29' });
    expect(data.days.map((d: { date: string; workday: boolean; count: number }) => [d.date.slice(8), d.workday, d.count])).toEqual([
      ['23', true, 15], ['24', true, 1], ['25', true, 0], ['26', true, 0], ['27', true, 0], ['28', false, 1], ['29', false, 0],
    ]);
    expect(data.days[1].items[0]).toMatchObject({ client: 'sofia-foods', reason: 'cadence', overdueDays: 0 });
  });

  it('refuses conflicting ranges', async () => {
    expect((await run(['agenda', '--book', basic, '--week', '--month'])).code).toBe(2);
    expect((await run(['agenda', '--book', basic, '--days', 'x'])).code).toBe(2);
  });
});

describe('show', () => {
  it('finds a client by id, prefix or part of the name, accents optional', async () => {
    for (const ref of ['handel-lodz', 'handel', 'łódź trade', 'lodz trade']) {
      const { code, out } = await run(['show', '--book', basic, ...day, ref]);
      expect(code, ref).toBe(0);
      expect(out.split('\n')[0]).toContain('Łódź Trade');
    }
  });

  it('lists the candidates of an ambiguous name and exits 1', async () => {
    const { code, err } = await run(['show', '--book', basic, ...day, 'łódź']);
    expect(code).toBe(1);
    expect(err).toContain('matches 2 clients');
    expect(err).toContain('lodz-metal');
    expect(err).toContain('handel-lodz');
    // A unique id prefix wins over parts of names.
    expect((await run(['show', '--book', basic, ...day, 'lodz'])).out).toContain('Lodz Metal');
  });

  it('refuses an unknown client', async () => {
    expect((await run(['show', '--book', basic, 'nobody-here'])).code).toBe(1);
  });
});

describe('list', () => {
  it('filters by owner, stage, tag, overdue and query', async () => {
    const ids = async (argv: string[]) => (await json(['list', '--book', basic, ...day, ...argv])).data.clients.map((c: { client: string }) => c.client);
    expect(await ids(['--unscheduled'])).toEqual(['nordic-fish']);
    expect((await ids(['--overdue'])).sort()).toEqual(['apteka-zdrowie', 'baltic-timber', 'hurtownia-kowalski', 'mazury-boats', 'riga-print']);
    expect(await ids(['--query', 'kowalski'])).toEqual(['hurtownia-kowalski']);
    expect(await ids(['--owner', 'bob'])).toContain('kaunas-dairy');
  });

  it('writes CSV that a spreadsheet cannot execute', async () => {
    const { out } = await run(['list', '--book', basic, ...day, '--format', 'csv']);
    expect(out.split('\r\n')[0]).toBe('client,name,owner,coveredBy,stage,priority,tags,next,time,action,due,overdueDays,lastContact,contact,phone,email');
    // (a phone written with spaces would be computed by a spreadsheet: it gets the apostrophe)
    expect(out).toContain(",'+48 600 100 200,");
    expect(defused('+48600100200')).toBe('+48600100200');
    expect(defused('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(defused('-5')).toBe('-5');
    expect(defused(' =1+1')).toBe("' =1+1");
    expect(csvText(['a', 'b'], [['=HYPERLINK("http://x")', 'a;b']])).toBe(`a,b\r\n"'=HYPERLINK(""http://x"")","a;b"\r\n`);
  });
});

describe('validate', () => {
  it('passes the basic book with its two warnings', async () => {
    const { code, data } = await json(['validate', '--book', basic, ...day]);
    expect(code).toBe(0);
    expect(data).toMatchObject({ schemaVersion: 1, files: 21, errors: 0, warnings: 2 });
    expect(data.problems.map((p: { file: string; rule: string }) => `${p.file} ${p.rule}`)).toEqual(['clients/mazury-boats.yaml expired-cover', 'clients/nordic-fish.yaml no-next']);
    expect((await run(['validate', '--book', basic, ...day, '--strict'])).code).toBe(1);
  });

  it('reports every problem of the broken book at its place', async () => {
    const { code, data } = await json(['validate', '--book', broken, ...day]);
    expect(code).toBe(1);
    const at = data.problems.map((p: { file: string; line: number; column: number; rule: string }) => `${p.file.slice(8)}:${p.line}:${p.column} ${p.rule}`);
    expect(at).toEqual(
      expect.arrayContaining([
        'unknown-key.yaml:10:1 unknown-key',
        'bad-date.yaml:10:9 impossible-date',
        'not-yaml.yaml:11:9 yaml-syntax',
        'conflict.yaml:18:1 conflict-marker',
        'conflict.yaml:25:1 conflict-marker',
        'conflict.yaml:32:1 conflict-marker',
        'duplicate-key.yaml:12:1 duplicate-key',
        'tab-indent.yaml:10:1 tab-indent',
        'alias.yaml:6:5 yaml-alias',
        'yaml11.yaml:7:14 yaml11-lookalike',
        'yaml11.yaml:13:9 yaml11-lookalike',
        'yaml11.yaml:14:9 yaml11-lookalike',
        'unknown-owner.yaml:2:8 unknown-member',
        'log-order.yaml:18:9 log-order',
        'missing-name.yaml:1:1 missing-key',
      ]),
    );
    expect(data.problems.filter((p: { file: string; severity: string }) => p.file.endsWith('yaml11.yaml') && p.severity === 'error')).toEqual([]);
  });

  it('checks only the named files', async () => {
    const { code, data } = await json(['validate', '--book', broken, ...day, join(broken, 'clients', 'zeta.yaml')]);
    expect(code).toBe(0);
    expect(data).toMatchObject({ files: 1, errors: 0 });
  });

  it("checks the book's own fields with the schema compiler", async () => {
    const book = copyBook('basic');
    writeFileSync(join(book, 'clients', 'odd-segment.yaml'), 'name: Odd Segment\nowner: bob\nsegment: enterprize\nnext: { date: 2026-11-30 }\n');
    const { code, data } = await json(['validate', '--book', book, ...day, join(book, 'clients', 'odd-segment.yaml')]);
    expect(code).toBe(1);
    expect(data.problems).toEqual([
      { file: 'clients/odd-segment.yaml', line: 3, column: 10, severity: 'error', rule: 'not-allowed', message: 'segment is "enterprize"; allowed: smb, mid, enterprise', hint: 'did you mean "enterprise"?' },
    ]);
  });
});

describe('exit codes', () => {
  it('is 3 without a book, 2 for usage errors', async () => {
    const none = await run(['today'], { cwd: '/' });
    expect(none.code).toBe(3);
    expect(none.err).toContain('tickler init');
    expect((await run(['today', '--book', '/nonexistent/book'])).code).toBe(3);
    expect((await run(['today', '--book', basic, '--format', 'xml'])).code).toBe(2);
    expect((await run(['today', '--bogus'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});

describe('settings', () => {
  it('an empty tickler.yaml is a working book with every default', async () => {
    const book = mkdtempSync(join(tmpdir(), 'tickler-empty-'));
    mkdirSync(join(book, 'clients'));
    writeFileSync(join(book, 'tickler.yaml'), '');
    // Without a team, owners are not checked; default stages and actions apply.
    writeFileSync(join(book, 'clients', 'acme.yaml'), 'name: Acme\nowner: anyone\nstage: negotiation\nnext: { date: 2026-11-21, action: call }\n');
    const { code, data } = await json(['today', '--book', book, ...day]);
    expect(code).toBe(0);
    expect(data).toMatchObject({ capacity: null, problems: [], items: [{ client: 'acme', overdueDays: 2, owner: 'anyone' }] });
  });

  it('reports problems of tickler.yaml with positions, and keeps the defaults for broken keys', async () => {
    const book = copyBook('basic');
    writeFileSync(join(book, 'tickler.yaml'), 'timezone: Mars/Olympus\nworkdays: [mon, tue, wed, thu, fry]\ncapacity: many\nstages: [lead, won]\nclosed-stages: [lost]\nteem: {}\n');
    const { code, data } = await json(['validate', '--book', book, ...day, join(book, 'tickler.yaml')]);
    expect(code).toBe(1);
    expect(data.problems.map((p: { line: number; column: number; rule: string }) => `${p.line}:${p.column} ${p.rule}`)).toEqual([
      '1:11 unknown-timezone',
      '2:32 not-allowed',
      '3:11 wrong-type',
      '5:17 unknown-stage',
      '6:1 unknown-key',
    ]);
    expect(data.problems[4].hint).toBe('did you mean "team"?');
  });

  it('a tickler.yaml that does not parse: every read command refuses, saying where; validate reports it', async () => {
    const book = copyBook('basic');
    const settings = join(book, 'tickler.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/^capacity: .*$/m, 'capacity: [25'));
    for (const argv of [['today'], ['agenda'], ['list'], ['show', 'zeta'], ['today', '--format', 'json']]) {
      const result = await run([...argv, '--book', book, ...day]);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.out, argv.join(' ')).toBe('');
      expect(result.err, argv.join(' ')).toMatch(/^tickler: tickler\.yaml:\d+:\d+: .*\ntickler\.yaml cannot be read, and without it no dossier can be understood; fix it first \(`tickler validate` shows every problem\)\n$/);
    }
    const { code, data } = await json(['validate', '--book', book, ...day]);
    expect(code).toBe(1);
    expect(data.problems[0]).toMatchObject({ file: 'tickler.yaml', rule: 'yaml-syntax', severity: 'error' });
  });

  it('a tickler.yaml with errors in some keys: said first on stderr, the agenda by the defaults for those keys, exit 1', async () => {
    const book = copyBook('basic');
    const settings = join(book, 'tickler.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/^capacity: .*$/m, 'capacity: lots'));
    const result = await run(['today', '--book', book, ...day]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^tickler: tickler\.yaml has an error; until fixed, defaults stand in for what it gets wrong:\n  tickler\.yaml:\d+:11: capacity must be a whole number, not text \[wrong-type\]\n$/);
    expect(result.out).toContain('Mon 23 Nov 2026 — 15 due, 5 overdue');
    expect(result.out).not.toContain('capacity 6');
  });
});
