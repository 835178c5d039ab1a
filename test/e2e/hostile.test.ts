// Hostile and broken input, end to end (SPEC 3, 4, 6.1, 6.11, 7): books are built in temporary
// directories from the `basic` fixture (15 items on 2026-11-23), files are added to clients/, and
// the built CLI is spawned. Every problem must be reported with its rule and position, the rest of
// the agenda must survive, nothing unsafe may reach the terminal, and read commands never write.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, cli, copyBook, treeHash } from '../helpers.js';

const DAY = ['--today', '2026-11-23'];

/** The 15 items of `basic` on 2026-11-23, in display order (test/fixtures/books/basic/EXPECTED.md 1.1). */
const BASIC_ITEMS = [
  'baltic-timber', 'mazury-boats', 'riga-print', 'hurtownia-kowalski', 'apteka-zdrowie', 'widok-hotel', 'kaunas-dairy',
  'bella-moda', 'apex', 'aerzte-bedarf', 'atlas-okna', 'lodz-metal', 'handel-lodz', 'zeta', 'echo-serwis',
];
/** tickler.yaml plus the 20 dossiers of `basic`. */
const BASIC_FILES = 21;

/** C0 controls except \n, DEL, C1 controls, and the bidi controls (embeddings, overrides, isolates, marks). */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

interface Problem { file: string; line: number; column: number; severity: string; rule: string; message: string }
interface Item { client: string; name: string; time: string | null; due: string; note?: string | null; contact?: { name?: string; phone?: string } | null }
interface TodayJson { items: Item[]; problems: Problem[] }
interface ValidateJson { schemaVersion: number; files: number; errors: number; warnings: number; problems: Problem[] }

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the `basic` book with extra files in clients/. */
function book(files: Record<string, string | Buffer> = {}): string {
  const dir = copyBook('basic');
  made.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'clients', name), content);
  return dir;
}

/** A scratch directory outside every book. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickler-outside-'));
  made.push(dir);
  return dir;
}

function today(dir: string): TodayJson & { code: number | null; err: string } {
  const r = cli(['today', ...DAY, '--format', 'json'], { cwd: dir });
  return { ...(JSON.parse(r.out) as TodayJson), code: r.code, err: r.err };
}

function validate(dir: string, ...files: string[]): ValidateJson & { code: number | null; err: string } {
  const r = cli(['validate', ...files, '--format', 'json'], { cwd: dir });
  return { ...(JSON.parse(r.out) as ValidateJson), code: r.code, err: r.err };
}

/** The problems of one file as "line:column severity rule", in the order reported. */
function at(problems: readonly Problem[], file: string): string[] {
  return problems.filter((p) => p.file === file).map((p) => `${p.line}:${p.column} ${p.severity} ${p.rule}`);
}

/** The line of the text output that reports a problem: FILE:LINE:COLUMN: severity: message [rule]. */
function reportLine(out: string, file: string, line: number, column: number | null, severity: string, rule: string): string | undefined {
  const where = `${file}:${line}:`;
  return out.split('\n').find((l) => l.startsWith(where) && (column === null ? /^\d+: /.test(l.slice(where.length)) : l.startsWith(`${where}${column}: `)) &&
    l.includes(`: ${severity}: `) && l.endsWith(`[${rule}]`));
}

function firstUnsafe(text: string): string | undefined {
  const m = UNSAFE.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 20), m.index + 20))}` : undefined;
}

/**
 * Like cli(), without blocking this process: a run that never ends (a FIFO read, a runaway
 * parse) fails the test by the runner's time limit for a test, not by hanging the whole suite.
 */
function cliAsync(args: string[], cwd: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

// ---------------------------------------------------------------------------------------------
// Dossier texts used by several tests.

/** A valid dossier due today, written with a UTF-8 BOM and CRLF line ends. */
const BOM_CRLF_VALID =
  '\ufeffname: Crlf Corp\r\nowner: bob\r\nstage: lead\r\ncontacts:\r\n  - name: Ann Crlf\r\n    phone: "+48 111 222 333"\r\n' +
  'next:\r\n  date: 2026-11-23\r\n  action: call\r\n  note: Ring her\r\nnotes: |\r\n  line one\r\n  line two\r\n';

/** The name of the control-character test, and the dossier that carries it (due today). */
const EVIL_NAME = 'Evil\u001b[31mRed\u202eCorp\u0007';
const EVIL_CONTACT = 'Mr\u001b]0;pwned\u0007 X\u0085Y\u009bZ\u2066';
const EVIL_NOTE = 'Note\u001b[2J\u202e done\u0000\ttab';
const EVIL_CORP = [
  'name: "Evil\\e[31mRed\\u202eCorp\\a"',
  'owner: alice',
  'stage: lead',
  'tags: ["t\\e[1mag"]',
  'contacts:',
  '  - name: "Mr\\x1b]0;pwned\\x07 X\\u0085Y\\u009bZ\\u2066"',
  '    role: "Boss\\u200f\\u061c"',
  '    phone: "+48 600\\r000 000"',
  'next:',
  '  date: 2026-11-23',
  '  action: call',
  '  note: "Note\\e[2J\\u202e done\\0\\ttab"',
  'offer: "Offer\\e[5m blink"',
  'notes: "line1\\nline2\\e[0m\\u009b2J"',
  '',
].join('\n');

/** A dossier with leftover merge markers at lines 12, 16, 17 and 21 (diff3 style), and a "=======" inside notes. */
const CONFLICTED = [
  'name: Torun Pierniki', //            1
  'owner: alice', //                    2
  'stage: retention', //                3
  'next:', //                           4
  '  date: 2026-11-23', //              5
  '  action: call', //                  6
  'log:', //                            7
  '  - at: 2026-11-10T10:00+01:00', //  8
  '    by: alice', //                   9
  '    action: call', //                10
  '    outcome: reached', //            11
  '<<<<<<< HEAD', //                    12
  '  - at: 2026-11-20T09:00+01:00', //  13
  '    by: alice', //                   14
  '    outcome: reached', //            15
  '||||||| merged common ancestors', // 16
  '=======', //                         17
  '  - at: 2026-11-20T11:30+01:00', //  18
  '    by: bob', //                     19
  '    outcome: voicemail', //          20
  '>>>>>>> origin/main', //             21
  'notes: |', //                        22
  '  A separator in the notes:', //     23
  '  =======', //                       24
  '  is not a marker.', //              25
  '',
];

// ---------------------------------------------------------------------------------------------

describe('hostile input: deep nesting and size', () => {
  it('50 deeply nested files are each reported as too-deep, and the agenda of the other files survives', () => {
    const files: Record<string, string> = {};
    // 40 files of 5,000 open flow brackets on line 3; the 65th level is bracket 64, at column 7 + 64.
    for (let i = 0; i < 40; i++) files[`deep-flow-${i}.yaml`] = `name: Deep Flow ${i}\nowner: alice\nextra: ${'['.repeat(5000)}\n`;
    // 10 files of 200 levels of block mappings; level 65 is key k64 on line 66, indented 128 spaces.
    const block = ['name: Deep Block', 'x:'];
    for (let d = 1; d <= 200; d++) block.push(`${'  '.repeat(d)}k${d}:`);
    block.push(`${'  '.repeat(201)}v`, '');
    for (let i = 0; i < 10; i++) files[`deep-block-${i}.yaml`] = block.join('\n');
    const dir = book(files);

    const v = validate(dir);
    expect(v.code).toBe(1);
    expect(v.err).not.toMatch(/RangeError|call stack|at .*\.js:\d+/);
    expect(v.files).toBe(BASIC_FILES + 50);
    expect(v.errors).toBe(50);
    for (let i = 0; i < 40; i++) expect(at(v.problems, `clients/deep-flow-${i}.yaml`)).toEqual(['3:71 error too-deep']);
    for (let i = 0; i < 10; i++) expect(at(v.problems, `clients/deep-block-${i}.yaml`)).toEqual(['66:129 error too-deep']);

    const t = today(dir);
    expect(t.code).toBe(0);
    expect(t.err).toBe('');
    expect(t.items.map((i) => i.client)).toEqual(BASIC_ITEMS);
    expect(t.problems).toHaveLength(50);
    expect(new Set(t.problems.map((p) => p.file)).size).toBe(50);
    expect(t.problems.every((p) => p.rule === 'too-deep' && p.severity === 'error')).toBe(true);
  });

  it('nesting by explicit keys ("? ? ? …") is refused as too-deep like any other nesting', () => {
    // 100 levels in 227 bytes. The depth pre-check does not count "?" indicators; at 400 levels the
    // parser's output takes ~10 s to turn into values, at 850 levels minutes (a denial of service).
    const dir = book({ 'deep-keys.yaml': `name: Deep Keys\nextra:\n  ${'? '.repeat(100)}a\n` });
    const v = validate(dir, 'clients/deep-keys.yaml');
    expect(v.code).toBe(1);
    expect(v.problems.map((p) => `${p.line} ${p.severity} ${p.rule}`)).toEqual(['3 error too-deep']);
  });

  it('a 2 MB file is refused before parsing (file-too-large), and the rest of the agenda is still there', () => {
    // Were it parsed it would also be invalid UTF-8 and 2 million brackets deep: only the size may be reported.
    const huge = Buffer.concat([Buffer.from('name: Huge\nowner: alice\nextra: '), Buffer.alloc(2 * 1024 * 1024, '['), Buffer.from([0xc3, 0x28, 0x0a])]);
    const dir = book({ 'huge.yaml': huge });

    const v = validate(dir);
    expect(v.code).toBe(1);
    expect(at(v.problems, 'clients/huge.yaml')).toEqual(['1:1 error file-too-large']);
    expect(v.problems.find((p) => p.file === 'clients/huge.yaml')!.message).toContain(String(huge.length));
    expect(v.errors).toBe(1);

    const t = today(dir);
    expect(t.code).toBe(0);
    expect(t.items.map((i) => i.client)).toEqual(BASIC_ITEMS);
    expect(at(t.problems, 'clients/huge.yaml')).toEqual(['1:1 error file-too-large']);
    expect(t.problems).toHaveLength(1);
  });

  it('a wide 190 KB mapping (20,000 unknown keys) is reported in full', async () => {
    // (every step over its keys is linear: the duplicate-key check and the place of each finding;
    // the bench times such a file)
    const lines = ['name: Wide Map', 'owner: alice', 'next:', '  date: 2026-11-23', '  action: call'];
    for (let i = 0; i < 20000; i++) lines.push(`k${i}: v`);
    const dir = book({ 'wide-map.yaml': `${lines.join('\n')}\n` });
    const r = await cliAsync(['today', ...DAY, '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out) as TodayJson;
    expect(t.items.map((i) => i.client)).toEqual(BASIC_ITEMS);
    const wide = t.problems.filter((p) => p.file === 'clients/wide-map.yaml');
    expect(wide[0]).toMatchObject({ line: 6, column: 1, severity: 'error', rule: 'unknown-key' });
    expect(t.problems.every((p) => p.file === 'clients/wide-map.yaml')).toBe(true);
  });
});

describe('hostile input: encodings and line ends', () => {
  it('invalid UTF-8 is reported as invalid-utf8 at its line and column (LF and CRLF files)', () => {
    const dir = book({
      // "Jo\xC3(se" on line 3: 0xC3 must be followed by a continuation byte; "name: Jo" is 8 characters.
      'bad-utf8.yaml': Buffer.concat([Buffer.from('owner: alice\nstage: lead\nname: Jo'), Buffer.from([0xc3, 0x28]), Buffer.from('se Trading\nnext:\n  date: 2026-11-23\n  action: call\n')]),
      'bad-utf8-crlf.yaml': Buffer.concat([
        Buffer.from('name: Crlf Utf\r\nowner: alice\r\nstage: lead\r\ncontacts:\r\n  - name: Ren'),
        Buffer.from([0xff]),
        Buffer.from('e\r\nnext:\r\n  date: 2026-11-23\r\n  action: call\r\n'),
      ]),
    });
    const v = validate(dir);
    expect(v.code).toBe(1);
    expect(at(v.problems, 'clients/bad-utf8.yaml')).toEqual(['3:9 error invalid-utf8']);
    expect(at(v.problems, 'clients/bad-utf8-crlf.yaml')).toEqual(['5:14 error invalid-utf8']);

    const text = cli(['validate'], { cwd: dir });
    expect(reportLine(text.out, 'clients/bad-utf8.yaml', 3, 9, 'error', 'invalid-utf8')).toBeDefined();
    expect(text.out).not.toContain('\ufffd'); // the bad bytes are not echoed

    const t = today(dir);
    expect(t.code).toBe(0);
    expect(t.items.map((i) => i.client)).toEqual(BASIC_ITEMS);
    expect(t.problems.map((p) => `${p.file} ${p.line}:${p.column} ${p.rule}`)).toEqual([
      'clients/bad-utf8-crlf.yaml 5:14 invalid-utf8',
      'clients/bad-utf8.yaml 3:9 invalid-utf8',
    ]);
  });

  it('invalid UTF-8 on the first line of a file with a BOM: the column does not count the BOM', () => {
    // Every other position in a BOM file counts from the first character after the BOM; "name: Jo" is 8.
    const dir = book({ 'bom-utf8.yaml': Buffer.concat([Buffer.from('\ufeffname: Jo'), Buffer.from([0xc3, 0x28]), Buffer.from('se\n')]) });
    const v = validate(dir, 'clients/bom-utf8.yaml');
    expect(at(v.problems, 'clients/bom-utf8.yaml')).toEqual(['1:9 error invalid-utf8']);
  });

  it('a dossier with a BOM and CRLF line ends is read normally, and positions in CRLF files are right', () => {
    const dir = book({
      'crlf-corp.yaml': BOM_CRLF_VALID,
      // BOM + CRLF: a priority that is not allowed on line 1 (value at column 11), unknown key "nxt" on line 4.
      'crlf-bad.yaml': '\ufeffpriority: urgent\r\nname: Crlf Bad\r\nstage: lead\r\nnxt:\r\n  date: 2026-11-23\r\n  action: call\r\n',
    });

    const t = today(dir);
    expect(t.code).toBe(0);
    expect(t.items).toHaveLength(16);
    expect(t.items.map((i) => i.client).filter((c) => c !== 'crlf-corp')).toEqual(BASIC_ITEMS);
    const item = t.items.find((i) => i.client === 'crlf-corp')!;
    expect(item).toMatchObject({ name: 'Crlf Corp', due: '2026-11-23', note: 'Ring her' });
    expect(item.contact).toMatchObject({ name: 'Ann Crlf', phone: '+48 111 222 333' });
    expect(at(t.problems, 'clients/crlf-corp.yaml')).toEqual([]);

    const v = validate(dir);
    expect(at(v.problems, 'clients/crlf-corp.yaml')).toEqual([]);
    expect(at(v.problems, 'clients/crlf-bad.yaml')).toEqual(['1:11 error not-allowed', '4:1 error unknown-key']);
    expect(v.errors).toBe(2);

    const text = cli(['validate', 'clients/crlf-bad.yaml'], { cwd: dir });
    expect(reportLine(text.out, 'clients/crlf-bad.yaml', 1, 11, 'error', 'not-allowed')).toMatch(/"urgent"/);
    expect(reportLine(text.out, 'clients/crlf-bad.yaml', 4, 1, 'error', 'unknown-key')).toMatch(/"nxt"/);
    expect(text.out).toContain('did you mean "next"?');
    expect(text.out).not.toMatch(/[\r\ufeff]/);

    const show = cli(['show', 'crlf-corp', '--format', 'json'], { cwd: dir });
    expect(show.code).toBe(0);
    const page = JSON.parse(show.out) as { dossier: { name: string; notes: string } };
    expect(page.dossier.name).toBe('Crlf Corp');
    expect(page.dossier.notes).toBe('line one\nline two\n');
  });
});

describe('hostile input: YAML features a dossier must not use', () => {
  it('duplicate keys, tab indentation, anchors/aliases, tags, merge keys and a second document are errors with their positions', () => {
    const due = 'next:\n  date: 2026-11-23\n  action: call\n';
    const dir = book({
      'dup-key.yaml': `name: Dup Key\nowner: alice\nstage: lead\nowner: bob\n${due}`,
      'tab-indent.yaml': 'name: Tab Indent\nowner: alice\nnext:\n\tdate: 2026-11-23\n\taction: call\n',
      'anchor-alias.yaml': `name: &n Anchor Corp\nowner: alice\ncontacts:\n  - name: *n\n${due}`,
      'tagged.yaml': `name: !!str Tagged Corp\nowner: alice\n${due}`,
      'merge-key.yaml': 'name: Merge Corp\nowner: alice\nnext:\n  <<: { date: 2026-11-23 }\n  action: call\n',
      'two-docs.yaml': `name: Two Docs\nowner: alice\n${due}---\nname: Second Doc\n`,
    });

    const v = validate(dir);
    expect(v.code).toBe(1);
    expect(at(v.problems, 'clients/dup-key.yaml')).toEqual(['4:1 error duplicate-key']);
    expect(at(v.problems, 'clients/tab-indent.yaml')).toEqual(['4:1 error tab-indent', '5:1 error tab-indent']);
    // (an anchor and its aliases are one problem, at the first of them)
    expect(at(v.problems, 'clients/anchor-alias.yaml')).toEqual(['1:7 error yaml-alias']);
    expect(v.problems.filter((p) => p.file === 'clients/tagged.yaml').map((p) => `${p.line} ${p.severity} ${p.rule}`)).toEqual(['1 error yaml-tag']);
    expect(at(v.problems, 'clients/merge-key.yaml')).toContain('4:3 error yaml-merge-key');
    expect(at(v.problems, 'clients/two-docs.yaml')).toEqual(['6:1 error multiple-documents']);

    const text = cli(['validate'], { cwd: dir });
    expect(text.code).toBe(1);
    for (const [file, line, column, rule] of [
      ['dup-key', 4, 1, 'duplicate-key'],
      ['tab-indent', 4, 1, 'tab-indent'],
      ['tab-indent', 5, 1, 'tab-indent'],
      ['anchor-alias', 1, 7, 'yaml-alias'],
      ['tagged', 1, null, 'yaml-tag'],
      ['merge-key', 4, 3, 'yaml-merge-key'],
      ['two-docs', 6, 1, 'multiple-documents'],
    ] as const) {
      expect(reportLine(text.out, `clients/${file}.yaml`, line, column, 'error', rule), `${file}:${line} [${rule}]`).toBeDefined();
    }

    // None of them becomes an item; all are listed under problems, and the day is unchanged.
    const t = today(dir);
    expect(t.code).toBe(0);
    expect(t.items.map((i) => i.client)).toEqual(BASIC_ITEMS);
    expect(new Set(t.problems.map((p) => p.file))).toEqual(
      new Set(['dup-key', 'tab-indent', 'anchor-alias', 'tagged', 'merge-key', 'two-docs'].map((f) => `clients/${f}.yaml`)),
    );
  });

  it('anchors and tags are reported at the & / ! token, not at the value after it', () => {
    const dir = book({
      'anchor-inline.yaml': 'name: &n Anchor Inline\n', //                                  &n at 1:7
      'anchor-block.yaml': 'name: Anchor Block\ncontacts:\n  - &jan\n    name: Jan\n  - *jan\n', // &jan at 3:5
      'tag-inline.yaml': 'name: !!str Tag Inline\n', //                                     !!str at 1:7
      'tag-block.yaml': 'name: Tag Block\nnext: !!map\n  date: 2026-11-23\n', //           !!map at 2:7
    });
    const v = validate(dir);
    expect(at(v.problems, 'clients/anchor-inline.yaml')).toEqual(['1:7 error yaml-anchor']);
    expect(at(v.problems, 'clients/anchor-block.yaml')).toEqual(['3:5 error yaml-alias']);
    expect(at(v.problems, 'clients/tag-inline.yaml')).toEqual(['1:7 error yaml-tag']);
    expect(at(v.problems, 'clients/tag-block.yaml')).toEqual(['2:7 error yaml-tag']);
  });

  it('YAML 1.1 look-alikes (NO, on, 10:30, 0601234567, dates under %YAML 1.1) stay text and are warned about', () => {
    const dir = book({
      'oslo-fjord.yaml': [
        '%YAML 1.1', //                 1
        '---', //                       2
        'name: Oslo Fjord AS', //       3
        'owner: carol', //              4
        'stage: lead', //               5
        'tags: [fish, NO, on]', //      6  NO at 14, on at 18
        'contacts:', //                 7
        '  - name: Ola Nordmann', //    8
        '    phone: 0601234567', //     9  at 12
        'next:', //                     10
        '  date: 2026-11-23', //        11 at 9
        '  time: 10:30', //             12 at 9
        '  action: call', //            13
        '',
      ].join('\n'),
      // Without the directive, an unquoted date is plain YAML 1.2 and not a look-alike.
      'bergen-salmon.yaml': 'name: Bergen Salmon\nowner: carol\nstage: lead\ncontacts:\n  - name: Kari\n    phone: 0047913456\nnext:\n  date: 2026-11-23\n  time: 09:05\n  action: call\n',
    });

    const v = validate(dir);
    expect(v.code).toBe(0);
    expect(v.errors).toBe(0);
    expect(at(v.problems, 'clients/oslo-fjord.yaml')).toEqual([
      '1:1 warning yaml-version',
      '6:14 warning yaml11-lookalike',
      '6:18 warning yaml11-lookalike',
      '9:12 warning yaml11-lookalike',
      '11:9 warning yaml11-lookalike',
      '12:9 warning yaml11-lookalike',
    ]);
    expect(at(v.problems, 'clients/bergen-salmon.yaml')).toEqual(['6:12 warning yaml11-lookalike', '9:9 warning yaml11-lookalike']);

    const show = cli(['show', 'oslo-fjord', '--format', 'json', ...DAY], { cwd: dir });
    expect(show.code).toBe(0);
    const { dossier } = JSON.parse(show.out) as { dossier: { tags: unknown[]; contacts: { phone: unknown }[]; next: { date: unknown; time: unknown } } };
    expect(dossier.tags).toEqual(['fish', 'NO', 'on']);
    expect(dossier.contacts[0]!.phone).toBe('0601234567');
    expect(dossier.next.date).toBe('2026-11-23');
    expect(dossier.next.time).toBe('10:30');

    const t = today(dir);
    expect(t.code).toBe(0);
    const oslo = t.items.find((i) => i.client === 'oslo-fjord')!;
    expect(oslo).toMatchObject({ name: 'Oslo Fjord AS', due: '2026-11-23', time: '10:30' });
    expect(oslo.contact?.phone).toBe('0601234567');
    const bergen = t.items.find((i) => i.client === 'bergen-salmon')!;
    expect(bergen).toMatchObject({ due: '2026-11-23', time: '09:05' });
    expect(bergen.contact?.phone).toBe('0047913456');
    expect(t.items).toHaveLength(17);
  });

  it('leftover conflict markers are reported at each marker line, not buried under syntax errors', () => {
    const dir = book({
      'torun-pierniki.yaml': CONFLICTED.join('\n'),
      'torun-crlf.yaml': CONFLICTED.join('\r\n'),
    });
    const markers = ['12:1 error conflict-marker', '16:1 error conflict-marker', '17:1 error conflict-marker', '21:1 error conflict-marker'];

    const v = validate(dir);
    expect(v.code).toBe(1);
    expect(at(v.problems, 'clients/torun-pierniki.yaml')).toEqual(markers);
    expect(at(v.problems, 'clients/torun-crlf.yaml')).toEqual(markers);
    expect(v.errors).toBe(8);

    const text = cli(['validate', 'clients/torun-pierniki.yaml'], { cwd: dir });
    for (const line of [12, 16, 17, 21]) expect(reportLine(text.out, 'clients/torun-pierniki.yaml', line, 1, 'error', 'conflict-marker')).toBeDefined();

    const t = today(dir);
    expect(t.code).toBe(0);
    expect(t.items.map((i) => i.client)).toEqual(BASIC_ITEMS);
    expect(t.problems).toHaveLength(8);
  });
});

describe('hostile input: control characters', () => {
  it('control characters and bidi overrides in names never reach the output, and JSON keeps them escaped', () => {
    const dir = book({ 'evil-corp.yaml': EVIL_CORP });

    const json = cli(['today', ...DAY, '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(0);
    expect(firstUnsafe(json.out)).toBeUndefined();
    expect(json.out).toContain('\\u001b');
    const t = JSON.parse(json.out) as TodayJson;
    expect(t.problems).toEqual([]);
    const item = t.items.find((i) => i.client === 'evil-corp')!;
    expect(item.name).toBe(EVIL_NAME);
    expect(item.note).toBe(EVIL_NOTE);
    expect(item.contact?.name).toBe(EVIL_CONTACT);

    // Text on a pipe: with NO_COLOR, and also with NO_COLOR empty (it is a pipe, so no colours either way).
    for (const env of [{}, { NO_COLOR: '' }] as Record<string, string>[]) {
      const text = cli(['today', ...DAY], { cwd: dir, env });
      expect(text.code).toBe(0);
      expect(firstUnsafe(text.out)).toBeUndefined();
      expect(firstUnsafe(text.err)).toBeUndefined();
      expect(text.out).toMatch(/Evil.{1,6}31mRed.{0,3}Corp/);
    }

    for (const args of [['show', 'evil-corp', ...DAY], ['show', 'evil-corp', '--all', ...DAY], ['list'], ['list', '--query', 'evil'], ['agenda', ...DAY], ['validate']]) {
      const r = cli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(0);
      expect(firstUnsafe(r.out), args.join(' ')).toBeUndefined();
      expect(firstUnsafe(r.err), args.join(' ')).toBeUndefined();
    }
    expect(cli(['show', 'evil-corp', ...DAY], { cwd: dir }).out).toMatch(/Evil.{1,6}31mRed.{0,3}Corp/);
    expect(cli(['list'], { cwd: dir }).out).toMatch(/Evil.{1,6}31mRed.{0,3}Corp/);

    const show = cli(['show', 'evil-corp', '--format', 'json'], { cwd: dir });
    expect(firstUnsafe(show.out)).toBeUndefined();
    expect((JSON.parse(show.out) as { dossier: { name: string } }).dossier.name).toBe(EVIL_NAME);
  });

  it('a raw control character in a file is an error, and its excerpt is printed without it', () => {
    const dir = book({ 'raw-esc.yaml': 'name: Raw Esc\nowner: alice\nnotes: before\u001b[31mafter\n' });
    const v = validate(dir, 'clients/raw-esc.yaml');
    expect(at(v.problems, 'clients/raw-esc.yaml')).toEqual(['3:14 error control-character']);
    const text = cli(['validate', 'clients/raw-esc.yaml'], { cwd: dir });
    expect(reportLine(text.out, 'clients/raw-esc.yaml', 3, 14, 'error', 'control-character')).toBeDefined();
    expect(firstUnsafe(text.out)).toBeUndefined();
  });
});

describe('hostile input: path tricks', () => {
  it('bad ids and symbolic links out of clients/ are reported and never read; a link inside clients/ is fine', async () => {
    const outside = scratch();
    writeFileSync(join(outside, 'secret.yaml'), 'name: Outside Secret\nowner: alice\nstage: lead\nnext:\n  date: 2026-11-23\n  action: call\n');
    const fifo = join(outside, 'fifo.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0); // opening it would block forever
    const dir = book({
      'Bad_Name.yaml': 'name: Bad Name Secret\nowner: alice\nstage: lead\nnext:\n  date: 2026-11-23\n  action: call\n',
      'con.yaml': 'name: Device Name Secret\nowner: alice\n',
    });
    writeFileSync(join(dir, 'book-secret.yaml'), 'name: Book Root Secret\nowner: alice\nnext:\n  date: 2026-11-23\n');
    symlinkSync('/etc/passwd', join(dir, 'clients', 'link.yaml'));
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'clients', 'outside.yaml'));
    symlinkSync('../book-secret.yaml', join(dir, 'clients', 'up.yaml'));
    symlinkSync(fifo, join(dir, 'clients', 'pipe.yaml'));
    symlinkSync('zeta.yaml', join(dir, 'clients', 'zeta-copy.yaml'));

    const secrets = /root:|Outside Secret|Book Root Secret|Bad Name Secret|Device Name Secret/;
    const v = await cliAsync(['validate', '--format', 'json'], dir);
    expect(v.code).toBe(1);
    expect(v.out).not.toMatch(secrets);
    const problems = (JSON.parse(v.out) as ValidateJson).problems;
    expect(at(problems, 'clients/Bad_Name.yaml')).toEqual(['1:1 error bad-id']);
    expect(at(problems, 'clients/con.yaml')).toEqual(['1:1 error bad-id']);
    expect(at(problems, 'clients/link.yaml')).toEqual(['1:1 error link-outside']);
    expect(at(problems, 'clients/outside.yaml')).toEqual(['1:1 error link-outside']);
    expect(at(problems, 'clients/up.yaml')).toEqual(['1:1 error link-outside']);
    expect(at(problems, 'clients/pipe.yaml')).toEqual(['1:1 error link-outside']);
    expect(problems.filter((p) => p.file === 'clients/zeta-copy.yaml' && p.severity === 'error')).toEqual([]);
    expect(problems.filter((p) => p.severity === 'error')).toHaveLength(6);

    const t = await cliAsync(['today', ...DAY, '--format', 'json'], dir);
    expect(t.code).toBe(0);
    expect(t.out).not.toMatch(secrets);
    const day = JSON.parse(t.out) as TodayJson;
    expect(day.items.map((i) => i.client).filter((c) => c !== 'zeta-copy')).toEqual(BASIC_ITEMS);
    expect(day.items.find((i) => i.client === 'zeta-copy')).toMatchObject({ name: 'Zeta', due: '2026-11-23' });
    expect(day.problems.map((p) => `${p.file} ${p.rule}`).sort()).toEqual([
      'clients/Bad_Name.yaml bad-id',
      'clients/con.yaml bad-id',
      'clients/link.yaml link-outside',
      'clients/outside.yaml link-outside',
      'clients/pipe.yaml link-outside',
      'clients/up.yaml link-outside',
    ]);

    // Paths given on the command line cannot leave the book either.
    const named = cli(['validate', 'clients/../book-secret.yaml'], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.err).toMatch(/not a file of the book/);
    expect(named.out + named.err).not.toMatch(secrets);
    const shown = cli(['show', '../book-secret'], { cwd: dir });
    expect(shown.code).toBe(1);
    expect(shown.out + shown.err).not.toMatch(secrets);
  });

  it('a file name with control characters is reported without printing them', () => {
    const dir = book({ 'ev\u001b[31mil\u0007\u202e.yaml': 'name: Evil File\n' });
    const v = validate(dir);
    expect(v.problems.filter((p) => p.rule === 'bad-id')).toHaveLength(1);
    for (const args of [['validate'], ['today', ...DAY], ['agenda', ...DAY]]) {
      const r = cli(args, { cwd: dir });
      expect(r.out + r.err, args.join(' ')).toMatch(/bad-id|not a valid client id/);
      expect(firstUnsafe(r.out), args.join(' ')).toBeUndefined();
      expect(firstUnsafe(r.err), args.join(' ')).toBeUndefined();
    }
  });
});

describe('read commands never write', () => {
  it('today, agenda, list, show, validate and schema leave a hostile book byte-for-byte unchanged', () => {
    const dir = book({
      'crlf-corp.yaml': BOM_CRLF_VALID,
      'evil-corp.yaml': EVIL_CORP,
      'torun-pierniki.yaml': CONFLICTED.join('\n'),
      'deep-flow.yaml': `name: Deep\nextra: ${'['.repeat(5000)}\n`,
      'bad-utf8.yaml': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xc3, 0x28, 0x0a]),
      'dup-key.yaml': 'name: Dup\nname: Dup Again\n',
      'Bad_Name.yaml': 'name: Bad Name\n',
      'yaml11.yaml': '%YAML 1.1\n---\nname: Yaml Eleven\nowner: bob\nstage: lead\nnext:\n  date: 2026-11-23\n  time: 10:30\n',
    });
    symlinkSync('zeta.yaml', join(dir, 'clients', 'zeta-copy.yaml'));
    symlinkSync('/etc/passwd', join(dir, 'clients', 'link.yaml'));
    const before = treeHash(dir);
    const entriesBefore = readdirSync(dir).filter((name) => name !== '.tickler').sort();

    const runs: [string[], number][] = [
      [['today', ...DAY], 0],
      [['today', ...DAY, '--format', 'json'], 0],
      [['today', ...DAY, '--strict'], 1],
      [['today', ...DAY, '--owner', 'alice'], 0],
      [['agenda', ...DAY], 0],
      [['agenda', ...DAY, '--format', 'json'], 0],
      [['agenda', ...DAY, '--month'], 0],
      [['list'], 0],
      [['list', '--format', 'json'], 0],
      [['list', '--format', 'csv'], 0],
      [['show', 'zeta', ...DAY], 0],
      [['show', 'crlf-corp', '--format', 'json'], 0],
      [['show', 'evil-corp', '--all', ...DAY], 0],
      [['validate'], 1],
      [['validate', '--format', 'json'], 1],
      [['check', 'clients/crlf-corp.yaml', 'clients/evil-corp.yaml'], 0],
      [['validate', 'clients/torun-pierniki.yaml'], 1],
      [['schema'], 0],
      [['schema', '--settings'], 0],
    ];
    for (const [args, code] of runs) {
      const r = cli(args, { cwd: dir });
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(code);
      expect(r.err, args.join(' ')).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
      expect(treeHash(dir), `${args.join(' ')} changed the book`).toBe(before);
    }
    // Nothing new at the top of the book but the local cache (allowed by SPEC 7; it ignores itself in git).
    expect(readdirSync(dir).filter((name) => name !== '.tickler').sort()).toEqual(entriesBefore);
  });
});
