// Papercuts a new user tripped over, each pinned by a test: commands run in memory on small books
// made here or on copies of the fixture books.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../src/cli/prompter.js';
import { copyBook, run } from '../helpers.js';

const day = ['--today', '2026-11-23'];

interface Problem {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
  hint?: string;
}

async function validate(book: string, files: string[] = []): Promise<{ code: number; problems: Problem[] }> {
  const result = await run(['validate', '--book', book, ...files, ...day, '--format', 'json']);
  return { code: result.code, problems: (JSON.parse(result.out) as { problems: Problem[] }).problems };
}

const at = (problems: readonly Problem[]) => problems.map((p) => `${p.line}:${p.column} ${p.rule}`);

describe('validate reports every problem of a file at once', () => {
  it('a dossier: a schema error does not hide an unknown owner, an unknown stage or a misspelled key', async () => {
    const book = copyBook('basic');
    writeFileSync(join(book, 'clients', 'multi.yaml'), 'name: Multi\nowner: zed\nstage: negotiatoin\npriority: 7\nnxt:\n  date: 2026-11-24\n');
    const { code, problems } = await validate(book, ['clients/multi.yaml']);
    expect(code).toBe(1);
    expect(at(problems)).toEqual(['2:8 unknown-member', '3:8 unknown-stage', '4:11 not-allowed', '5:1 unknown-key']);
    expect(problems[1]!.hint).toMatch(/did you mean "negotiation"/);
  });

  it('a dossier: meaning is checked in the parts the schema accepts, list items keep their places', async () => {
    const book = copyBook('basic');
    writeFileSync(
      join(book, 'clients', 'partly.yaml'),
      [
        'name: Partly',
        'owner: alice',
        'contacts:',
        '  - name: Jan',
        '    email: not-an-address',
        '  - name: Ewa',
        '    birthday: 1980-02-30',
        'log:',
        '  - at: 2026-11-20T10:00+01:00',
        '    by: bob',
        '    outcome: reachd',
        '  - at: yesterday',
        '    by: zed',
        'next: { date: 2026-11-24, action: cal }',
        '',
      ].join('\n'),
    );
    const { problems } = await validate(book, ['clients/partly.yaml']);
    expect(at(problems)).toEqual(['5:12 bad-format', '7:15 impossible-date', '11:14 unknown-outcome', '12:9 bad-format', '13:9 unknown-member', '14:35 unknown-action']);
    expect(problems[0]!.message).toBe('contacts[0].email is "not-an-address", which is not an e-mail address');
  });

  it('tickler.yaml: a bad capacity, an unknown key, a bad workday and what the broken keys say besides', async () => {
    const book = copyBook('basic');
    const settings = readFileSync(join(book, 'tickler.yaml'), 'utf8')
      .replace('capacity: 6', 'capacity: lots')
      .replace('workdays: [mon, tue, wed, thu, fri]', 'workdays: [mon, tue, wedn, thu, fri]')
      .replace('closed-stages: [dormant, lost]', 'closed-stages: [dormant, lost, 5, gone]')
      .replace('holidays: [2026-12-24,', 'holidays: [2026-02-30, 7, 2026-12-24,')
      .replace('alice@example.com', 'x');
    writeFileSync(join(book, 'tickler.yaml'), `${settings}colour: red\n`);
    const { code, problems } = await validate(book, ['tickler.yaml']);
    expect(code).toBe(1);
    expect(problems.map((p) => `${p.line} ${p.rule}`)).toEqual([
      '3 not-allowed', //      workdays: wedn
      '4 impossible-date', //  2026-02-30, though the list also holds a number
      '4 wrong-type', //       7
      '5 wrong-type', //       capacity: lots
      '7 bad-format', //       alice's e-mail
      '11 wrong-type', //      5 in closed-stages
      '11 unknown-stage', //   gone, beside it
      '25 unknown-key', //     colour
    ]);
    expect(problems.find((p) => p.rule === 'bad-format')!.message).toBe('team.alice.email is "x", which is not an e-mail address');
    const colour = problems.find((p) => p.rule === 'unknown-key')!;
    expect(colour.hint).not.toMatch(/declare/);
    expect(colour.hint).toMatch(/^tickler.yaml knows these keys: timezone, locale, workdays, .*, mail, git$/);
  });

  it('tickler.yaml: an outcome naming a form when there are no forms says there are none', async () => {
    const book = copyBook('basic');
    const settings = readFileSync(join(book, 'tickler.yaml'), 'utf8').replace('  won:  { stage: contract }', '  won:  { stage: contract, form: deal }');
    writeFileSync(join(book, 'tickler.yaml'), settings);
    const { problems } = await validate(book, ['tickler.yaml']);
    expect(problems.map((p) => [p.rule, p.message, p.hint])).toEqual([['unknown-form', 'unknown form "deal"', 'there are no forms: `forms` declares none']]);
  });
});

describe('anchors and aliases (an alias bomb) are one problem per file, in our words, in line order', () => {
  it('also where the parser stops at them, and beside a duplicate key further up', async () => {
    const book = copyBook('basic');
    const clients = join(book, 'clients');
    // an alias with an anchor of its own: the parser says "an alias node must not specify any properties", each time
    writeFileSync(join(clients, 'bomb.yaml'), `name: Bomb\na: &a [lol, lol]\n${Array.from({ length: 8 }, (_, i) => `b${i}: &b${i} *a\n`).join('')}`);
    writeFileSync(join(clients, 'later.yaml'), 'name: Later\nnext: &n\n  date: 2026-11-24\nx: *n\nz: 1\nz: 2\n');
    const { problems } = await validate(book, ['clients/bomb.yaml', 'clients/later.yaml']);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.rule}`)).toEqual([
      'clients/bomb.yaml:2:4 yaml-alias',
      'clients/later.yaml:2:7 yaml-alias',
      'clients/later.yaml:6:1 duplicate-key',
    ]);
    expect(problems[0]!.message).toBe('anchors and aliases are not allowed (9 anchors, 8 aliases in this file)');
    const today = await run(['today', '--book', book, ...day]);
    const lines = today.out.slice(today.out.indexOf('Problems')).split('\n');
    expect(lines.filter((l) => l.includes('clients/bomb.yaml'))).toHaveLength(1);
    expect(today.out).not.toMatch(/alias node|must not specify/);
  });

  it('a tab indentation is one problem on its line, without the parser\'s consequences', async () => {
    const book = copyBook('basic');
    writeFileSync(join(book, 'clients', 'tabs.yaml'), 'name: Tabs\nnext:\n\tdate: 2026-11-23\n');
    const { problems } = await validate(book, ['clients/tabs.yaml']);
    expect(at(problems)).toEqual(['3:1 tab-indent']);
  });
});

describe('validate FILE with --book, run from another directory', () => {
  it('takes a path from the current directory first, then from the book, also when the first is outside the book', async () => {
    const book = copyBook('basic');
    writeFileSync(join(book, 'clients', 'typo.yaml'), 'name: Typo\nowner: alice\nnxt: { date: 2026-11-24 }\n');
    // another book, with files of the same names, is the current directory
    const elsewhere = copyBook('edits');
    writeFileSync(join(elsewhere, 'clients', 'typo.yaml'), 'name: Fine\n');
    const check = async (...files: string[]) => {
      const result = await run(['validate', '--book', book, ...files, ...day, '--format', 'json'], { cwd: elsewhere });
      return { code: result.code, err: result.err, data: result.out ? (JSON.parse(result.out) as { files: number; problems: Problem[] }) : undefined };
    };
    const one = await check('clients/typo.yaml');
    expect([one.code, one.data?.files, one.data?.problems.map((p) => `${p.file} ${p.rule}`)]).toEqual([1, 1, ['clients/typo.yaml unknown-key']]);
    const settings = await check('tickler.yaml');
    expect([settings.code, settings.err, settings.data?.files, settings.data?.problems]).toEqual([0, '', 1, []]);
    const pattern = await check('clients/t*.yaml');
    expect(pattern.data?.problems.map((p) => p.file)).toEqual(['clients/typo.yaml']);
    // and from a directory that is no book at all
    const plain = await run(['validate', '--book', book, 'tickler.yaml', ...day], { cwd: join(book, '..') });
    expect([plain.code, plain.out]).toEqual([0, '1 file checked: 0 errors, 0 warnings\n']);
  });
});

describe('a client with a cadence but no contact logged yet', () => {
  it('is told that the cadence counts from the first logged contact, not to add a cadence', async () => {
    const book = copyBook('basic');
    writeFileSync(join(book, 'clients', 'fresh.yaml'), 'name: Fresh Lead\nowner: alice\nstage: lead\ncadence: 2w\n');
    writeFileSync(join(book, 'clients', 'plain.yaml'), 'name: Plain Lead\nowner: alice\nstage: lead\n');
    const { problems } = await validate(book, ['clients/fresh.yaml', 'clients/plain.yaml']);
    expect(problems.map((p) => [p.file, p.rule, p.hint])).toEqual([
      ['clients/fresh.yaml', 'no-next', 'its `cadence` counts from the first logged contact, and none is logged yet: log one (`tickler log`), or add `next: { date: YYYY-MM-DD }`'],
      ['clients/plain.yaml', 'no-next', 'add `next: { date: YYYY-MM-DD }` (or a `cadence`), or move the client to a closed stage'],
    ]);
  });
});

describe('text within its columns', () => {
  it('a phone number is never broken across lines (today and show at 60 columns)', async () => {
    const book = copyBook('basic');
    const today = await run(['today', '--book', book, ...day], { columns: 60 });
    const phones = [...readFileSync(join(book, 'clients', 'baltic-timber.yaml'), 'utf8').matchAll(/phone: "([^"]+)"/g)].map((m) => m[1]!);
    const shownPhones = today.out.match(/\+\d[\d ]+\d/g) ?? [];
    expect(shownPhones.length).toBeGreaterThan(5);
    for (const phone of shownPhones) expect(phone, today.out).toMatch(/^\+\d{2,3}( \d{2,5}){2,4}$/);
    expect(Math.max(...today.out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
    const page = await run(['show', 'baltic-timber', '--book', book, ...day], { columns: 60 });
    for (const phone of phones) expect(page.out).toContain(phone);
  });

  it('the dropped balls fit the width: the facts go under a long name', async () => {
    const book = copyBook('basic');
    writeFileSync(join(book, 'clients', 'long-name.yaml'), 'name: Przedsiębiorstwo Handlowo-Usługowe Chłodnie Mazowsze Sp. z o.o.\nowner: alice\nstage: fulfilment\n');
    const today = await run(['today', '--book', book, ...day]);
    const section = today.out.slice(today.out.indexOf('Dropped balls'));
    expect(section).toContain('          Przedsiębiorstwo Handlowo-Usługowe Chłodnie Mazowsze Sp. z o.o.\n          fulfilment · alice · never contacted\n');
    expect(Math.max(...today.out.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it('an ambiguous client name lists the candidates in columns (id, name, owner)', async () => {
    const result = await run(['show', 'dz', '--book', copyBook('basic'), ...day]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(['tickler: "dz" matches 2 clients; name one by its id:', '  handel-lodz  Łódź Trade  alice', '  lodz-metal   Lodz Metal  carol', ''].join('\n'));
  });
});

describe('log --form when the book has no forms', () => {
  it('says there are none (not an empty list)', async () => {
    const result = await run(['log', 'zeta', '--book', copyBook('basic'), ...day, '--outcome', 'reached', '--next', '+1w', '--form', 'x', '--as', 'alice']);
    expect([result.code, result.err]).toEqual([2, 'tickler: unknown form "x": there are no forms (tickler.yaml `forms` declares none)\n']);
  });
});

describe('a demo made on a day off', () => {
  it('files the day\'s contacts on the next working day and says so', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tickler-demo-')), 'demo');
    const result = await run(['demo', dir, '--today', '2026-11-28']); // a Saturday
    expect(result.code).toBe(0);
    expect(result.out.split('\n').slice(0, 3)).toEqual(['Sat 28 Nov 2026 is a day off; the demo shows the next working day.', '', 'Mon 30 Nov 2026 — 12 due, 4 overdue, capacity 25']);
    expect(result.out).toContain('  tickler today --owner bob --today 2026-11-30\n');
    const settings = readFileSync(join(dir, 'tickler.yaml'), 'utf8');
    expect(settings).toContain('workdays: [mon, tue, wed, thu, fri]');
    const dates = readdirSync(join(dir, 'clients')).flatMap((f) => [...readFileSync(join(dir, 'clients', f), 'utf8').matchAll(/^ {2}date: (\S+)/gm)].map((m) => m[1]!));
    expect(dates).toContain('2026-11-30');
    expect(dates.filter((d) => d === '2026-11-28' || d === '2026-11-29')).toEqual([]);
    // on a working day, nothing is said and the day is today
    const monday = await run(['demo', join(dir, '..', 'monday'), '--today', '2026-11-30']);
    expect(monday.out.startsWith('Mon 30 Nov 2026 — 12 due')).toBe(true);
  });
});

describe('list shows the owner and the cover apart', () => {
  it('an OWNER and a COVER column, within 80 columns', async () => {
    const book = copyBook('basic');
    writeFileSync(join(book, 'clients', 'long.yaml'), `name: ${'Przedsiębiorstwo Wielobranżowe '.repeat(3).trim()}\nowner: alice\nstage: first-contact\ncover: { by: carol, until: 2026-12-31 }\nnext: { date: 2026-11-25, time: "10:00" }\n`);
    const { code, out } = await run(['list', '--book', book, ...day]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^CLIENT +OWNER +COVER +STAGE +NEXT$/);
    expect(lines.find((l) => l.startsWith('Apex '))).toMatch(/^Apex Sp\. z o\.o\. +alice +carol +negotiation +2026-11-23$/);
    expect(lines.find((l) => l.startsWith('Kaunas '))).toMatch(/^Kaunas Dairy UAB +alice +bob +fulfilment +2026-11-23 10:30$/);
    expect(lines.find((l) => l.startsWith('Atlas '))).toMatch(/^Atlas Okna +bob +negotiation +2026-11-23$/);
    expect(out).not.toContain('*');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
  });
});

describe('add', () => {
  it('a phone or e-mail without --contact is the office: kept as a contact named Office', async () => {
    const book = copyBook('basic');
    const result = await run(['add', 'Stalmet Gliwice', '--book', book, ...day, '--as', 'alice', '--phone', '+48 32 230 11 00', '--email', 'biuro@stalmet.example', '--next', 'tomorrow']);
    expect([result.code, result.err]).toEqual([0, '']);
    const text = readFileSync(join(book, 'clients', 'stalmet-gliwice.yaml'), 'utf8');
    expect(text).toContain('contacts:\n  - name: Office\n    phone: "+48 32 230 11 00"\n    email: biuro@stalmet.example\n');
    const { problems } = await validate(book, ['clients/stalmet-gliwice.yaml']);
    expect(problems).toEqual([]);
    // a position is a person's: still refused without one
    const role = await run(['add', 'Other Co', '--book', book, ...day, '--as', 'alice', '--role', 'Buyer', '--next', 'tomorrow']);
    expect([role.code, role.err]).toEqual([2, "tickler: --role is a contact person's position: name the person with --contact\n"]);
    const help = await run(['add', '--help']);
    expect(help.out).toMatch(/without --contact: the\s+office's, kept as a contact named Office/);
  });

  it('--owner by someone the team does not know: "I" am not needed, so not asked for', async () => {
    const book = copyBook('basic');
    const stranger = { env: { TICKLER_USER: 'intern' }, gitEmail: () => 'intern@elsewhere.example' };
    const added = await run(['add', 'New Lead', '--book', book, ...day, '--owner', 'alice', '--next', 'tomorrow'], stranger);
    expect([added.code, added.err, added.out]).toEqual([0, '', 'added clients/new-lead.yaml, first contact Tue 24 Nov 2026\n']);
    expect(readFileSync(join(book, 'clients', 'new-lead.yaml'), 'utf8')).toContain('owner: alice\n');
    // without --owner, "me" is the owner: then it is needed, and said
    const mine = await run(['add', 'Another Lead', '--book', book, ...day, '--next', 'tomorrow'], stranger);
    expect([mine.code, mine.err]).toEqual([2, 'tickler: "intern" is not in the team of tickler.yaml (members: alice, bob, carol)\n']);
    // and a mistake in --as is said even when it is not needed
    const as = await run(['add', 'Third Lead', '--book', book, ...day, '--owner', 'alice', '--as', 'nobody', '--next', 'tomorrow']);
    expect(as.code).toBe(2);
    // resolve records no one either
    const resolved = await run(['resolve', 'bella-moda', '--book', book, ...day, '--resolution', 'Replaced'], stranger);
    expect([resolved.code, resolved.err]).toEqual([0, '']);
    // a log entry records who: log still needs "me"
    const log = await run(['log', 'new-lead', '--book', book, ...day, '--outcome', 'reached', '--next', '+1w'], stranger);
    expect(log.code).toBe(2);
  });
});

describe('short questions, plain tallies, and a page shown as far as it can be read', () => {
  it('log on a terminal asks "Next contact" in a short line, with the date forms on the line above', async () => {
    const book = copyBook('basic');
    const asked: string[] = [];
    const prompter: Prompter = {
      select: async () => {
        throw new Error('not asked');
      },
      input: async (message) => {
        asked.push(message);
        return message === 'Next contact' ? '+1w' : '';
      },
      confirm: async () => true,
    };
    const result = await run(['log', 'zeta', '--book', book, ...day, '--outcome', 'reached', '--as', 'alice'], { prompter, interactive: true });
    expect(result.code).toBe(0);
    expect(asked).toEqual(['Next contact']);
    expect(result.out).toContain('  e.g. 24.11, tomorrow, +3d, +2wd, friday, dec 5; "none" for no next contact\n');
    for (const line of result.out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('log by someone tickler cannot place says so before asking anything (no answer typed in vain)', async () => {
    const book = copyBook('basic');
    const asked: string[] = [];
    const prompter: Prompter = {
      select: async (message) => {
        asked.push(message);
        throw new Error('not asked');
      },
      input: async (message) => {
        asked.push(message);
        return '+1w';
      },
      confirm: async () => true,
    };
    const result = await run(['log', 'zeta', '--book', book, ...day, '--outcome', 'reached'], { prompter, interactive: true, env: {}, gitEmail: () => 'stranger@example.com' });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/not the e-mail of any team member/);
    expect(asked).toEqual([]);
  });

  it('show: a dossier with a schema error is shown as far as it can be read, with its problems (exit 1)', async () => {
    const book = copyBook('basic');
    writeFileSync(
      join(book, 'clients', 'multi.yaml'),
      'name: Multi Problem\nowner: zed\npriority: 7\ncontacts:\n  - name: Jan Nowak\n    phone: "+48 600 100 200"\n  - role: nameless\nnext: { date: 2026-11-25, action: call }\nlog:\n  - at: 2026-11-20T10:00+01:00\n    by: alice\n    outcome: reached\n    summary: Talked.\n  - at: yesterday\nnotes: Likes tea.\n',
    );
    const text = await run(['show', 'multi', '--book', book, ...day]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('Multi Problem  clients/multi.yaml\n');
    expect(text.out).toContain('  Jan Nowak\n    +48 600 100 200\n');
    expect(text.out).toContain('  Wed 25 Nov 2026 — call (in 2 days)\n');
    expect(text.out).toContain('Talked.');
    expect(text.out).toContain('Likes tea.');
    const problems = text.out.slice(text.out.indexOf('Problems (4)'));
    expect(problems).toContain('clients/multi.yaml:2:8: error: unknown team member "zed" [unknown-member]');
    expect(problems).toContain('clients/multi.yaml:3:11');
    expect(problems).toContain('[missing-key]');
    expect(problems).toContain('[bad-format]');
    const json = await run(['show', 'multi', '--book', book, ...day, '--format', 'json']);
    expect(json.code).toBe(1);
    const data = JSON.parse(json.out) as { dossier: { name: string }; problems: Problem[] };
    expect([data.dossier.name, data.problems.map((p) => p.rule)]).toEqual(['Multi Problem', ['unknown-member', 'not-allowed', 'missing-key', 'bad-format']]);
    // a file that does not parse: its problems, one per line
    writeFileSync(join(book, 'clients', 'unclosed.yaml'), 'name: [unclosed\n');
    const bad = await run(['show', 'unclosed', '--book', book, ...day]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^tickler: clients\/unclosed\.yaml cannot be read:\n {2}clients\/unclosed\.yaml:\d+:\d+: error: .* \[yaml-syntax\]\n`tickler validate clients\/unclosed\.yaml` shows the details\n$/);
  });
});
