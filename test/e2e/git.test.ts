// The team's git, end to end (SPEC 2, 6.4, 6.8, 6.15, 7): real git, a bare remote and clones in
// temporary folders, the built CLI as git's merge driver. Logged calls made on two clones are all
// kept, once, in time order, whichever way they meet (sync's rebase, a merge commit, a branch
// merge, a cherry-pick); what the driver must not settle ends in a loud conflict with standard
// markers and nothing lost; git-setup, doctor, sync, autocommit and handover do what they say.
// git's configuration is isolated: every git and tickler process gets its own HOME, no system
// config and a global config of ours; the clock is fixed (TICKLER_NOW), nothing waits for time.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseYamlText } from '../../src/book/read/yaml.js';
import { BOOKS, CLI } from '../helpers.js';

const TODAY = '2026-11-23';
const BASIC = join(BOOKS, 'basic');

// ---------------------------------------------------------------------------------------------
// The sandbox: one folder for everything, a HOME and a global git config of our own.

const SCRATCH = mkdtempSync(join(tmpdir(), 'tickler-git-'));
const HOME = join(SCRATCH, 'home');
const GITCONFIG = join(SCRATCH, 'gitconfig');
mkdirSync(HOME);
writeFileSync(GITCONFIG, '[user]\n\tname = Tickler Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n');

afterAll(() => {
  rmSync(SCRATCH, { recursive: true, force: true });
});

interface Who {
  /** TICKLER_USER (default alice). */
  user?: string;
  /** TICKLER_NOW (default 2026-11-23T09:15:00Z). */
  now?: string;
}

function envFor(who: Who = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: GITCONFIG,
    // (git never looks for a repository above the sandbox: a book copied here without git is not in one)
    GIT_CEILING_DIRECTORIES: SCRATCH,
    TICKLER_NOW: who.now ?? '2026-11-23T09:15:00Z',
    TICKLER_USER: who.user ?? 'alice',
    NO_COLOR: '1',
    LC_ALL: 'C',
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
  };
}

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/**
 * A process without a shell and without a terminal (stdin is /dev/null). Asynchronous, so that
 * the tests of this file, each in its own sandbox, run side by side.
 */
function run(command: string, args: readonly string[], cwd: string, who?: Who): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, env: envFor(who), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, out, err }));
  });
}

const git = (cwd: string, args: readonly string[], who?: Who) => run('git', args, cwd, who);

/** git that must succeed; its stdout. */
async function ok(cwd: string, ...args: string[]): Promise<string> {
  const done = await git(cwd, args);
  if (done.code !== 0) throw new Error(`git ${args.join(' ')} failed (${done.code}) in ${cwd}:\n${done.err}${done.out}`);
  return done.out;
}

/** The built CLI. */
const tickler = (cwd: string, args: readonly string[], who?: Who) => run(process.execPath, [CLI, ...args], cwd, who);

/** A tickler command that must succeed. */
async function must(cwd: string, args: readonly string[], who?: Who): Promise<Run> {
  const done = await tickler(cwd, args, who);
  if (done.code !== 0) throw new Error(`tickler ${args.join(' ')} exited ${done.code} in ${cwd}:\n${done.err}${done.out}`);
  return done;
}

interface Call extends Who {
  next: string;
  summary: string;
  outcome?: string;
}

/** `tickler log` of one call, which must succeed. */
function logCall(cwd: string, client: string, call: Call): Promise<Run> {
  return must(cwd, ['log', client, '--outcome', call.outcome ?? 'reached', '--next', call.next, '--summary', call.summary, '--today', TODAY], call);
}

/**
 * Every test has a sandbox of its own (its own remote and clones), so they run side by side; the
 * time limit is only a safety net for a slow machine running them all at once.
 */
const SANDBOXED = { timeout: 180_000 };

let sandboxCount = 0;
function folder(name: string): string {
  return join(SCRATCH, `${name}-${++sandboxCount}`);
}

// ---------------------------------------------------------------------------------------------
// Dossiers read back.

type Entry = Record<string, unknown> & { at: string; by?: string; summary?: string; outcome?: string; next?: string };
type Data = Record<string, unknown> & { log?: Entry[]; next?: { date?: string }; stage?: string; owner?: string; cover?: { by?: string; until?: string } };

function parse(text: string): Data {
  const doc = parseYamlText(text.replace(/^\ufeff/, ''));
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  const data = doc.toJS() as unknown;
  expect(data).toBeTypeOf('object');
  return data as Data;
}

const pathOf = (id: string) => `clients/${id}.yaml`;
const textOf = (dir: string, id: string) => readFileSync(join(dir, pathOf(id)), 'utf8');
const dossier = (dir: string, id: string) => parse(textOf(dir, id));
/** The fixture's own dossier, before anyone touched it. */
const original = (id: string) => parse(readFileSync(join(BASIC, pathOf(id)), 'utf8'));

/** The log is in time order and holds no entry twice. */
function expectSound(log: readonly Entry[]): void {
  const times = log.map((e) => Date.parse(e.at));
  expect(times.every((t) => Number.isFinite(t))).toBe(true);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(new Set(log.map((e) => JSON.stringify(e))).size).toBe(log.length);
}

/** The log is the fixture's entries, then exactly these summaries in this order (each once). */
function expectLog(data: Data, id: string, summaries: readonly string[]): void {
  const log = data.log ?? [];
  expectSound(log);
  const before = original(id).log ?? [];
  expect(log.slice(0, before.length)).toEqual(before);
  expect(log.slice(before.length).map((e) => e.summary)).toEqual(summaries);
}

/** Replaces `from` by `to` in a dossier's text (which must hold `from` once). */
function editText(dir: string, id: string, from: string | RegExp, to: string): void {
  const text = textOf(dir, id);
  const count = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from.source, `${from.flags.replace('g', '')}g`)) ?? []).length;
  expect(count, `${id}: ${String(from)}`).toBe(1);
  writeFileSync(join(dir, pathOf(id)), text.replace(from, to));
}

const head = async (dir: string) => (await ok(dir, 'rev-parse', 'HEAD')).trim();
const unmerged = async (dir: string) => (await ok(dir, 'ls-files', '-u')).trim();
const status = async (dir: string) => (await ok(dir, 'status', '--porcelain')).trimEnd();
/** A side of an unmerged file in git's index: 1 the common ancestor, 2 ours, 3 theirs. */
const stage = (dir: string, n: 1 | 2 | 3, id: string) => ok(dir, 'show', `:${n}:${pathOf(id)}`);
async function inRebase(dir: string): Promise<boolean> {
  for (const name of ['rebase-merge', 'rebase-apply']) if (existsSync(resolve(dir, (await ok(dir, 'rev-parse', '--git-path', name)).trim()))) return true;
  return false;
}

/** Lines of a text that are a conflict marker of exactly `size` characters `c` (followed by a space or the end). */
function markerLines(text: string, c: string, size: number): string[] {
  const re = new RegExp(`^\\${c}{${size}}(?!\\${c})( .*)?$`);
  return text.split('\n').filter((line) => re.test(line));
}

// ---------------------------------------------------------------------------------------------
// A team: a bare remote holding the basic book, and clones of it with the driver registered.

/** A copy of the basic book (without the fixture's cache and oracle). */
function copyBasic(dir: string): void {
  cpSync(BASIC, dir, { recursive: true, filter: (src) => !src.includes('basic/.tickler') && !src.endsWith('EXPECTED.md') });
}

/**
 * The basic book as a team starts it: `tickler git-setup` (it writes .gitattributes and
 * .gitignore and registers the driver), committed, as a bare repository. Made once (the first
 * test to ask makes it, the others wait for it); each test's remote is a clone of it. `driver`
 * is the line git-setup registered.
 */
let template: Promise<{ repo: string; driver: string }> | undefined;
function bookTemplate(): Promise<{ repo: string; driver: string }> {
  template ??= (async () => {
    const seed = folder('template');
    mkdirSync(seed);
    await ok(seed, 'init', '--quiet');
    copyBasic(seed);
    const setup = await must(seed, ['git-setup']);
    expect(setup.out).toContain('registered the merge driver');
    const driver = (await ok(seed, 'config', '--local', '--get', 'merge.tickler.driver')).trim();
    await ok(seed, 'add', '-A');
    await ok(seed, 'commit', '--quiet', '-m', 'the book');
    const repo = `${seed}.git`;
    await ok(SCRATCH, 'clone', '--quiet', '--bare', seed, repo);
    return { repo, driver };
  })();
  return template;
}

interface Team {
  remote: string;
  /** A new clone, on main, with the merge driver registered (unless `driver: false`). */
  clone(name: string, options?: { driver?: boolean }): Promise<string>;
}

/**
 * A team of its own for one test: a bare remote holding the book (with .gitattributes unless
 * `attributes: false`; with `git: {autocommit: true}` if asked), and a way to clone it.
 */
async function team(options: { attributes?: boolean; autocommit?: boolean } = {}): Promise<Team> {
  const root = folder('team');
  mkdirSync(root);
  const remote = join(root, 'remote.git');
  const { repo, driver: line } = await bookTemplate();
  if (options.attributes === false) {
    const seed = join(root, 'seed');
    mkdirSync(seed);
    await ok(seed, 'init', '--quiet');
    copyBasic(seed);
    writeFileSync(join(seed, '.gitignore'), '.tickler/\nclients/.*\n');
    await ok(seed, 'add', '-A');
    await ok(seed, 'commit', '--quiet', '-m', 'the book, before .gitattributes');
    await ok(root, 'clone', '--quiet', '--bare', seed, remote);
  } else await ok(root, 'clone', '--quiet', '--bare', repo, remote);
  const clone: Team['clone'] = async (name, { driver = true } = {}) => {
    const dir = join(root, `${name}-${++sandboxCount}`);
    await ok(root, 'clone', '--quiet', remote, dir);
    // (what `tickler git-setup` registers, without a process for each clone: git-setup itself is tested below)
    if (driver) {
      await ok(dir, 'config', '--local', 'merge.tickler.name', 'tickler: semantic merge of dossiers');
      await ok(dir, 'config', '--local', 'merge.tickler.driver', line);
    }
    return dir;
  };
  if (options.autocommit) {
    const seed = await clone('seed', { driver: false });
    writeFileSync(join(seed, 'tickler.yaml'), `${readFileSync(join(seed, 'tickler.yaml'), 'utf8')}git:\n  autocommit: true\n`);
    await ok(seed, 'commit', '--quiet', '-am', 'git.autocommit');
    await ok(seed, 'push', '--quiet');
  }
  return { remote, clone };
}

/** Commits everything tracked that changed, with plain git; the new HEAD. */
async function commitAll(dir: string, message: string): Promise<string> {
  await ok(dir, 'commit', '--quiet', '-a', '-m', message);
  return head(dir);
}

// =============================================================================================
// 1. Logged calls on two clones meet: every way git brings them together.

describe.concurrent('two clones log calls on the same client: every entry kept once, in time order', SANDBOXED, () => {
  it('tickler sync (pull --rebase): both entries, time order, next from the later entry; a third clone sees both', async () => {
    const T = await team();
    const a = await T.clone('alice');
    const b = await T.clone('bob');
    // hurtownia-kowalski: alice calls first, bob later; zeta: bob first, alice later.
    await logCall(a, 'hurtownia-kowalski', { user: 'alice', now: '2026-11-23T09:15:00Z', next: '2026-11-30', summary: 'Alice: Q1 volumes confirmed' });
    await logCall(a, 'zeta', { user: 'alice', now: '2026-11-23T14:00:00Z', next: '2026-12-02', summary: 'Alice: demo booked' });
    await logCall(b, 'hurtownia-kowalski', { user: 'bob', now: '2026-11-23T11:00:00Z', next: '2026-11-25', summary: 'Bob: no answer' });
    await logCall(b, 'zeta', { user: 'bob', now: '2026-11-23T10:00:00Z', next: '2026-11-27', summary: 'Bob: sent the brochure' });

    await commitAll(a, 'alice logs two calls');
    await ok(a, 'push', '--quiet');
    const second = await tickler(b, ['sync'], { user: 'bob' });
    expect(second.err).toBe('');
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/pulled the team's changes \(1 commit\)/);
    expect(second.out).toContain('pushed 1 commit');

    const check = (dir: string) => {
      const kowalski = dossier(dir, 'hurtownia-kowalski');
      expectLog(kowalski, 'hurtownia-kowalski', ['Alice: Q1 volumes confirmed', 'Bob: no answer']);
      expect(kowalski.next?.date).toBe('2026-11-25'); // bob's, the later call (his own side)
      const zeta = dossier(dir, 'zeta');
      expectLog(zeta, 'zeta', ['Bob: sent the brochure', 'Alice: demo booked']);
      expect(zeta.next?.date).toBe('2026-12-02'); // alice's, the later call (the side bob pulled)
    };
    check(b);
    // A rebase: no merge commit, bob's commit on top of alice's, nothing left over.
    expect((await ok(b, 'rev-list', '--merges', 'HEAD')).trim()).toBe('');
    expect((await ok(b, 'log', '--format=%s', '-2')).trim().split('\n')).toEqual([
      expect.stringMatching(/^tickler sync: 2 changes: update hurtownia-kowalski \(last: reached\), update zeta/),
      'alice logs two calls',
    ]);
    expect(await status(b)).toBe('');
    // A third clone, and alice after a pull, see the same files.
    const c = await T.clone('carol');
    check(c);
    expect(textOf(c, 'hurtownia-kowalski')).toBe(textOf(b, 'hurtownia-kowalski'));
    await ok(a, 'pull', '--quiet', '--ff-only');
    expect(textOf(a, 'zeta')).toBe(textOf(b, 'zeta'));
  });

  it('git pull --no-rebase (a merge commit): both entries, next from the later call, pushed and seen by a third clone', async () => {
    const T = await team();
    const a = await T.clone('alice');
    const b = await T.clone('bob');
    await logCall(a, 'handel-lodz', { user: 'alice', now: '2026-11-23T09:15:00Z', next: '2026-11-30', summary: 'Alice: samples sent' });
    await commitAll(a, 'alice logs handel-lodz');
    await ok(a, 'push', '--quiet');
    await logCall(b, 'handel-lodz', { user: 'bob', now: '2026-11-23T08:00:00Z', next: '2026-11-26', summary: 'Bob: early call, voicemail' });
    await commitAll(b, 'bob logs handel-lodz');

    const pulled = await git(b, ['pull', '--no-rebase', '--no-edit'], { user: 'bob' });
    expect(pulled.err).not.toMatch(/CONFLICT|merge-driver/);
    expect(pulled.code).toBe(0);
    expect((await ok(b, 'log', '-1', '--format=%P')).trim().split(' ')).toHaveLength(2);
    const merged = dossier(b, 'handel-lodz');
    expectLog(merged, 'handel-lodz', ['Bob: early call, voicemail', 'Alice: samples sent']);
    expect(merged.next?.date).toBe('2026-11-30'); // alice's call was the later one
    expect(await status(b)).toBe('');
    await ok(b, 'push', '--quiet');
    const c = await T.clone('carol');
    expect(textOf(c, 'handel-lodz')).toBe(textOf(b, 'handel-lodz'));
  });

  it('git merge of a branch, and git cherry-pick of its commit: both entries, next from the later call; picked twice, nothing doubled', async () => {
    const T = await team();
    const dir = await T.clone('alice');
    await ok(dir, 'checkout', '--quiet', '-b', 'visit');
    await logCall(dir, 'aerzte-bedarf', { user: 'alice', now: '2026-11-23T13:00:00Z', next: '2026-12-03', summary: 'Alice: visit agreed' });
    const visit = await commitAll(dir, 'visit');
    await ok(dir, 'checkout', '--quiet', 'main');
    await logCall(dir, 'aerzte-bedarf', { user: 'bob', now: '2026-11-23T10:00:00Z', next: '2026-11-27', summary: 'Bob: catalogue questions' });
    await commitAll(dir, 'bob on main');
    await ok(dir, 'branch', 'picking');
    const check = () => {
      const data = dossier(dir, 'aerzte-bedarf');
      expectLog(data, 'aerzte-bedarf', ['Bob: catalogue questions', 'Alice: visit agreed']);
      expect(data.next?.date).toBe('2026-12-03');
    };

    const merged = await git(dir, ['merge', '--no-edit', 'visit']);
    expect(merged.err).not.toMatch(/CONFLICT|merge-driver/);
    expect(merged.code).toBe(0);
    expect((await ok(dir, 'log', '-1', '--format=%P')).trim().split(' ')).toHaveLength(2);
    check();
    const afterMerge = textOf(dir, 'aerzte-bedarf');

    await ok(dir, 'checkout', '--quiet', 'picking');
    const picked = await git(dir, ['cherry-pick', visit]);
    expect(picked.err).not.toMatch(/CONFLICT|merge-driver/);
    expect(picked.code).toBe(0);
    check();
    expect(textOf(dir, 'aerzte-bedarf')).toBe(afterMerge);
    // Picked again on top of itself: the same entry on both sides is kept once.
    const again = await git(dir, ['cherry-pick', '--keep-redundant-commits', visit]);
    expect(again.code).toBe(0);
    check();
    expect(await status(dir)).toBe('');
  });

  it('git revert of a log commit: the newest comes out cleanly; an older one under a newer entry is a loud conflict that loses nothing', async () => {
    const T = await team();
    const dir = await T.clone('alice');
    // The newest commit reverted: the file is as before the call (git needs no driver for it).
    const before = textOf(dir, 'mazury-boats');
    await logCall(dir, 'mazury-boats', { user: 'alice', now: '2026-11-23T09:15:00Z', next: '2026-11-30', summary: 'Alice: wrong client, oops' });
    const wrong = await commitAll(dir, 'log on the wrong client');
    const reverted = await git(dir, ['revert', '--no-edit', wrong]);
    expect(reverted.code).toBe(0);
    expect(textOf(dir, 'mazury-boats')).toBe(before);

    // An older log commit reverted under a newer entry: that removes an old log entry, which the
    // driver must not settle (SPEC 6.15): a loud conflict (non-zero exit, the file unmerged), the
    // newer call still in the file and every side whole in the index.
    await logCall(dir, 'apex', { user: 'alice', now: '2026-11-23T09:15:00Z', next: '2026-11-30', summary: 'Alice: first call' });
    const older = await commitAll(dir, 'first');
    await logCall(dir, 'apex', { user: 'bob', now: '2026-11-23T11:00:00Z', next: '2026-12-01', summary: 'Bob: second call' });
    await commitAll(dir, 'second');
    const run = await git(dir, ['revert', '--no-edit', older]);
    expect(run.code).toBe(1);
    expect(`${run.out}${run.err}`).toMatch(/CONFLICT \(content\): Merge conflict in clients\/apex\.yaml/);
    expect(run.err).toMatch(/tickler merge-driver: clients\/apex\.yaml: log entry 3 \(at 2026-11-23T10:15\+01:00\) was changed or removed on their side/);
    expect(await unmerged(dir)).toContain('clients/apex.yaml');
    expect(textOf(dir, 'apex')).toContain('Bob: second call');
    expectLog(parse(await stage(dir, 2, 'apex')), 'apex', ['Alice: first call', 'Bob: second call']);
    expectLog(parse(await stage(dir, 3, 'apex')), 'apex', []);
    await ok(dir, 'revert', '--abort');
    expect(await status(dir)).toBe('');
  });
});

// =============================================================================================
// 2–5, 8. What the driver must not settle: a loud conflict, standard markers, nothing lost.

describe.concurrent('conflicts: loud, with standard markers, nothing lost', SANDBOXED, () => {
  it('stage changed differently on both sides: git reports a conflict, 7-character markers, doctor names it, writes refuse', async () => {
    const T = await team();
    const a = await T.clone('alice');
    const b = await T.clone('bob');
    editText(a, 'atlas-okna', /^stage: negotiation$/m, 'stage: contract');
    await commitAll(a, 'atlas-okna: contract');
    await ok(a, 'push', '--quiet');
    editText(b, 'atlas-okna', /^stage: negotiation$/m, 'stage: lost');
    await commitAll(b, 'atlas-okna: lost');

    const pulled = await git(b, ['pull', '--no-rebase', '--no-edit']);
    expect(pulled.code).toBe(1);
    expect(`${pulled.out}${pulled.err}`).toMatch(/CONFLICT \(content\): Merge conflict in clients\/atlas-okna\.yaml/);
    expect(pulled.err).toMatch(/tickler merge-driver: clients\/atlas-okna\.yaml: `stage` changed on both sides/);
    expect((await unmerged(b)).split('\n').map((l) => l.split('\t')[1])).toEqual(Array(3).fill('clients/atlas-okna.yaml'));
    const text = textOf(b, 'atlas-okna');
    expect(markerLines(text, '<', 7)).toHaveLength(1);
    expect(markerLines(text, '=', 7)).toHaveLength(1);
    expect(markerLines(text, '>', 7)).toHaveLength(1);
    expect(markerLines(text, '|', 7)).toHaveLength(0);
    expect(text).toMatch(/^<{7} [^\n]*\nstage: lost\n={7}\nstage: contract\n>{7} /m);

    const doctor = await tickler(b, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(/problem: unresolved merge conflicts in clients\/atlas-okna\.yaml\n\s+fix: /);
    expect(doctor.out).toMatch(/problem: conflict markers in clients\/atlas-okna\.yaml\n\s+fix: /);

    // Writing commands refuse while the merge is unfinished, on any client of the book.
    const snapshot = [textOf(b, 'atlas-okna'), textOf(b, 'widok-hotel')];
    const refused = await tickler(b, ['log', 'widok-hotel', '--outcome', 'reached', '--next', '2026-11-30', '--today', TODAY], { user: 'bob' });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/unresolved git conflicts \(clients\/atlas-okna\.yaml\); finish the merge first/);
    expect([textOf(b, 'atlas-okna'), textOf(b, 'widok-hotel')]).toEqual(snapshot);
  });

  it('an old log entry edited on one side while the other appends: conflict with markers, both sides kept', async () => {
    const T = await team();
    const dir = await T.clone('alice');
    await ok(dir, 'checkout', '--quiet', '-b', 'fix');
    // The newest entry's own next date corrected by hand (the line right before where an append goes).
    editText(dir, 'widok-hotel', /^ {4}next: 2026-11-23$/m, '    next: 2026-11-24');
    await commitAll(dir, 'correct an old entry');
    await ok(dir, 'checkout', '--quiet', 'main');
    await logCall(dir, 'widok-hotel', { user: 'bob', now: '2026-11-23T08:10:00Z', next: '2026-12-01', summary: 'Bob: linen samples wanted' });
    await commitAll(dir, 'bob logs');
    const run = await git(dir, ['merge', '--no-edit', 'fix']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/tickler merge-driver: clients\/widok-hotel\.yaml: log entry 1 \(at 2026-11-17T08:55\+01:00\) was changed or removed on their side/);
    expect(await unmerged(dir)).toContain('clients/widok-hotel.yaml');
    const text = textOf(dir, 'widok-hotel');
    expect(markerLines(text, '<', 7)).toHaveLength(1);
    expect(markerLines(text, '>', 7)).toHaveLength(1);
    // Both sides' text is in the file (and each whole in the index).
    expect(text).toContain('Bob: linen samples wanted');
    expect(text).toContain('    next: 2026-11-24');
    expect(text).toContain('    next: 2026-11-23');
    expectLog(parse(await stage(dir, 2, 'widok-hotel')), 'widok-hotel', ['Bob: linen samples wanted']);
    expect(await stage(dir, 3, 'widok-hotel')).toContain('    next: 2026-11-24');
  });

  it('one side does not parse (a YAML syntax error): conflict with markers, both sides kept', async () => {
    const T = await team();
    const dir = await T.clone('alice');
    await ok(dir, 'checkout', '--quiet', '-b', 'broken');
    // A log entry typed by hand with an unclosed quote.
    writeFileSync(join(dir, pathOf('lodz-metal')), `${textOf(dir, 'lodz-metal')}  - at: 2026-11-23T08:00+01:00\n    by: carol\n    summary: "unclosed\n`);
    await commitAll(dir, 'hand-typed entry');
    await ok(dir, 'checkout', '--quiet', 'main');
    await logCall(dir, 'lodz-metal', { user: 'carol', now: '2026-11-23T09:30:00Z', next: '2026-12-21', summary: 'Carol: monthly check-in' });
    await commitAll(dir, 'carol logs');
    const run = await git(dir, ['merge', '--no-edit', 'broken']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/tickler merge-driver: clients\/lodz-metal\.yaml: their side is not a valid dossier/);
    expect(await unmerged(dir)).toContain('clients/lodz-metal.yaml');
    const text = textOf(dir, 'lodz-metal');
    expect(markerLines(text, '<', 7)).toHaveLength(1);
    expect(markerLines(text, '=', 7)).toHaveLength(1);
    expect(markerLines(text, '>', 7)).toHaveLength(1);
    expect(text).toContain('Carol: monthly check-in');
    expect(text).toContain('summary: "unclosed');
    // validate points at the markers; doctor names the conflict.
    const validate = await tickler(dir, ['validate', pathOf('lodz-metal')]);
    expect(validate.code).toBe(1);
    expect(validate.out + validate.err).toMatch(/conflict/i);
  });

  it('one side deletes the dossier, the other logs a call: modify/delete conflict, the call is kept', async () => {
    const T = await team();
    const a = await T.clone('alice');
    const b = await T.clone('carol');
    await ok(a, 'rm', '--quiet', pathOf('echo-serwis'));
    await ok(a, 'commit', '--quiet', '-m', 'echo-serwis closed');
    await ok(a, 'push', '--quiet');
    await logCall(b, 'echo-serwis', { user: 'carol', now: '2026-11-23T10:00:00Z', next: '2026-11-26', summary: 'Carol: brochure sent' });
    await commitAll(b, 'carol logs echo-serwis');
    const pulled = await git(b, ['pull', '--no-rebase', '--no-edit']);
    expect(pulled.code).toBe(1);
    expect(`${pulled.out}${pulled.err}`).toMatch(/CONFLICT \(modify\/delete\): clients\/echo-serwis\.yaml deleted in .* and modified in HEAD/);
    const stages = (await unmerged(b)).split('\n').map((l) => l.split(/\s+/)[2]);
    expect(stages).toEqual(['1', '2']);
    expectLog(dossier(b, 'echo-serwis'), 'echo-serwis', ['Carol: brochure sent']);
    expectLog(parse(await stage(b, 2, 'echo-serwis')), 'echo-serwis', ['Carol: brochure sent']);
    expect(await stage(b, 1, 'echo-serwis')).toBe(readFileSync(join(BASIC, pathOf('echo-serwis')), 'utf8'));
  });

  it('merge.conflictStyle=diff3 gives the base section; conflict-marker-size (%L) is respected', async () => {
    const T = await team();
    const dir = await T.clone('alice');
    await ok(dir, 'config', 'merge.conflictStyle', 'diff3');
    writeFileSync(join(dir, '.gitattributes'), `${readFileSync(join(dir, '.gitattributes'), 'utf8')}clients/vilnius-paper.yaml conflict-marker-size=10\n`);
    await ok(dir, 'commit', '--quiet', '-am', 'longer markers for vilnius-paper');
    await ok(dir, 'checkout', '--quiet', '-b', 'theirs');
    for (const id of ['nordic-fish', 'vilnius-paper']) editText(dir, id, /^stage: negotiation$/m, 'stage: contract');
    await commitAll(dir, 'won');
    await ok(dir, 'checkout', '--quiet', 'main');
    for (const id of ['nordic-fish', 'vilnius-paper']) editText(dir, id, /^stage: negotiation$/m, 'stage: dormant');
    await commitAll(dir, 'dormant');
    const run = await git(dir, ['merge', '--no-edit', 'theirs']);
    expect(run.code).toBe(1);
    expect(await unmerged(dir)).toMatch(/nordic-fish[\s\S]*vilnius-paper/);

    const seven = textOf(dir, 'nordic-fish');
    expect(seven).toMatch(/^<{7} [^\n]*\nstage: dormant\n\|{7} [^\n]*\nstage: negotiation\n={7}\nstage: contract\n>{7} /m);
    const ten = textOf(dir, 'vilnius-paper');
    expect(ten).toMatch(/^<{10} [^\n]*\nstage: dormant\n\|{10} [^\n]*\nstage: negotiation\n={10}\nstage: contract\n>{10} /m);
    for (const c of ['<', '|', '=', '>']) {
      expect(markerLines(ten, c, 10)).toHaveLength(1);
      expect(markerLines(ten, c, 7)).toHaveLength(0);
    }
  });
});

// =============================================================================================
// 6, 9. The driver's registration: missing, broken, set up twice; doctor.

describe.concurrent('the merge driver registered, missing or broken; git-setup and doctor', SANDBOXED, () => {
  it('git-setup twice: the second run says so and changes nothing; doctor is happy on a healthy clone', async () => {
    const T = await team();
    const dir = await T.clone('fresh', { driver: false });
    const files = () => ['.git/config', '.gitattributes', '.gitignore'].map((f) => readFileSync(join(dir, f), 'utf8'));
    const first = await must(dir, ['git-setup']);
    expect(first.out).toBe('registered the merge driver in .git/config (merge.tickler.driver)\n');
    expect((await ok(dir, 'config', '--get', 'merge.tickler.driver')).trim()).toMatch(/ merge-driver %O %A %B %L %P$/);
    const after = files();
    const second = await must(dir, ['git-setup']);
    expect(second.out).toBe('the merge driver was registered already\n');
    expect(files()).toEqual(after);
    expect(await status(dir)).toBe('');
    const doctor = await tickler(dir, ['doctor']);
    expect(doctor.out).not.toContain('problem');
    expect(doctor.out).toContain('All is well.');
    expect(doctor.code).toBe(0);
  });

  it('init in a git work tree writes the attributes and registers the driver', async () => {
    const dir = folder('new-book');
    mkdirSync(dir);
    await ok(dir, 'init', '--quiet');
    const run = await must(dir, ['init']);
    expect(run.out).toContain('Registered the merge driver');
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8').split('\n')).toContain('clients/*.yaml merge=tickler');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toContain('.tickler/');
    expect(existsSync(join(dir, 'tickler.yaml'))).toBe(true);
    expect((await ok(dir, 'check-attr', 'merge', '--', 'clients/acme.yaml')).trim()).toBe('clients/acme.yaml: merge: tickler');
    expect((await ok(dir, 'config', '--local', '--get', 'merge.tickler.driver')).trim()).toMatch(/ merge-driver %O %A %B %L %P$/);
  });

  it('a registered driver that does not run: doctor says to run git-setup; a merge conflicts and keeps both sides; git-setup repairs it', async () => {
    const T = await team();
    const dir = await T.clone('broken');
    await ok(dir, 'config', 'merge.tickler.driver', `${join(SCRATCH, 'no-such-tickler')} merge-driver %O %A %B %L %P`);
    const doctor = await tickler(dir, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(/problem: the registered merge driver does not run .*\n\s+fix: run `tickler git-setup`/);

    await ok(dir, 'checkout', '--quiet', '-b', 'bob');
    await logCall(dir, 'sofia-foods', { user: 'bob', now: '2026-11-23T11:00:00Z', next: '2026-12-07', summary: 'Bob: Christmas assortment ordered' });
    await commitAll(dir, 'bob logs');
    await ok(dir, 'checkout', '--quiet', 'main');
    await logCall(dir, 'sofia-foods', { user: 'alice', now: '2026-11-23T09:15:00Z', next: '2026-12-04', summary: 'Alice: check-in' });
    await commitAll(dir, 'alice logs');
    const run = await git(dir, ['merge', '--no-edit', 'bob']);
    expect(run.code).not.toBe(0);
    expect(await unmerged(dir)).toContain('clients/sofia-foods.yaml');
    // Nothing lost: each side whole in the index.
    expectLog(parse(await stage(dir, 2, 'sofia-foods')), 'sofia-foods', ['Alice: check-in']);
    expectLog(parse(await stage(dir, 3, 'sofia-foods')), 'sofia-foods', ['Bob: Christmas assortment ordered']);
    await ok(dir, 'merge', '--abort');

    // The fix doctor names: git-setup; then the same merge is clean.
    expect((await must(dir, ['git-setup'])).out).toContain('registered the merge driver');
    expect((await git(dir, ['merge', '--no-edit', 'bob'])).code).toBe(0);
    const merged = dossier(dir, 'sofia-foods');
    expectLog(merged, 'sofia-foods', ['Alice: check-in', 'Bob: Christmas assortment ordered']);
    expect(merged.next?.date).toBe('2026-12-07');
  });

  it('no driver registered, or one not on PATH: doctor says to run git-setup; git falls back to a line merge with markers', async () => {
    const T = await team();
    const dir = await T.clone('unregistered', { driver: false });
    const doctor = await tickler(dir, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(/problem: no merge driver registered \(merge\.tickler\.driver\).*\n\s+fix: run `tickler git-setup`/);

    await ok(dir, 'checkout', '--quiet', '-b', 'bob');
    await logCall(dir, 'kaunas-dairy', { user: 'bob', now: '2026-11-23T11:00:00Z', next: '2026-11-30', summary: 'Bob: meeting held' });
    await commitAll(dir, 'bob logs');
    await ok(dir, 'checkout', '--quiet', 'main');
    await logCall(dir, 'kaunas-dairy', { user: 'alice', now: '2026-11-23T09:15:00Z', next: '2026-12-01', summary: 'Alice: from Berlin' });
    await commitAll(dir, 'alice logs');
    const run = await git(dir, ['merge', '--no-edit', 'bob']);
    expect(run.code).toBe(1);
    const text = textOf(dir, 'kaunas-dairy');
    expect(markerLines(text, '<', 7).length).toBeGreaterThan(0);
    expect(text).toContain('Bob: meeting held');
    expect(text).toContain('Alice: from Berlin');
    expect(await stage(dir, 3, 'kaunas-dairy')).toContain('Bob: meeting held');
    await ok(dir, 'merge', '--abort');

    // A driver named by a bare command that is not on PATH.
    await ok(dir, 'config', 'merge.tickler.driver', 'tickler-not-on-path merge-driver %O %A %B %L %P');
    const missing = await tickler(dir, ['doctor']);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/problem: the registered merge driver does not run .*not found.*\n\s+fix: run `tickler git-setup`/);
  });
});

// =============================================================================================
// 7. A branch cut before the book had .gitattributes (README, "Working as a team": such a branch
// merges dossiers line by line until it has the file; commit .gitattributes on it, or merge the
// main branch's commit that added it first, then merge).

describe.concurrent('a branch cut before .gitattributes existed', SANDBOXED, () => {
  it('merges line by line until it has the file; with .gitattributes committed on it (git-setup) or merged in first, the merge settles the dossier', async () => {
    const T = await team({ attributes: false });
    const dir = await T.clone('old');
    await ok(dir, 'checkout', '--quiet', '-b', 'old');
    await logCall(dir, 'riga-print', { user: 'carol', now: '2026-11-23T12:00:00Z', next: '2026-12-03', summary: 'Carol: old branch call' });
    await commitAll(dir, 'carol logs on old');
    await ok(dir, 'branch', 'old2');
    await ok(dir, 'checkout', '--quiet', 'main');
    // The team sets the book up for merging on main.
    const setup = await must(dir, ['git-setup']);
    expect(setup.out).toContain('wrote .gitattributes: commit it');
    await ok(dir, 'add', '.gitattributes', '.gitignore');
    const setupCommit = await commitAll(dir, 'git-setup');
    await logCall(dir, 'riga-print', { user: 'bob', now: '2026-11-23T09:00:00Z', next: '2026-11-30', summary: 'Bob: main branch call' });
    await commitAll(dir, 'bob logs on main');
    const settled = async () => {
      const data = dossier(dir, 'riga-print');
      expectLog(data, 'riga-print', ['Bob: main branch call', 'Carol: old branch call']);
      expect(data.next?.date).toBe('2026-12-03');
      expect(await unmerged(dir)).toBe('');
    };

    // The old branch as it is: git reads the attributes of the work tree, which has none; doctor says so.
    await ok(dir, 'checkout', '--quiet', 'old');
    expect(existsSync(join(dir, '.gitattributes'))).toBe(false);
    const doctor = await tickler(dir, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(/problem: git does not give dossiers the tickler driver .*\n\s+fix: run `tickler git-setup`.*then commit \.gitattributes/);
    const lineByLine = await git(dir, ['merge', '--no-edit', 'main']);
    expect(lineByLine.code).toBe(1);
    expect(lineByLine.err).not.toContain('tickler merge-driver');
    expect(await unmerged(dir)).toContain('clients/riga-print.yaml');
    expect(markerLines(textOf(dir, 'riga-print'), '<', 7).length).toBeGreaterThan(0);
    await ok(dir, 'merge', '--abort');

    // Either: git-setup on the branch, commit .gitattributes, then merge.
    const again = await must(dir, ['git-setup']);
    expect(again.out).toContain('the merge driver was registered already');
    expect(again.out).toContain('wrote .gitattributes: commit it');
    await ok(dir, 'add', '.gitattributes', '.gitignore');
    await commitAll(dir, 'git-setup on old');
    const merged = await git(dir, ['merge', '--no-edit', 'main']);
    expect(merged.err).not.toMatch(/CONFLICT/);
    expect(merged.code).toBe(0);
    await settled();
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8').split('\n')).toContain('clients/*.yaml merge=tickler');

    // Or: merge main's commit that added .gitattributes first, then main.
    await ok(dir, 'checkout', '--quiet', 'old2');
    await ok(dir, 'merge', '--quiet', '--no-edit', setupCommit);
    const second = await git(dir, ['merge', '--no-edit', 'main']);
    expect(second.err).not.toMatch(/CONFLICT/);
    expect(second.code).toBe(0);
    await settled();
  });
});

// =============================================================================================
// 10. sync.

describe.concurrent('tickler sync', SANDBOXED, () => {
  it('nothing to commit: says so and makes no commit', async () => {
    const T = await team();
    const dir = await T.clone('idle');
    const before = await head(dir);
    const run = await must(dir, ['sync']);
    expect(run.out).toBe('nothing to commit\npulled: nothing new\npushed: nothing to push\n');
    expect(await head(dir)).toBe(before);
  });

  it("commits only the book's files: a stray notes.txt stays uncommitted; pushes", async () => {
    const T = await team();
    const dir = await T.clone('busy');
    const before = await head(dir);
    await logCall(dir, 'vilnius-paper', { user: 'carol', now: '2026-11-23T09:45:00Z', next: '2026-11-30', summary: 'Carol: price list sent' });
    writeFileSync(join(dir, 'notes.txt'), 'my own notes\n');
    const run = await must(dir, ['sync'], { user: 'carol' });
    expect(run.out).toMatch(/^committed 1 change: update vilnius-paper \(last: reached\)\n/);
    expect(run.out).toContain('pushed 1 commit');
    expect((await ok(dir, 'rev-list', '--count', `${before}..HEAD`)).trim()).toBe('1');
    expect((await ok(dir, 'show', '--name-only', '--format=%s', 'HEAD')).trim().split('\n')).toEqual(['tickler sync: update vilnius-paper (last: reached)', '', 'clients/vilnius-paper.yaml']);
    expect(await status(dir)).toBe('?? notes.txt');
    expect((await ok(T.remote, 'rev-parse', 'main')).trim()).toBe(await head(dir));
  });

  // Other work of the user's (staged, or tracked and edited) is stashed around the pull and put back.
  it('with a file outside the book staged: only the book is committed, pulled and pushed; the staged file stays staged', async () => {
    const T = await team();
    const dir = await T.clone('staged');
    const mate = await T.clone('mate');
    await logCall(mate, 'baltic-timber', { user: 'bob', now: '2026-11-23T09:30:00Z', next: '2026-12-01', summary: 'Bob: samples' });
    await must(mate, ['sync'], { user: 'bob' });
    writeFileSync(join(dir, 'docs.txt'), 'one\n');
    await ok(dir, 'add', 'docs.txt');
    await commitAll(dir, 'docs.txt');
    writeFileSync(join(dir, 'docs.txt'), 'one\ntwo, staged\n');
    await ok(dir, 'add', 'docs.txt');
    writeFileSync(join(dir, 'docs.txt'), 'one\ntwo, staged\nthree, not staged\n');
    writeFileSync(join(dir, 'other.txt'), 'staged for a commit of my own\n');
    await ok(dir, 'add', 'other.txt');
    await logCall(dir, 'echo-serwis', { user: 'carol', now: '2026-11-23T09:45:00Z', next: '2026-11-30', summary: 'Carol: brochure sent' });
    const run = await tickler(dir, ['sync'], { user: 'carol' });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect((await ok(dir, 'show', '--name-only', '--format=', 'HEAD')).trim()).toBe('clients/echo-serwis.yaml');
    expect((await ok(T.remote, 'rev-parse', 'main')).trim()).toBe(await head(dir));
    // Each file back as it was: staged what was staged, the rest not.
    expect(await status(dir)).toBe('MM docs.txt\nA  other.txt');
    expect((await ok(dir, 'show', ':docs.txt'))).toBe('one\ntwo, staged\n');
    expect(readFileSync(join(dir, 'docs.txt'), 'utf8')).toBe('one\ntwo, staged\nthree, not staged\n');
    expectLog(dossier(dir, 'baltic-timber'), 'baltic-timber', ['Bob: samples']);
  });

  it("other work of the user that conflicts with the team's: exit 1 naming it, nothing lost (git stash keeps a copy), nothing pushed", async () => {
    const T = await team();
    const a = await T.clone('alice');
    const b = await T.clone('bob');
    writeFileSync(join(a, 'other.txt'), 'base\n');
    await ok(a, 'add', 'other.txt');
    await commitAll(a, 'other.txt');
    await ok(a, 'push', '--quiet');
    await ok(b, 'pull', '--quiet');
    writeFileSync(join(a, 'other.txt'), 'alice\n');
    await commitAll(a, 'other.txt by alice');
    await ok(a, 'push', '--quiet');
    writeFileSync(join(b, 'other.txt'), 'bob, not committed\n');
    await logCall(b, 'vilnius-paper', { user: 'bob', now: '2026-11-23T09:50:00Z', next: '2026-11-30', summary: 'Bob: price list' });
    const remoteBefore = (await ok(T.remote, 'rev-parse', 'main')).trim();
    const run = await tickler(b, ['sync'], { user: 'bob' });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/your other work \(other\.txt\) conflicts with the team's changes in other\.txt/);
    expect(run.err).toMatch(/nothing was pushed yet/);
    expect((await ok(T.remote, 'rev-parse', 'main')).trim()).toBe(remoteBefore);
    expect(readFileSync(join(b, 'other.txt'), 'utf8')).toMatch(/bob, not committed/);
    expect((await ok(b, 'stash', 'list')).trim()).not.toBe('');
    expect(await inRebase(b)).toBe(false);
  });

  it('a conflict: exit 1 naming the file, the rebase undone (HEAD is our commit); --keep-conflicts stays in the rebase; resolved by hand, sync pushes', async () => {
    const T = await team();
    const a = await T.clone('alice');
    const b = await T.clone('bob');
    editText(a, 'baltic-timber', /^stage: negotiation$/m, 'stage: contract');
    await commitAll(a, 'baltic-timber: contract');
    await ok(a, 'push', '--quiet');
    editText(b, 'baltic-timber', /^stage: negotiation$/m, 'stage: dormant');
    const ours = await commitAll(b, 'baltic-timber dormant');

    const run = await tickler(b, ['sync'], { user: 'bob' });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/conflict with yours in clients\/baltic-timber\.yaml; nothing was changed/);
    expect(await head(b)).toBe(ours);
    expect(await inRebase(b)).toBe(false);
    expect(await status(b)).toBe('');
    expect(await unmerged(b)).toBe('');
    expect(dossier(b, 'baltic-timber').stage).toBe('dormant');

    const kept = await tickler(b, ['sync', '--keep-conflicts'], { user: 'bob' });
    expect(kept.code).toBe(1);
    expect(kept.err).toMatch(/conflicts in clients\/baltic-timber\.yaml; the rebase waits for you/);
    expect(await inRebase(b)).toBe(true);
    expect(await unmerged(b)).toContain('clients/baltic-timber.yaml');
    expect(markerLines(textOf(b, 'baltic-timber'), '<', 7)).toHaveLength(1);
    // Not again while it waits.
    const stuck = await tickler(b, ['sync'], { user: 'bob' });
    expect(stuck.code).toBe(1);
    expect(stuck.err).toMatch(/in the middle of a merge or rebase with conflicts in clients\/baltic-timber\.yaml/);

    // Resolved as the README says (keep the right lines, `git add`, `git rebase --continue`), then sync.
    editText(b, 'baltic-timber', /^<{7} [^\n]*\nstage: contract\n={7}\nstage: dormant\n>{7} [^\n]*\n/m, 'stage: dormant\n');
    await ok(b, 'add', pathOf('baltic-timber'));
    await ok(b, '-c', 'core.editor=true', 'rebase', '--continue');
    expect(await inRebase(b)).toBe(false);
    const done = await tickler(b, ['sync'], { user: 'bob' });
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toContain('pushed 1 commit');
    expect((await ok(T.remote, 'show', `main:${pathOf('baltic-timber')}`)).match(/^stage: .*$/m)?.[0]).toBe('stage: dormant');
    expect((await ok(b, 'log', '--format=%s', '-2')).trim().split('\n')).toEqual(['baltic-timber dormant', 'baltic-timber: contract']);
  });

  it('a book that is not a git repository: exit 1, a message about git', async () => {
    const dir = folder('no-git');
    copyBasic(dir);
    const run = await tickler(dir, ['sync']);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toMatch(/^tickler: sync needs the book to be a git repository.*git init/);
  });
});

// =============================================================================================
// 11, 13. git.autocommit.

describe.concurrent('git.autocommit: each write commits exactly its files', SANDBOXED, () => {
  it('log, add, reschedule and handover each make one commit of their files; what was staged or edited before stays out', async () => {
    const T = await team({ autocommit: true });
    const dir = await T.clone('alice');
    writeFileSync(join(dir, 'other.txt'), 'staged, not for tickler\n');
    await ok(dir, 'add', 'other.txt');
    editText(dir, 'widok-hotel', 'linen service', 'linen and towel service'); // edited by hand, not staged
    const start = await head(dir);
    const commitsSince = async (from: string) => Number((await ok(dir, 'rev-list', '--count', `${from}..HEAD`)).trim());
    const lastCommit = async () => {
      const [subject, , ...files] = (await ok(dir, 'show', '--name-only', '--format=%s', 'HEAD')).trim().split('\n');
      return { subject, files };
    };
    const untouched = async () => {
      expect((await ok(dir, 'diff', '--cached', '--name-only')).trim()).toBe('other.txt');
      expect((await status(dir)).split('\n').sort()).toEqual([' M clients/widok-hotel.yaml', 'A  other.txt']);
    };

    await logCall(dir, 'hurtownia-kowalski', { next: '2026-11-30', summary: 'Q1 volumes confirmed' });
    expect(await commitsSince(start)).toBe(1);
    expect(await lastCommit()).toEqual({ subject: 'log hurtownia-kowalski: reached, next 2026-11-30', files: ['clients/hurtownia-kowalski.yaml'] });
    await untouched();

    let mark = await head(dir);
    const added = await must(dir, ['add', 'Nowa Hurtownia Sp. z o.o.', '--id', 'nowa-hurtownia', '--next', '2026-11-30', '--today', TODAY]);
    expect(added.err).not.toMatch(/not committed/);
    expect(await commitsSince(mark)).toBe(1);
    expect(await lastCommit()).toEqual({ subject: 'add nowa-hurtownia, next 2026-11-30', files: ['clients/nowa-hurtownia.yaml'] });
    await untouched();

    mark = await head(dir);
    await must(dir, ['reschedule', 'zeta', '2026-12-01', '--today', TODAY]);
    expect(await commitsSince(mark)).toBe(1);
    expect(await lastCommit()).toEqual({ subject: 'reschedule zeta: 2026-11-23 -> 2026-12-01', files: ['clients/zeta.yaml'] });
    await untouched();

    mark = await head(dir);
    const alices = readdirSync(join(dir, 'clients')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).filter((id) => dossier(dir, id).owner === 'alice').sort();
    expect(alices).toContain('nowa-hurtownia');
    await must(dir, ['handover', '--from', 'alice', '--to', 'bob', '--until', '2026-12-31', '--yes', '--today', TODAY]);
    expect(await commitsSince(mark)).toBe(1);
    const handover = await lastCommit();
    expect(handover.subject).toMatch(/^handover alice -> bob: cover until 2026-12-31 \(/);
    expect(handover.files).toEqual(alices.map(pathOf));
    await untouched();
  });

  it('two people log calls on the same client all day, syncing in varying order: a third clone sees every entry in time order and the last decision', async () => {
    const T = await team({ autocommit: true });
    const a = await T.clone('alice');
    const b = await T.clone('bob');
    const id = 'lodz-metal';
    // Eight calls, alternating, 25 minutes apart; the next date each one decided.
    const decisions = ['2026-11-30', '2026-12-03', '2026-11-26', '2026-12-07', '2026-11-27', '2026-12-04', '2026-12-01', '2026-11-25'];
    const calls = decisions.map((next, i) => {
      const minutes = 7 * 60 + 25 * i;
      const now = `2026-11-23T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00Z`;
      const [dir, user] = i % 2 === 0 ? [a, 'alice'] : [b, 'bob'];
      return { dir, user, now, next, summary: `${user} call ${i + 1}` };
    });
    // How each clone catches up after a call: tickler sync, or plain git (rebase or a merge commit).
    const syncs: Record<number, [string, 'sync' | 'rebase' | 'merge'][]> = {
      0: [[a, 'rebase']],
      3: [[b, 'sync'], [a, 'merge']],
      4: [[a, 'rebase']],
      5: [[b, 'merge']],
      6: [[a, 'rebase'], [b, 'merge']],
      7: [[b, 'rebase']],
    };
    const catchUp = async (dir: string, how: 'sync' | 'rebase' | 'merge') => {
      if (how === 'sync') {
        const run = await tickler(dir, ['sync']);
        expect(run.err).toBe('');
        expect(run.code).toBe(0);
        return;
      }
      const pulled = await git(dir, ['pull', how === 'rebase' ? '--rebase' : '--no-rebase', '--no-edit']);
      expect(pulled.err).not.toMatch(/CONFLICT|merge-driver/);
      expect(pulled.code).toBe(0);
      await ok(dir, 'push', '--quiet');
    };
    for (const [i, call] of calls.entries()) {
      await logCall(call.dir, id, call);
      for (const [dir, how] of syncs[i] ?? []) await catchUp(dir, how);
    }
    await catchUp(a, 'sync');

    const c = await T.clone('carol');
    const data = dossier(c, id);
    expectLog(data, id, calls.map((call) => call.summary));
    expect(data.log!.slice(-calls.length).map((e) => [e.by, e.next])).toEqual(calls.map((call) => [call.user, call.next]));
    expect(data.next?.date).toBe(calls.at(-1)!.next);
    for (const dir of [a, b]) {
      await ok(dir, 'pull', '--quiet', '--ff-only');
      expect(textOf(dir, id)).toBe(textOf(c, id));
      expect(await status(dir)).toBe('');
    }
  });
});

// =============================================================================================
// 12. handover.

describe.concurrent('handover', SANDBOXED, () => {
  /** A copy of the basic book (handover needs no git). */
  const copy = () => {
    const dir = folder('handover');
    copyBasic(dir);
    return dir;
  };
  const ids = (dir: string) => readdirSync(join(dir, 'clients')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  const texts = (dir: string) => Object.fromEntries(ids(dir).map((id) => [id, textOf(dir, id)]));
  const ALICE = ['aerzte-bedarf', 'apex', 'handel-lodz', 'hurtownia-kowalski', 'kaunas-dairy', 'mazury-boats', 'plovdiv-wine', 'zeta'];
  const handover = (dir: string, args: string[]) => tickler(dir, ['handover', '--from', 'alice', ...args, '--today', TODAY], { user: 'alice' });
  const lastEntry = (data: Data) => data.log!.at(-1)!;
  const todayOf = async (dir: string, who: string) => {
    const run = await must(dir, ['today', '--as', who, '--mine', '--format', 'json', '--today', TODAY]);
    return (JSON.parse(run.out) as { items: { client: string; owner: string; coveredBy: string | null }[] }).items;
  };

  it('--until covers all of alice\'s clients (and only hers), each with a handover entry; bob\'s day lists them; --end removes the covers; without --yes off a terminal nothing changes', async () => {
    const dir = copy();
    const before = texts(dir);
    expect(ids(dir).filter((id) => dossier(dir, id).owner === 'alice')).toEqual(ALICE);

    const refused = await handover(dir, ['--to', 'bob', '--until', '2026-12-31']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--yes/);
    expect(texts(dir)).toEqual(before);

    const run = await handover(dir, ['--to', 'bob', '--until', '2026-12-31', '--yes']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('changed 8 dossiers');
    const after = texts(dir);
    for (const id of ids(dir)) {
      if (!ALICE.includes(id)) {
        expect(after[id], id).toBe(before[id]);
        continue;
      }
      const data = dossier(dir, id);
      expect(data.owner).toBe('alice');
      expect(data.cover).toEqual({ by: 'bob', until: '2026-12-31' });
      expect(data.log!.length).toBe((original(id).log ?? []).length + 1);
      expect(lastEntry(data)).toMatchObject({ by: 'alice', outcome: 'handover', summary: 'covered by bob until 2026-12-31' });
      expectSound(data.log!);
    }
    const bobs = await todayOf(dir, 'bob');
    const covered = bobs.filter((item) => item.owner === 'alice').map((item) => item.client).sort();
    // alice's clients due by today: all but plovdiv-wine (next 2026-11-28).
    expect(covered).toEqual(ALICE.filter((id) => id !== 'plovdiv-wine'));
    expect(bobs.filter((item) => item.owner === 'alice').every((item) => item.coveredBy === 'bob')).toBe(true);
    expect((await todayOf(dir, 'alice')).filter((item) => ALICE.includes(item.client))).toEqual([]);

    const ended = await handover(dir, ['--end', '--yes']);
    expect(ended.code).toBe(0);
    for (const id of ALICE) {
      const data = dossier(dir, id);
      expect(data.cover).toBeUndefined();
      expect(lastEntry(data)).toMatchObject({ outcome: 'handover', summary: 'cover by bob ended' });
    }
    expect((await todayOf(dir, 'bob')).filter((item) => item.owner === 'alice')).toEqual([]);
    for (const id of ids(dir).filter((i) => !ALICE.includes(i))) expect(textOf(dir, id)).toBe(before[id]);
  });

  it('--tag and --client limit the cover; --permanent changes the owner', async () => {
    const dir = copy();
    const before = texts(dir);
    expect((await handover(dir, ['--to', 'bob', '--until', '2026-12-31', '--tag', 'warsaw', '--yes'])).code).toBe(0);
    const changed = () => ids(dir).filter((id) => textOf(dir, id) !== before[id]);
    expect(changed()).toEqual(['apex', 'hurtownia-kowalski']);
    for (const id of changed()) expect(dossier(dir, id).cover).toEqual({ by: 'bob', until: '2026-12-31' });

    expect((await handover(dir, ['--to', 'carol', '--until', '2026-12-18', '--client', 'zeta', '--yes'])).code).toBe(0);
    expect(changed()).toEqual(['apex', 'hurtownia-kowalski', 'zeta']);
    expect(dossier(dir, 'zeta').cover).toEqual({ by: 'carol', until: '2026-12-18' });

    expect((await handover(dir, ['--to', 'carol', '--permanent', '--client', 'plovdiv-wine', '--yes'])).code).toBe(0);
    expect(changed()).toEqual(['apex', 'hurtownia-kowalski', 'plovdiv-wine', 'zeta']);
    const wine = dossier(dir, 'plovdiv-wine');
    expect(wine.owner).toBe('carol');
    expect(lastEntry(wine)).toMatchObject({ outcome: 'handover', summary: 'owner alice -> carol' });
  });
});
