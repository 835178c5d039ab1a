// The write discipline, end to end (SPEC 6.4–6.6, 6.10 add, 7): the built CLI is spawned on copies of
// test/fixtures/books/edits with a fixed clock. A write changes only what it means to change (a
// hand-written oracle and reviewed `git diff` golden files), refuses without touching anything, is
// atomic, is serialised between processes, survives being killed, and notices an editor's save.
// Regenerate the diffs with UPDATE_GOLDEN=1 (then review them like code).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseYamlText } from '../../src/book/read/yaml.js';
import { openStore } from '../../src/book/store.js';
import { editDossiers, type TestSeam } from '../../src/book/write/save.js';
import type { Edit } from '../../src/book/write/edit.js';
import { RefusedError } from '../../src/errors.js';
import { BOOKS, CLI, ROOT, cli, copyBook } from '../helpers.js';

const EDITS = join(BOOKS, 'edits');
const DIFFS = join(ROOT, 'test', 'e2e', 'golden', 'diffs');
const TODAY = '2026-11-23';
/** The fixed clock of CASES.md: every new entry is `at: 2026-11-23T10:15+01:00`, `by: alice`. */
const CLOCK = { TICKLER_NOW: '2026-11-23T09:15:00Z', TICKLER_USER: 'alice' };
const LOCK = join('clients', '.tickler.lock');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the `edits` book, removed after the file's tests. */
function book(): string {
  const dir = copyBook('edits');
  made.push(dir);
  return dir;
}

/** The built CLI on a book with the fixed clock; `--today` is added unless the test gives its own. */
function tickler(dir: string, args: readonly string[]) {
  return cli(args.includes('--today') ? [...args] : [...args, '--today', TODAY], { cwd: dir, env: CLOCK });
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

/** The CLI as a child process that runs alongside others; `killAfter` sends SIGKILL after that many ms. */
function spawnTickler(dir: string, args: readonly string[], killAfter?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args, '--today', TODAY], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...CLOCK },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = killAfter === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfter);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, ms: performance.now() - started });
    });
  });
}

/** Every file of the book as "sha256 mtime", by relative path; the cache's self-ignoring .gitignore left out. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = statSync(path);
      // The local cache is not the book; the lock in it is checked by leftovers().
      if (d === dir && name === '.tickler') continue;
      if (stat.isDirectory()) walk(path);
      else files[relative(dir, path)] = `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${stat.mtimeMs}`;
    }
  };
  walk(dir);
  return files;
}

/** What a write must never leave behind: its lock, and temporary files in clients/. */
function leftovers(dir: string): string[] {
  const temps = readdirSync(join(dir, 'clients')).filter((name) => /^\..*\.tmp$/.test(name)).map((name) => `clients/${name}`);
  return existsSync(join(dir, LOCK)) ? [...temps, LOCK] : temps;
}

function dossierText(dir: string, id: string): string {
  return readFileSync(join(dir, 'clients', `${id}.yaml`), 'utf8');
}

/** The dossier's data, read by the same parser tickler uses; fails the test when the text does not parse. */
function parsedDossier(text: string): { log?: Record<string, unknown>[]; next?: Record<string, unknown> } & Record<string, unknown> {
  const doc = parseYamlText(text.replace(/^\ufeff/, ''));
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  const data = doc.toJS() as unknown;
  expect(data).toBeTypeOf('object');
  return data as ReturnType<typeof parsedDossier>;
}

// ---------------------------------------------------------------------------------------------
// The hand-written oracle: test/fixtures/books/edits/CASES.md and expected/<id>.yaml.

interface Case {
  id: string;
  argv: string[];
}

/** Splits a command the way a POSIX shell would for the quoting CASES.md uses ("…", '…', a="b c"). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote = '';
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = '';
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote) throw new Error(`unbalanced quote in: ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}

/** The rows of the table in CASES.md: | id | `command` | what it checks |. */
function readCases(): Case[] {
  const cases: Case[] = [];
  for (const line of readFileSync(join(EDITS, 'CASES.md'), 'utf8').split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    if (cells.length < 4 || cells[0] !== '' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(cells[1]!) || cells[1] === 'id') continue;
    const command = /^`(.+)`$/.exec(cells[2]!);
    if (!command) throw new Error(`CASES.md: the command of ${cells[1]} is not written in backticks`);
    cases.push({ id: cells[1]!, argv: shellWords(command[1]!) });
  }
  return cases;
}

const CASES = readCases();

describe('the hand-written oracle (edits/CASES.md)', () => {
  it('has one case per expected file, each a writing command', () => {
    const expected = readdirSync(join(EDITS, 'expected')).map((name) => name.replace(/\.yaml$/, '')).sort();
    expect(CASES.map((c) => c.id).sort()).toEqual(expected);
    for (const { id, argv } of CASES) expect(['log', 'reschedule', 'snooze', 'resolve', 'add'], id).toContain(argv[0]);
    // The quoting of the table survived: one argument with a space and non-ASCII letters in it.
    expect(CASES.find((c) => c.id === 'vidzemes-buve')!.argv).toContain('decision-maker=Jānis Bērziņš');
  });

  for (const { id, argv } of CASES) {
    it(`${id}: ${argv.slice(0, 2).join(' ')}`, () => {
      const dir = book();
      const target = join('clients', `${id}.yaml`);
      const before = snapshot(dir);
      const result = tickler(dir, argv);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      // Byte for byte: Buffers, so that a BOM or a CR is not lost in a string comparison.
      expect(readFileSync(join(dir, target)).toString('latin1')).toBe(readFileSync(join(EDITS, 'expected', `${id}.yaml`)).toString('latin1'));
      const after = snapshot(dir);
      delete before[target];
      delete after[target];
      expect(after).toEqual(before);
      expect(leftovers(dir)).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// git diff golden files: what a reviewer sees after each case.

/** git with no user or system configuration, so that no one's diff settings change the output. */
function git(dir: string, args: readonly string[], allowFailure = false): { code: number | null; out: string; err: string } {
  const result = spawnSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      LC_ALL: 'C',
      GIT_AUTHOR_DATE: '2026-11-20T12:00:00Z',
      GIT_COMMITTER_DATE: '2026-11-20T12:00:00Z',
    },
  });
  if (result.status !== 0 && !allowFailure) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Branch `other` from `base` and main both change trakia-agro's stage, and main merges it: a conflict. */
function conflictingMerge(dir: string, base: string): void {
  git(dir, ['checkout', '-q', '-b', 'other', base]);
  trakiaWith(dir, /^stage: negotiation$/m, 'stage: contract');
  git(dir, ['commit', '-q', '-am', 'contract']);
  git(dir, ['checkout', '-q', 'main']);
  trakiaWith(dir, /^stage: negotiation$/m, 'stage: fulfilment');
  git(dir, ['commit', '-q', '-am', 'fulfilment']);
  expect(git(dir, ['merge', 'other'], true).code).toBe(1);
}

/** Makes the book a git repository with everything committed on branch main. */
function gitBook(dir: string): void {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.email', 'test@example.com']);
  git(dir, ['config', 'user.name', 'Test']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'before']);
}

function golden(name: string, actual: string): void {
  const path = join(DIFFS, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(DIFFS, { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('git diff after each case of the oracle (golden/diffs/<id>.diff)', () => {
  for (const { id, argv } of CASES) {
    it(id, () => {
      const dir = book();
      gitBook(dir);
      const result = tickler(dir, argv);
      expect(result.code).toBe(0);
      // Only the one dossier changed (or appeared); the cache under .tickler/ ignores itself.
      const status = git(dir, ['status', '--porcelain', '--untracked-files=all']).out;
      expect(status).toBe(id === 'hurtownia-kowalski' ? `?? clients/${id}.yaml\n` : ` M clients/${id}.yaml\n`);
      // Staged, so that the new file of `add` shows as well.
      git(dir, ['add', '-A']);
      const diff = git(dir, ['-c', 'core.quotepath=off', 'diff', '--cached', '--no-color', '--no-ext-diff', '--no-renames']).out;
      golden(`${id}.diff`, diff);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Refusals change nothing.

/** Runs a command that must be refused: the exit code, stderr, and not one byte or mtime changed. */
function refused(dir: string, args: readonly string[], code: number): string {
  const before = snapshot(dir);
  const result = tickler(dir, args);
  expect(result.out).toBe('');
  expect(result.code).toBe(code);
  expect(snapshot(dir)).toEqual(before);
  expect(leftovers(dir)).toEqual([]);
  return result.err;
}

/** trakia-agro.yaml of the fixture book (23 lines, no final newline), with one line replaced. */
function trakiaWith(dir: string, from: RegExp, to: string): void {
  const path = join(dir, 'clients', 'trakia-agro.yaml');
  const text = readFileSync(path, 'utf8');
  expect(text).toMatch(from);
  writeFileSync(path, text.replace(from, to));
}

const LOG_TRAKIA = ['log', 'trakia-agro', '--outcome', 'reached', '--next', '2026-11-30'];

describe('refusals change nothing and say where', () => {
  it('a dossier with leftover conflict markers', () => {
    const dir = book();
    trakiaWith(dir, /^stage: negotiation$/m, '<<<<<<< HEAD\nstage: negotiation\n=======\nstage: contract\n>>>>>>> other');
    const err = refused(dir, LOG_TRAKIA, 1);
    expect(err.split('\n')[0]).toBe('tickler: clients/trakia-agro.yaml:3:1: leftover git conflict marker "<<<<<<<"');
  });

  it('a dossier that does not parse (a key indented one column short)', () => {
    const dir = book();
    trakiaWith(dir, /^ {4}role: /m, '   role: ');
    const err = refused(dir, LOG_TRAKIA, 1);
    expect(err.split('\n')[0]).toMatch(/^tickler: clients\/trakia-agro\.yaml:7:\d+: \S/);
  });

  it('a dossier with an unknown key (nxt:)', () => {
    const dir = book();
    trakiaWith(dir, /^next:$/m, 'nxt:');
    const err = refused(dir, LOG_TRAKIA, 1);
    expect(err.split('\n')[0]).toMatch(/^tickler: clients\/trakia-agro\.yaml:9:1: unknown key "nxt"/);
    // Every writing command refuses it, not only log.
    expect(refused(dir, ['reschedule', 'trakia-agro', '2026-11-30'], 1)).toContain('clients/trakia-agro.yaml:9:1:');
  });

  it('a book with an unresolved git conflict, also for the other clients', () => {
    const dir = book();
    gitBook(dir);
    conflictingMerge(dir, 'HEAD');
    expect(git(dir, ['ls-files', '--unmerged']).out).toContain('clients/trakia-agro.yaml');

    for (const args of [
      ['log', 'rigas-piens', '--outcome', 'reached'],
      ['log', 'trakia-agro', '--outcome', 'reached', '--next', '2026-11-30'],
      ['reschedule', 'wisniewski-meat', '2026-12-01'],
      ['resolve', 'uralsky-metall', '--resolution', 'Credit note issued'],
      ['add', 'Nowy Klient', '--next', '2026-11-30'],
    ]) {
      const err = refused(dir, args, 1);
      expect(err, args.join(' ')).toMatch(/^tickler: .*unresolved git conflicts \(clients\/trakia-agro\.yaml\)/);
    }
    // Once the merge is settled, the same write goes through: the refusal was about the conflict.
    git(dir, ['checkout', '--theirs', 'clients/trakia-agro.yaml']);
    git(dir, ['add', 'clients/trakia-agro.yaml']);
    expect(tickler(dir, ['log', 'rigas-piens', '--outcome', 'reached']).code).toBe(0);
  });

  it('log without a next date off a terminal names --next and --no-next', () => {
    const dir = book();
    // trakia-agro has no cadence, and the outcome reached has no rule.
    const err = refused(dir, ['log', 'trakia-agro', '--outcome', 'reached'], 2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('--next');
    expect(err).toContain('--no-next');
    // Closing the client is explicit, and allowed.
    expect(tickler(dir, ['log', 'trakia-agro', '--outcome', 'reached', '--no-next']).code).toBe(0);
    expect(parsedDossier(dossierText(dir, 'trakia-agro')).next).toBeUndefined();
  });

  it('a slash date is refused with the accepted forms', () => {
    const dir = book();
    const err = refused(dir, ['log', 'trakia-agro', '--outcome', 'reached', '--next', '11/24'], 2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('--next');
    expect(err).toContain('11/24');
    for (const form of ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD.MM', 'tomorrow', '+2wd', 'dec 5']) expect(err).toContain(form);
  });

  it('a past next date is refused unless --allow-past', () => {
    const dir = book();
    const err = refused(dir, ['log', 'trakia-agro', '--outcome', 'reached', '--next', '2026-11-20'], 2);
    expect(err).toContain('--allow-past');
    expect(tickler(dir, ['log', 'trakia-agro', '--outcome', 'reached', '--next', '2026-11-20', '--allow-past']).code).toBe(0);
    expect(parsedDossier(dossierText(dir, 'trakia-agro')).next).toEqual({ date: '2026-11-20', action: 'call' });
  });

  it('an unknown outcome, with a did-you-mean', () => {
    const dir = book();
    const err = refused(dir, ['log', 'trakia-agro', '--outcome', 'reachd', '--next', '2026-11-30'], 2);
    expect(err).toContain('did you mean "reached"');
  });

  it('add of an id that exists, given or made from the name', () => {
    const dir = book();
    expect(refused(dir, ['add', 'Trakia Agro', '--id', 'trakia-agro', '--next', '2026-11-30'], 1)).toBe('tickler: clients/trakia-agro.yaml already exists; nothing was written\n');
    expect(refused(dir, ['add', 'Wisniewski Meat', '--next', '2026-11-30'], 1)).toContain('clients/wisniewski-meat.yaml already exists');
  });

});

describe('the log stays in time order', () => {
  it('a call logged late (--today before the newest entry) goes before the later entries, which are named', () => {
    const dir = book();
    // The newest entry of trakia-agro is 2026-11-20T10:05+01:00.
    const before = parsedDossier(dossierText(dir, 'trakia-agro')).log!;
    const { code, err } = tickler(dir, [...LOG_TRAKIA, '--today', '2026-11-19']);
    expect(code).toBe(0);
    expect(err).toBe('tickler: note: clients/trakia-agro.yaml has a log entry dated after 2026-11-19T10:15+01:00 (from 2026-11-20T10:05+01:00); the new entry goes before it\n');
    const after = parsedDossier(dossierText(dir, 'trakia-agro')).log!;
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toEqual(before.at(-1));
    expect(after.at(-2)!.at).toBe('2026-11-19T10:15+01:00');
    expect(tickler(dir, ['validate', 'clients/trakia-agro.yaml']).code).toBe(0);
    // The day of the newest entry itself: after it (10:15 after 10:05), appended, no note.
    const again = tickler(dir, [...LOG_TRAKIA, '--today', '2026-11-20']);
    expect([again.code, again.err]).toEqual([0, '']);
    expect(parsedDossier(dossierText(dir, 'trakia-agro')).log!.at(-1)!.at).toBe('2026-11-20T10:15+01:00');
  });

  it('an entry in the future (a mistyped year) is a validate warning and does not block the next log', () => {
    const dir = book();
    const path = join(dir, 'clients', 'trakia-agro.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('2026-11-20T10:05+01:00', '2027-11-20T10:05+01:00'));
    const check = tickler(dir, ['validate', 'clients/trakia-agro.yaml']);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/clients\/trakia-agro\.yaml:\d+:\d+: warning: log entry \d+ is dated 2027-11-20T10:05\+01:00, after today \(2026-11-23\) \[future-entry\]/);
    const { code, err } = tickler(dir, LOG_TRAKIA);
    expect(code).toBe(0);
    expect(err).toContain('the new entry goes before it');
    const log = parsedDossier(readFileSync(path, 'utf8')).log!;
    expect(log.map((e) => e.at).slice(-2)).toEqual(['2026-11-23T10:15+01:00', '2027-11-20T10:05+01:00']);
  });

  it('--today after the clock\'s today is refused: an entry cannot be dated in the future', () => {
    const dir = book();
    const err = refused(dir, [...LOG_TRAKIA, '--today', '2027-06-01'], 2);
    expect(err).toBe('tickler: --today 2027-06-01 is after today (2026-11-23): a log entry cannot be dated in the future\n');
  });
});

// ---------------------------------------------------------------------------------------------
// Processes at once, editors, kills and stale locks.

const LOG_OPTIONS = ['--outcome', 'reached', '--next', '2026-11-30'];

describe('twenty log commands on one client at once', () => {
  it('leave twenty entries, a file that parses, no temporary files and no lock', async () => {
    const dir = book();
    const before = parsedDossier(dossierText(dir, 'wisniewski-meat')).log!;
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => spawnTickler(dir, ['log', 'wisniewski-meat', ...LOG_OPTIONS, '--summary', `call ${i + 1}`])));
    expect(runs.map((r) => [r.code, r.err])).toEqual(runs.map(() => [0, '']));
    const text = dossierText(dir, 'wisniewski-meat');
    const after = parsedDossier(text);
    expect(after.log).toHaveLength(before.length + 20);
    // The old entries are untouched, and each process left its own entry.
    expect(after.log!.slice(0, before.length)).toEqual(before);
    expect(after.log!.slice(before.length).map((e) => e.summary).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `call ${i + 1}`).sort());
    expect(after.next).toEqual({ date: '2026-11-30', action: 'call' });
    expect(leftovers(dir)).toEqual([]);
    expect(tickler(dir, ['validate', 'clients/wisniewski-meat.yaml']).code).toBe(0);
  });
});

describe('an editor saves while tickler writes', () => {
  const setup = async () => {
    const root = book();
    const context = await (await openStore(root)).dossierContext();
    const path = join(root, 'clients', 'trakia-agro.yaml');
    const edits: Edit[] = [{ op: 'set', path: ['next', 'date'], value: '2026-11-30' }];
    /** The edits made through the store's write path; `meanwhile` runs after the dossier is read. */
    const save = (seam: TestSeam = {}, meanwhile?: () => void) =>
      editDossiers(root, ['trakia-agro'], context, ([draft]) => (meanwhile?.(), { edits: new Map([[draft!.id, edits]]), result: undefined }), seam);
    return { root, path, save, original: readFileSync(path, 'utf8') };
  };

  it('the new text is complete in a hidden temporary file beside the dossier before it replaces it', async () => {
    const { root, path, save, original } = await setup();
    const inode = statSync(path).ino;
    let seen: { target: string; temps: Record<string, string> } | undefined;
    await save({
      beforeReplace: () => {
        const temps: Record<string, string> = {};
        for (const name of readdirSync(join(root, 'clients')).filter((n) => n.startsWith('.') && n.endsWith('.tmp'))) temps[name] = readFileSync(join(root, 'clients', name), 'utf8');
        seen = { target: readFileSync(path, 'utf8'), temps };
      },
    });
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(original.replace('  date: 2026-11-23\n', '  date: 2026-11-30\n'));
    expect(seen!.target).toBe(original);
    expect(Object.values(seen!.temps)).toEqual([text]);
    expect(Object.keys(seen!.temps)[0]).toBe(".trakia-agro.yaml.tmp");
    // Renamed over the old file, not rewritten in place.
    expect(statSync(path).ino).not.toBe(inode);
    expect(leftovers(root)).toEqual([]);
  });

  it('just before the rename: refused, and the file holds exactly what the editor saved', async () => {
    const { root, path, save, original } = await setup();
    const editor = original.replace('action: call\nlog:', 'action: call\n  note: Ask about crates\nlog:');
    expect(editor).not.toBe(original);
    let calls = 0;
    await expect(
      save({
        beforeReplace: () => {
          calls++;
          writeFileSync(path, editor);
        },
      }),
    ).rejects.toThrow(RefusedError);
    expect(calls).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe(editor);
    expect(leftovers(root)).toEqual([]);
  });

  it('an editor that saves by renaming a new file over the old one: refused too', async () => {
    const { path, save, original } = await setup();
    const saved = `# checked by bob\n${original}`;
    await expect(
      save({
        beforeReplace: () => {
          writeFileSync(`${path}~`, saved);
          renameSync(`${path}~`, path);
        },
      }),
    ).rejects.toThrow(/clients\/trakia-agro\.yaml changed on disk/);
    expect(readFileSync(path, 'utf8')).toBe(saved);
  });

  it('between reading and saving: refused; with no change in between the same save goes through', async () => {
    const { root, path, save, original } = await setup();
    const saved = original.replace('stage: negotiation', 'stage: contract');
    await expect(save({}, () => writeFileSync(path, saved))).rejects.toThrow(RefusedError);
    expect(readFileSync(path, 'utf8')).toBe(saved);
    // The control: read again, save, and the change is there.
    await save();
    expect(parsedDossier(readFileSync(path, 'utf8'))).toMatchObject({ stage: 'contract', next: { date: '2026-11-30', action: 'call' } });
    expect(leftovers(root)).toEqual([]);
  });
});

describe('killed writers', () => {
  it('leave the old or the new complete dossier, never a torn one, and a stale lock does not block', async () => {
    const dir = book();
    const id = 'trakia-agro';
    const args = ['log', id, ...LOG_OPTIONS, '--summary', 'Crates: 2000'];
    // One run to completion: what a complete new entry looks like, and how long a run takes here.
    let text = dossierText(dir, id);
    const first = await spawnTickler(dir, args);
    expect(first.code).toBe(0);
    const entry = parsedDossier(dossierText(dir, id)).log!.at(-1);
    expect(entry).toEqual({ at: '2026-11-23T10:15+01:00', by: 'alice', action: 'call', outcome: 'reached', summary: 'Crates: 2000', next: '2026-11-30' });
    const runMs = first.ms;
    text = dossierText(dir, id);
    let log = parsedDossier(text).log!;
    const outcomes = { unchanged: 0, written: 0 };
    for (let i = 0; i < 24; i++) {
      // Half the kills anywhere in a run, half in its last third, where the file is written.
      const delay = i % 2 === 0 ? Math.random() * runMs * 1.2 : runMs * (0.66 + Math.random() * 0.4);
      const run = await spawnTickler(dir, args, delay);
      expect([0, null]).toContain(run.code);
      const now = dossierText(dir, id);
      expect(now.length).toBeGreaterThan(0);
      const data = parsedDossier(now);
      if (now === text) {
        outcomes.unchanged++;
      } else {
        // A complete new version: exactly one more entry, the old ones as they were.
        outcomes.written++;
        expect(data.log).toEqual([...log, entry]);
        expect(data.next).toEqual({ date: '2026-11-30', action: 'call' });
        expect(now.startsWith(text.endsWith('\n') ? text : `${text}\n`)).toBe(true);
      }
      text = now;
      log = data.log!;
    }
    // The kills landed both before and after the write, so the window in between was in range.
    expect(outcomes.unchanged).toBeGreaterThan(0);
    expect(outcomes.written).toBeGreaterThan(0);
    // Temporary files a kill may leave are hidden: no command takes them for a dossier.
    const check = tickler(dir, ['validate']);
    expect(check.err).toBe('');
    expect(check.code).toBe(0);

    // A process killed while it holds the lock leaves it behind; the next log breaks it at once.
    const lock = join(dir, LOCK);
    let holder: { pid: number } | undefined;
    for (let attempt = 0; attempt < 20 && !holder; attempt++) {
      rmSync(lock, { force: true });
      const run = spawnTickler(dir, args);
      const deadline = Date.now() + 5000;
      while (!existsSync(lock) && Date.now() < deadline) {
        // poll: the child holds the lock for a few milliseconds only
      }
      const pid = readLockPid(lock);
      if (pid !== undefined) process.kill(pid, 'SIGKILL');
      await run;
      if (existsSync(lock) && readLockPid(lock) === pid) holder = { pid: pid! };
    }
    expect(holder, 'no process could be killed while it held the lock').toBeDefined();
    const count = parsedDossier(dossierText(dir, id)).log!.length;
    const next = await spawnTickler(dir, args);
    expect(next.err).toBe('');
    // (a lock it could not break would have made it give up, exit 1)
    expect(next.code).toBe(0);
    expect(parsedDossier(dossierText(dir, id)).log).toHaveLength(count + 1);
    expect(existsSync(lock)).toBe(false);
  }, 90_000);
});

function readLockPid(path: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

describe('stale locks', () => {
  const logCount = (dir: string) => parsedDossier(dossierText(dir, 'trakia-agro')).log!.length;

  it('a lock of a process that has died on this host is broken', () => {
    const dir = book();
    const dead = spawnSync(process.execPath, ['-e', '']);
    expect(dead.status).toBe(0);
    mkdirSync(join(dir, '.tickler'), { recursive: true });
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: dead.pid, host: hostname(), nonce: 'c0ffee' }));
    const count = logCount(dir);
    const result = tickler(dir, LOG_TRAKIA);
    expect(result.err).toBe('');
    // (a lock it could not break would have made it give up, exit 1)
    expect(result.code).toBe(0);
    expect(logCount(dir)).toBe(count + 1);
    expect(existsSync(join(dir, LOCK))).toBe(false);
  });

  it('a lock with a garbage body, a minute old, is broken', () => {
    const dir = book();
    mkdirSync(join(dir, '.tickler'), { recursive: true });
    const lock = join(dir, LOCK);
    writeFileSync(lock, '\u0000\u0000{"pid": garbage');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    const count = logCount(dir);
    const result = tickler(dir, LOG_TRAKIA);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(logCount(dir)).toBe(count + 1);
    expect(existsSync(lock)).toBe(false);
  });

  it('the control: a live holder is waited for, and nothing is written until it lets go', async () => {
    const dir = book();
    mkdirSync(join(dir, '.tickler'), { recursive: true });
    const lock = join(dir, LOCK);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'live' }));
    const original = dossierText(dir, 'trakia-agro');
    const run = spawnTickler(dir, LOG_TRAKIA.slice());
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(dossierText(dir, 'trakia-agro')).toBe(original);
    rmSync(lock);
    const result = await run;
    expect(result.code).toBe(0);
    expect(result.ms).toBeGreaterThanOrEqual(800);
    expect(dossierText(dir, 'trakia-agro')).not.toBe(original);
    expect(existsSync(lock)).toBe(false);
  });
});

// Regressions of 2e5f719 ("plan every edit on one parse"); both worked at 611afc6, fixed since.
describe('bugs these tests found (fixed)', () => {
  // BUG: a blank line appears before the new `log:` when the file has no final newline, `next` is its
  // last key and there is no `log` yet (a dossier written by hand): insertLines adds a line break to
  // every insert at the end of such a text, also when another patch already ends the line there.
  it('log on a dossier without a final newline that ends with next: no blank line appears', () => {
    const head = 'name: Nowy Klient\nowner: alice\nstage: lead\n';
    const original = `${head}next:\n  date: 2026-11-23\n  action: call`;
    const entry = (next: string) => `log:\n  - at: 2026-11-23T10:15+01:00\n    by: alice\n    action: call\n    outcome: reached\n    next: ${next}\n`;
    const run = (args: string[]) => {
      const dir = book();
      writeFileSync(join(dir, 'clients', 'nowy-klient.yaml'), original);
      expect(tickler(dir, ['log', 'nowy-klient', '--outcome', 'reached', ...args]).code).toBe(0);
      return dossierText(dir, 'nowy-klient');
    };
    // A new key in next, then the new log: two inserts at the end.
    expect(run(['--next', '2026-11-30', '--note', 'Bring samples'])).toBe(`${head}next:\n  date: 2026-11-30\n  action: call\n  note: Bring samples\n${entry('2026-11-30')}`);
    // next deleted, then the new log where it was.
    expect(run(['--no-next'])).toBe(`${head}${entry('none')}`);
  });

  // BUG: resolve --resolution refuses a complaint written as a flow mapping ("cannot make this change
  // without disturbing the rest of the file (two changes touch the same part of the file)"); without
  // --resolution the same complaint is resolved.
  it('resolve --resolution on a complaint written as a flow mapping', () => {
    const dir = book();
    const head = 'name: Flow Complaint\nowner: alice\nstage: lead\nnext:\n  date: 2026-11-24\n  action: call\ncomplaints:\n';
    writeFileSync(join(dir, 'clients', 'flow-complaint.yaml'), `${head}  - { opened: 2026-11-18, summary: Damaged pallets, due: 2026-11-25 }\n`);
    const result = tickler(dir, ['resolve', 'flow-complaint', '--resolution', 'Credit note issued']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(dossierText(dir, 'flow-complaint')).toBe(
      `${head}  - { opened: 2026-11-18, summary: Damaged pallets, due: 2026-11-25, resolved: 2026-11-23, resolution: Credit note issued }\n`,
    );
  });
});
