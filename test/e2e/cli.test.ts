// The built CLI as users run it: spawned on fixture books with a fixed --today, output compared
// with golden files (review them like code; regenerate with UPDATE_GOLDEN=1 npm test).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOKS, CLI, ROOT, cli } from '../helpers.js';

const GOLDEN = join(ROOT, 'test', 'e2e', 'golden');
const basic = join(BOOKS, 'basic');
const broken = join(BOOKS, 'broken');
const day = ['--today', '2026-11-23'];

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden output', () => {
  const cases: [string, string[], string, number][] = [
    ['today.txt', ['today'], basic, 0],
    ['today.json', ['today', '--format', 'json'], basic, 0],
    ['today-bob.txt', ['today', '--owner', 'bob'], basic, 0],
    ['today-broken.txt', ['today'], broken, 0],
    ['agenda.txt', ['agenda'], basic, 0],
    ['agenda.json', ['agenda', '--days', '3', '--format', 'json'], basic, 0],
    ['agenda-month.txt', ['agenda', '--month'], basic, 0],
    ['show.txt', ['show', 'hurtownia'], basic, 0],
    ['list.txt', ['list'], basic, 0],
    ['rebalance.txt', ['rebalance'], basic, 0],
    ['rebalance-2.txt', ['rebalance', '--capacity', '2', '--within', '3'], basic, 0],
    ['rebalance-1.txt', ['rebalance', '--capacity', '1', '--within', '2', '--days', '2'], basic, 0],
    ['rebalance-2.json', ['rebalance', '--capacity', '2', '--within', '3', '--format', 'json'], basic, 0],
    ['report.txt', ['report'], basic, 0],
    ['report-day.txt', ['report', '--by', 'day', '--owner', 'alice'], basic, 0],
    ['report.json', ['report', '--format', 'json'], basic, 0],
    ['report.md', ['report', '--format', 'markdown', '--by', 'outcome'], basic, 0],
    ['report.html', ['report', '--format', 'html'], basic, 0],
    ['validate-broken.txt', ['validate'], broken, 1],
    ['validate-broken.json', ['validate', '--format', 'json'], broken, 1],
  ];
  for (const [name, args, book, code] of cases) {
    it(`${args.join(' ')} on ${book === basic ? 'basic' : 'broken'}`, () => {
      const result = cli([...args, ...day], { cwd: book });
      expect(result.err).toBe('');
      expect(result.code).toBe(code);
      golden(name, result.out);
      // (validate's lines are compiler-style diagnostics, FILE:LINE:COL: message, as long as they are)
      if (name.endsWith('.txt') && !name.startsWith('validate')) expect(result.out.split('\n').filter((line) => [...line].length > 80), name).toEqual([]);
    });
  }
});

describe('the text stays within 80 columns off a terminal', () => {
  // (the text goldens above are held to it too: today, agenda, the month, show, list, rebalance, report)
  it('show of a page with long lines, and a report over most of a year', () => {
    for (const [args, book] of [[['show', 'apteka'], basic], [['report', '--from', '2026-01-01', '--to', '2026-11-22', '--by', 'day'], basic]] as const) {
      const { out } = cli([...args, ...day], { cwd: book });
      const long = out.split('\n').filter((line) => [...line].length > 80);
      expect(long, args.join(' ')).toEqual([]);
    }
  });
});

describe('colours', () => {
  it('are off on a pipe, even without NO_COLOR', () => {
    const { out } = cli(['today', ...day], { cwd: basic, env: { NO_COLOR: '' } });
    expect(out).not.toMatch(/\x1b/);
  });

  const script = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!script)('are on in a terminal, and off there with NO_COLOR or --no-color', () => {
    const inTerminal = (command: string, env: Record<string, string> = {}) =>
      spawnSync('script', ['-qec', command, '/dev/null'], { cwd: basic, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', ...env } }).stdout;
    const base = `${process.execPath} ${CLI} today --today 2026-11-23`;
    expect(inTerminal(base)).toMatch(/\x1b\[/);
    expect(inTerminal(base, { NO_COLOR: '1' })).not.toMatch(/\x1b\[/);
    expect(inTerminal(`${base} --no-color`)).not.toMatch(/\x1b\[/);
  });
});

describe('help and exit codes', () => {
  it('shows examples in the help of every command', () => {
    for (const command of ['today', 'agenda', 'show', 'list', 'validate', 'schema', 'init', 'demo']) {
      const { code, out } = cli([command, '--help']);
      expect(code, command).toBe(0);
      expect(out, command).toContain('Examples:');
    }
    expect(cli(['--help']).out).toContain('Exit codes: 0 ok, 1 problems found or action refused, 2 usage error,\n3 no book found.');
  });

  it('exits 2 on usage errors with one clear line, 3 without a book', () => {
    const usage = cli(['today', '--frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("unknown option '--frobnicate'");
    const noBook = cli(['today'], { cwd: tmpdir() });
    expect(noBook.code).toBe(3);
    expect(noBook.err.trim().split('\n')).toHaveLength(1);
    expect(noBook.err).toContain('tickler init');
    const badDate = cli(['today', '--today', '2026-02-30'], { cwd: basic });
    expect(badDate.code).toBe(2);
  });

  it('finds the book from TICKLER_BOOK and from a subdirectory', () => {
    expect(cli(['today', ...day, '--format', 'json'], { cwd: tmpdir(), env: { TICKLER_BOOK: basic } }).code).toBe(0);
    expect(JSON.parse(cli(['today', ...day, '--format', 'json'], { cwd: join(basic, 'clients') }).out).items).toHaveLength(15);
  });
});

describe('init and demo', () => {
  it('init writes a working empty book, and refuses to overwrite one', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tickler-init-')), 'book');
    const first = cli(['init', dir]);
    expect(first.code).toBe(0);
    for (const file of ['tickler.yaml', '.gitattributes', '.gitignore', 'schemas/dossier.schema.json', 'schemas/settings.schema.json']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(readFileSync(join(dir, 'tickler.yaml'), 'utf8')).toBe(readFileSync(join(ROOT, 'examples', 'tickler.yaml'), 'utf8'));
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toContain('clients/*.yaml merge=tickler');
    expect(cli(['validate'], { cwd: dir }).code).toBe(0);
    expect(cli(['today', ...day], { cwd: dir }).out).toContain('Nothing due today.');
    const second = cli(['init', dir]);
    expect(second.code).toBe(1);
    expect(second.err).toContain('already holds a book');
  });

  it('demo writes a valid book of about thirty clients and shows a realistic day', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tickler-demo-')), 'demo');
    const { code, out } = cli(['demo', dir, ...day]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Mon 23 Nov 2026 — \d+ due, \d+ overdue, capacity 25$/m);
    expect(out).toContain('Overdue (');
    expect(out).toContain('Complaints (');
    expect(out).toContain('Birthdays (');
    expect(out).toContain('Dropped balls (');
    const clients = readdirSync(join(dir, 'clients')).filter((f) => f.endsWith('.yaml'));
    expect(clients.length).toBeGreaterThanOrEqual(28);
    expect(readFileSync(join(dir, 'clients', clients[0]!), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/dossier.schema.json');
    const check = JSON.parse(cli(['validate', '--format', 'json', ...day], { cwd: dir }).out);
    expect(check.errors).toBe(0);
    expect(cli(['demo', dir]).code).toBe(1);
  });
});

describe('validate places findings that need the whole book', () => {
  it('at the phone and e-mail of likely duplicates, whether or not a file has comments', () => {
    const book = mkdtempSync(join(tmpdir(), 'tickler-duplicates-'));
    writeFileSync(join(book, 'tickler.yaml'), 'timezone: Europe/Warsaw\n');
    const dossier = (name: string, before = '') =>
      `name: ${name}\n${before}contacts:\n  - name: Jan Nowak\n    phone: "+48 600 100 200"\n    email: jan@example.com\nnext:\n  date: 2026-11-30\n`;
    mkdirSync(join(book, 'clients'));
    writeFileSync(join(book, 'clients', 'a-first.yaml'), dossier('First'));
    writeFileSync(join(book, 'clients', 'b-plain.yaml'), dossier('Plain'));
    // (a comment after the first key: the plain reader leaves this file's positions to the full one)
    writeFileSync(join(book, 'clients', 'c-commented.yaml'), dossier('Commented', '# the buyer\n'));
    const result = cli(['validate', '--today', '2026-11-23'], { cwd: book });
    const places = [...result.out.matchAll(/^(clients\/\S+\.yaml:\d+:\d+): warning: same (phone|email)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(places.sort()).toEqual(['clients/b-plain.yaml:4:12 phone', 'clients/b-plain.yaml:5:12 email', 'clients/c-commented.yaml:5:12 phone', 'clients/c-commented.yaml:6:12 email']);
    expect(result.out).toContain(' 4 |     phone: "+48 600 100 200"\n   |            ^^^^^^^^^^^^^^^^^\n');
  });
});
