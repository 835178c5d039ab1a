// The hostile corpus: test/fixtures/hostile is a book whose every dossier is one hostile case,
// and EXPECTED.json says what `validate` reports of each (severity, rule, line, column) and whether
// `today` shows it. Cases that cannot sit in git (a 1.1 MB file, a 240 KB alias bomb, a FIFO,
// symbolic links, a name with an escape sequence) are made here, with their expectations. Then
// every reading command, in every format, runs over the whole book: each exits as it should, with
// a memory cap far below what expanding one alias bomb takes, prints no control character, bidi
// override or invisible format character, and leaves every file of the book as it was.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, treeHash } from '../helpers.js';

type Expected = Record<string, { problems: [string, string, number, number][]; today: boolean }>;

const TODAY = '2026-11-23';
/** Unsafe in output: what src/core/text.ts neutralises (tab, newline and CR are the outputs' own). */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;
const ESCAPED_NAME = 'esc-\u001b[31m';

/** The corpus book in a scratch folder, with the cases made here. */
function corpusBook(): { dir: string; expected: Expected } {
  const dir = mkdtempSync(join(tmpdir(), 'tickler-corpus-'));
  cpSync(join(ROOT, 'test', 'fixtures', 'hostile'), dir, { recursive: true });
  const expected = JSON.parse(readFileSync(join(dir, 'EXPECTED.json'), 'utf8')) as Expected;
  const clients = join(dir, 'clients');
  const head = 'owner: alice\nnext:\n  date: 2026-11-23\n  action: call\n';
  // Over the 1 MiB limit: refused before parsing.
  writeFileSync(join(clients, 'too-large.yaml'), `name: Big\n${head}notes: "${'z'.repeat(1_100_000)}"\n`);
  expected['too-large.yaml'] = { problems: [['error', 'file-too-large', 1, 1]], today: false };
  // One 100 KB string and 20,000 aliases of it: 2 GB expanded. One problem, at the anchor.
  writeFileSync(join(clients, 'alias-bomb.yaml'), `name: Bomb\n${head}notes: &a "${'x'.repeat(100_000)}"\ntags:\n${'  - *a\n'.repeat(20_000)}`);
  expected['alias-bomb.yaml'] = { problems: [['error', 'yaml-alias', 6, 8]], today: false };
  // A FIFO where a dossier should be: never waited on.
  expect(spawnSync('mkfifo', [join(clients, 'fifo.yaml')]).status).toBe(0);
  expected['fifo.yaml'] = { problems: [['error', 'not-a-file', 1, 1]], today: false };
  // Links: out of the book (never read), and within clients/ (read as the file).
  symlinkSync('/etc/passwd', join(clients, 'link-out.yaml'));
  expected['link-out.yaml'] = { problems: [['error', 'link-outside', 1, 1]], today: false };
  symlinkSync('loop.yaml', join(clients, 'loop.yaml'));
  expected['loop.yaml'] = { problems: [['error', 'unreadable', 1, 1]], today: false };
  symlinkSync('missing.yaml', join(clients, 'dangling.yaml'));
  expected['dangling.yaml'] = { problems: [['error', 'unreadable', 1, 1]], today: false };
  symlinkSync('zeta.yaml/x', join(clients, 'through-a-file.yaml'));
  expected['through-a-file.yaml'] = { problems: [['error', 'unreadable', 1, 1]], today: false };
  symlinkSync('clean.yaml', join(clients, 'link-in.yaml'));
  expected['link-in.yaml'] = { problems: [], today: true };
  // A file name with an escape sequence.
  writeFileSync(join(clients, `${ESCAPED_NAME}.yaml`), `name: Escaped File Name\n${head}`);
  expected[`${ESCAPED_NAME}.yaml`] = { problems: [['error', 'bad-id', 1, 1]], today: false };
  return { dir, expected };
}

/** The built CLI with a memory cap: one expanded alias bomb needs gigabytes. */
function capped(dir: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, ['--max-old-space-size=96', CLI, ...args, '--today', TODAY], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', TICKLER_USER: 'alice' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, signal: result.signal, out: result.stdout, err: result.stderr };
}

describe('the hostile corpus', () => {
  const { dir, expected } = corpusBook();
  const before = treeHash(dir);

  it('validate reports exactly the expected problems of each case, at their positions', () => {
    const run = capped(dir, ['validate', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out) as { files: number; problems: { file: string; severity: string; rule: string; line: number; column: number }[] };
    const found: Record<string, [string, string, number, number][]> = {};
    for (const p of report.problems) (found[p.file.replace(/^clients\//, '')] ??= []).push([p.severity, p.rule, p.line, p.column]);
    const wanted = Object.fromEntries(Object.entries(expected).filter(([, e]) => e.problems.length > 0).map(([name, e]) => [name, e.problems]));
    expect(found).toEqual(wanted);
    expect(report.files).toBe(Object.keys(expected).length + 1); // and tickler.yaml
  });

  it('today shows the readable cases, and only those', () => {
    const run = capped(dir, ['today', '--format', 'json']);
    expect(run.code).toBe(0);
    const shown = (JSON.parse(run.out) as { items: { file: string }[] }).items.map((i) => i.file.replace(/^clients\//, '')).sort();
    expect(shown).toEqual(Object.keys(expected).filter((name) => expected[name]!.today).sort());
  });

  const commands: [string, string[], number][] = [
    ['today', ['today'], 0],
    ['today json', ['today', '--format', 'json'], 0],
    ['agenda', ['agenda', '--days', '7'], 0],
    ['agenda json', ['agenda', '--days', '7', '--format', 'json'], 0],
    ['agenda month', ['agenda', '--month'], 0],
    ['list', ['list'], 0],
    ['list json', ['list', '--format', 'json'], 0],
    ['list csv', ['list', '--format', 'csv'], 0],
    ['show (escapes in every field)', ['show', 'escapes-in-values', '--all'], 0],
    ['show json', ['show', 'escapes-in-values', '--format', 'json'], 0],
    ['show (bidi name)', ['show', 'bidi-name'], 0],
    ['validate', ['validate'], 1],
    ['validate json', ['validate', '--format', 'json'], 1],
  ];
  it.each(commands)('%s (%j): exits %i, within the memory cap, and prints nothing unsafe', (_, args, code) => {
    const run = capped(dir, args);
    expect(run.signal).toBeNull();
    expect(run.err).not.toMatch(/internal error|heap out of memory/);
    expect(run.code).toBe(code);
    expect(run.out.length).toBeGreaterThan(0);
    // The raw output, byte for byte: JSON escapes what it must, text shows U+FFFD.
    expect(UNSAFE.exec(run.out)?.[0]).toBeUndefined();
    expect(UNSAFE.exec(run.err)?.[0]).toBeUndefined();
    // The lines of a text form are bounded: a 60,000-character value is shown, not a 60 KB line in an excerpt.
    if (!args.includes('--format') && args[0] === 'validate') expect(Math.max(...run.out.split('\n').map((l) => l.length))).toBeLessThan(400);
  });

  it('the hostile names and values are shown, made harmless', () => {
    const page = capped(dir, ['show', 'escapes-in-values', '--all']).out;
    expect(page).toContain('Evil \ufffd[2J\ufffd]0;pwned\ufffd Corp');
    expect(capped(dir, ['list', '--format', 'csv']).out).toContain('Evil \ufffd[2J\ufffd]0;pwned\ufffd Corp');
    const validate = capped(dir, ['validate']).out;
    expect(validate).toContain('clients/esc-\ufffd[31m.yaml:1:1: error');
    // (a number too big for a double is Infinity, not "null")
    expect(validate).toContain('clients/huge-numbers.yaml:6:11: error: priority is Infinity; allowed: high, normal, low [not-allowed]');
  });

  it('validate of named files reports a link in a loop, a dangling link and a FIFO as such; clients/ checks what the book does', () => {
    for (const name of ['loop.yaml', 'dangling.yaml', 'fifo.yaml', 'through-a-file.yaml']) {
      const run = capped(dir, ['validate', `clients/${name}`, '--format', 'json']);
      expect(run.code, name).toBe(1);
      const report = JSON.parse(run.out) as { files: number; problems: { rule: string }[] };
      expect([report.files, report.problems.map((p) => p.rule)], name).toEqual([1, [expected[name]!.problems[0]![1]]]);
    }
    const folder = JSON.parse(capped(dir, ['validate', 'clients', '--format', 'json']).out) as { files: number; errors: number };
    const whole = JSON.parse(capped(dir, ['validate', '--format', 'json']).out) as { files: number; errors: number };
    expect([folder.files + 1, folder.errors]).toEqual([whole.files, whole.errors]);
    const empty = capped(dir, ['validate', '']);
    expect([empty.code, empty.err]).toEqual([2, 'tickler: an empty file name was given\n']);
  });

  it('left every file of the book as it was', () => {
    expect(treeHash(dir)).toBe(before);
  });
});
