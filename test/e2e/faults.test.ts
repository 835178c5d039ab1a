// Faults of the machine, end to end: a full disk, a read-only file system, no permission, a file
// where a folder should be, links and read-only dossiers, dates out of range. Each write fails
// with one line and exit 1 or 2, leaves every file as it was and nothing behind; reading goes on.
// The full disk and the read-only file system are real (a small tmpfs); they need root, as does
// running as another user, which is how "no permission" is made for root (CI runs as root).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { parseYamlText } from '../../src/book/read/yaml.js';
import { BOOKS, CLI, ROOT, cli, copyBook } from '../helpers.js';

const TODAY = '2026-11-23';
const CLOCK = { TICKLER_NOW: '2026-11-23T09:15:00Z', TICKLER_USER: 'alice' };
const LOG = ['log', 'trakia-agro', '--outcome', 'reached', '--next', '2026-11-30', '--today', TODAY];
const isRoot = process.getuid?.() === 0;

const made: string[] = [];
const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts) spawnSync('umount', ['-l', dir]);
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function book(): string {
  const dir = copyBook('edits');
  made.push(dir);
  return dir;
}

function tickler(dir: string, args: readonly string[]) {
  return cli([...args], { cwd: dir, env: CLOCK });
}

/** A failed write: exit code, one line on stderr, no stack trace, nothing on stdout. */
function failsInOneLine(result: { code: number | null; out: string; err: string }, code: number, message: RegExp): void {
  expect(result.out).toBe('');
  expect(result.err).not.toMatch(/internal error|\n\s+at /);
  expect(result.err.trim().split('\n')).toHaveLength(1);
  expect(result.err).toMatch(message);
  expect(result.code).toBe(code);
}

/**
 * Every file under `dir` (the local cache left out) by content and mtime. Folders' own times are
 * not: taking the lock and letting go of it touches clients/.
 */
function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (d === dir && entry.name === '.tickler') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        hash.update(`${path}/\n`);
        walk(path);
      } else hash.update(`${path}:${lstatSync(path).mtimeMs}:`).update(entry.isFile() ? readFileSync(path) : Buffer.alloc(0));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** Hidden files a write may leave in clients/ (temporary files, lock tickets, the lock). */
function leftovers(dir: string): string[] {
  return readdirSync(join(dir, 'clients')).filter((name) => name.startsWith('.'));
}

/** A tmpfs of `kb` KiB with the edits book on it (root only). */
function bookOnTmpfs(kb: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickler-fs-'));
  made.push(dir);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir]);
  if (mounted.status !== 0) throw new Error(`mount failed: ${mounted.stderr}`);
  mounts.push(dir);
  cpSync(join(BOOKS, 'edits'), dir, { recursive: true });
  return dir;
}

describe.skipIf(!isRoot)('a full disk (a real one: a small tmpfs filled up)', () => {
  it('log fails in one line, the dossier stays as it was, no temporary file or lock ticket is left; today still works', () => {
    const dir = bookOnTmpfs(512);
    // A cache first, so that reading does not need to write.
    expect(tickler(dir, ['today', '--today', TODAY]).code).toBe(0);
    const before = treeHash(join(dir, 'clients'));
    // Fill the disk.
    let n = 0;
    try {
      for (;;) writeFileSync(join(dir, `filler-${n++}`), Buffer.alloc(16 * 1024, 1));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      failsInOneLine(tickler(dir, LOG), 1, /^tickler: cannot write clients(?:\/\S+)?: no space left on the device \(ENOSPC\); no file was left half written\n$/);
      expect(leftovers(dir)).toEqual([]);
    }
    expect(treeHash(join(dir, 'clients'))).toBe(before);
    const today = tickler(dir, ['today', '--today', TODAY]);
    expect(today.code).toBe(0);
    expect(today.out).toContain('Тракия Агро');
    // With room again, the same log goes through.
    rmSync(join(dir, 'filler-0'));
    rmSync(join(dir, 'filler-1'));
    expect(tickler(dir, LOG).code).toBe(0);
  });
});

describe.skipIf(!isRoot)('a read-only file system', () => {
  it('log fails in one line and changes nothing; today, list and validate still work (the cache is not written)', () => {
    const dir = bookOnTmpfs(2048);
    const before = treeHash(dir);
    expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
    failsInOneLine(tickler(dir, LOG), 1, /^tickler: cannot write clients(?:\/\S+)?: the file system is read-only \(EROFS\); no file was left half written\n$/);
    for (const args of [['today'], ['list'], ['validate'], ['agenda']]) {
      const run = tickler(dir, [...args, '--today', TODAY]);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
    }
    expect(treeHash(dir)).toBe(before);
  });
});

describe('no permission to write the book', () => {
  it('log fails in one line and changes nothing', () => {
    const dir = book();
    // (the test run's own temporary folder is private; the other user must be able to reach the book)
    if (isRoot) chmodSync(tmpdir(), 0o711);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'clients'), 0o755);
    const before = treeHash(dir);
    // Root may write anything: the command then runs as another user, who may only read (and
    // runs a copy of the built CLI: the checkout may sit in a folder only root can enter).
    const cliCopy = isRoot ? mkdtempSync(join(tmpdir(), 'tickler-cli-')) : '';
    if (isRoot) {
      made.push(cliCopy);
      for (const part of ['bin', 'dist']) cpSync(join(ROOT, part), join(cliCopy, part), { recursive: true });
      chmodSync(cliCopy, 0o755);
    }
    const run = isRoot
      ? (() => {
          const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(cliCopy, 'bin', 'tickler.js'), ...LOG], {
            cwd: dir,
            env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...CLOCK },
            encoding: 'utf8',
          });
          return { code: result.status, out: result.stdout, err: result.stderr };
        })()
      : (chmodSync(join(dir, 'clients'), 0o555), tickler(dir, LOG));
    if (!isRoot) chmodSync(join(dir, 'clients'), 0o755);
    failsInOneLine(run, 1, /^tickler: cannot write clients(?:\/\S+)?: permission denied \(EACCES\); no file was left half written\n$/);
    expect(treeHash(dir)).toBe(before);
  });
});

describe('files where folders should be, and the other way round', () => {
  it('clients/ a regular file: today and log say so in one line', () => {
    const dir = book();
    rmSync(join(dir, 'clients'), { recursive: true });
    writeFileSync(join(dir, 'clients'), 'not a folder\n');
    failsInOneLine(tickler(dir, LOG), 1, /^tickler: .*clients.*(a file stands where a folder should be|not a folder)/);
    const today = tickler(dir, ['today', '--today', TODAY]);
    expect(today.err).not.toMatch(/internal error|\n\s+at /);
    expect(today.code).toBe(1);
  });

  it('a dossier that is a folder: log refuses in one line; today reports it and shows the others', () => {
    const dir = book();
    rmSync(join(dir, 'clients', 'trakia-agro.yaml'));
    mkdirSync(join(dir, 'clients', 'trakia-agro.yaml'));
    const before = treeHash(dir);
    const run = tickler(dir, LOG);
    expect(run.err).not.toMatch(/internal error|\n\s+at /);
    expect(run.err.split('\n')[0]).toBe('tickler: clients/trakia-agro.yaml:1:1: not a regular file');
    expect(run.code).toBe(1);
    expect(treeHash(dir)).toBe(before);
    const today = tickler(dir, ['today', '--today', TODAY]);
    expect(today.code).toBe(0);
    expect(today.out).toMatch(/clients\/trakia-agro\.yaml/);
    expect(today.out).toContain('Piekarnia Dąbrowski');
  });
});

describe('links and read-only dossiers', () => {
  it('log through a symbolic link inside clients/ changes the file it points to, and the link stays a link', () => {
    const dir = book();
    mkdirSync(join(dir, 'clients', 'archive'));
    renameSync(join(dir, 'clients', 'trakia-agro.yaml'), join(dir, 'clients', 'archive', 'trakia-agro.yaml'));
    symlinkSync('archive/trakia-agro.yaml', join(dir, 'clients', 'trakia-agro.yaml'));
    const run = tickler(dir, LOG);
    expect([run.code, run.err]).toEqual([0, '']);
    expect(lstatSync(join(dir, 'clients', 'trakia-agro.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'clients', 'trakia-agro.yaml'))).toBe('archive/trakia-agro.yaml');
    expect(readFileSync(join(dir, 'clients', 'archive', 'trakia-agro.yaml'), 'utf8')).toContain('at: 2026-11-23T10:15+01:00');
  });

  it('a read-only (0444) dossier is refused, not replaced', () => {
    const dir = book();
    chmodSync(join(dir, 'clients', 'trakia-agro.yaml'), 0o444);
    const before = treeHash(dir);
    failsInOneLine(tickler(dir, LOG), 1, /^tickler: clients\/trakia-agro\.yaml is read-only; nothing was written/);
    expect(treeHash(dir)).toBe(before);
  });
});

describe('the current folder deleted under the shell', () => {
  it('says so in one line; a book named by its path still works', () => {
    const dir = book();
    // (node itself starts in a folder that exists, enters one and deletes it, then runs the CLI)
    const runIn = (args: string[]) => {
      const gone = mkdtempSync(join(tmpdir(), 'tickler-gone-'));
      const script = `process.chdir(${JSON.stringify(gone)}); require('node:fs').rmdirSync(${JSON.stringify(gone)}); process.argv.splice(1, 0, ${JSON.stringify(CLI)}); require(${JSON.stringify(CLI)});`;
      return spawnSync(process.execPath, ['-e', script, '--', ...args], { env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...CLOCK }, encoding: 'utf8' });
    };
    const lost = runIn(['today', '--today', TODAY]);
    expect([lost.status, lost.stdout, lost.stderr]).toEqual([1, '', 'tickler: the current folder no longer exists (deleted?); change to another one, or name the book with --book\n']);
    const named = runIn(['today', '--book', dir, '--today', TODAY]);
    expect([named.status, named.stderr]).toEqual([0, '']);
    expect(named.stdout).toContain('Тракия Агро');
  });
});

describe('the size limit', () => {
  it('a log that would take a dossier past 1 MiB (the limit for reading too) is refused; the dossier stays readable', () => {
    const dir = book();
    const path = join(dir, 'clients', 'trakia-agro.yaml');
    const text = readFileSync(path, 'utf8');
    const room = 1024 * 1024 - Buffer.byteLength(text) - 'notes: ""\n'.length - (text.endsWith('\n') ? 0 : 1) - 40;
    writeFileSync(path, `${text}${text.endsWith('\n') ? '' : '\n'}notes: "${'n'.repeat(room)}"\n`);
    const before = treeHash(dir);
    failsInOneLine(tickler(dir, [...LOG, '--summary', 'x'.repeat(200)]), 1, /^tickler: the change would make clients\/trakia-agro\.yaml \d+ bytes, over the limit of 1048576; move old log entries or notes out of it first; nothing was written\n$/);
    expect(treeHash(dir)).toBe(before);
    expect(tickler(dir, ['show', 'trakia-agro', '--today', TODAY]).code).toBe(0);
  });
});

describe('dates out of range', () => {
  it.each([
    [['today', '--today', '9999-12-31'], /^tickler: --today must be a date from 1900-01-01 to 9990-12-31, not 9999-12-31\n$/],
    [['agenda', '--today', '0001-01-01'], /^tickler: --today must be a date from 1900-01-01 to 9990-12-31, not 0001-01-01\n$/],
    [['today', '--today', ''], /^tickler: --today must be a date written YYYY-MM-DD, not ""\n$/],
  ])('%j: one line, exit 2', (args, message) => {
    const dir = book();
    const before = treeHash(dir);
    failsInOneLine(tickler(dir, args), 2, message);
    expect(treeHash(dir)).toBe(before);
  });
});

describe('a killed writer leaves its temporary file; the next write replaces it', () => {
  it('a leftover .<id>.yaml.tmp is overwritten by the next write of that dossier, and is never read as a dossier', () => {
    const dir = book();
    const leftover = join(dir, 'clients', '.trakia-agro.yaml.tmp');
    writeFileSync(leftover, 'name: half written\nnext: {');
    const check = tickler(dir, ['validate', '--today', TODAY]);
    expect([check.code, check.err]).toEqual([0, '']);
    expect(tickler(dir, LOG).code).toBe(0);
    expect(existsSync(leftover)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  it('init writes a .gitignore that keeps such files and the lock out of commits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickler-init-'));
    made.push(dir);
    expect(cli(['init', dir], { env: CLOCK }).code).toBe(0);
    const ignore = readFileSync(join(dir, '.gitignore'), 'utf8');
    expect(ignore.split('\n')).toContain('clients/.*');
  });
});

/** The CLI as a child process, killed (SIGKILL) after `killAfter` ms when given. */
function spawnKilled(dir: string, args: readonly string[], killAfter?: number): Promise<{ code: number | null; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...CLOCK }, stdio: 'ignore' });
    const timer = killAfter === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfter);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - started });
    });
  });
}

describe('writers killed at random points (log has its own, in writes.test.ts)', () => {
  it('reschedule: every dossier old or new, never torn; the next run goes through', async () => {
    const dir = book();
    const path = join(dir, 'clients', 'trakia-agro.yaml');
    const args = (i: number) => ['reschedule', 'trakia-agro', `2026-12-${String(1 + (i % 28)).padStart(2, '0')}`, '--reason', `try ${i}`, '--today', TODAY];
    const first = await spawnKilled(dir, args(0));
    expect(first.code).toBe(0);
    let text = readFileSync(path, 'utf8');
    const seen = { unchanged: 0, written: 0 };
    for (let i = 1; i <= 16; i++) {
      const run = await spawnKilled(dir, args(i), first.ms * (0.4 + 0.8 * ((i * 7) % 16) / 16));
      const now = readFileSync(path, 'utf8');
      const before = parseYamlText(text).toJS() as { log: unknown[] };
      const after = parseYamlText(now);
      expect(after.errors).toEqual([]);
      if (now === text) seen.unchanged++;
      else {
        seen.written++;
        expect(run.code === 0 || run.code === null).toBe(true);
        const data = after.toJS() as { next: { date: string }; log: { outcome: string; reason: string }[] };
        expect(data.log.slice(0, -1)).toEqual(before.log);
        expect(data.log.at(-1)).toMatchObject({ outcome: 'rescheduled', reason: `try ${i}` });
        expect(data.next.date).toBe(args(i)[2]);
      }
      text = now;
    }
    expect(seen.unchanged + seen.written).toBe(16);
    const next = await spawnKilled(dir, args(17));
    expect(next.code).toBe(0);
    expect(tickler(dir, ['validate', '--today', TODAY]).code).toBe(0);
  }, 120_000);

  it('add: a new dossier is there complete or not at all; the next add of it goes through', async () => {
    const dir = book();
    const first = await spawnKilled(dir, ['add', 'Client Zero', '--next', '2026-12-01', '--today', TODAY]);
    expect(first.code).toBe(0);
    let made = 0;
    for (let i = 1; i <= 16; i++) {
      const run = await spawnKilled(dir, ['add', `Client ${i}`, '--next', '2026-12-01', '--today', TODAY], first.ms * (0.4 + 0.8 * ((i * 7) % 16) / 16));
      const path = join(dir, 'clients', `client-${i}.yaml`);
      if (!existsSync(path)) continue;
      made++;
      const doc = parseYamlText(readFileSync(path, 'utf8'));
      expect(doc.errors).toEqual([]);
      expect(doc.toJS()).toMatchObject({ name: `Client ${i}`, next: { date: '2026-12-01' } });
      expect(run.code === 0 || run.code === null).toBe(true);
    }
    // Every file the book lists is a whole dossier; what a kill left is hidden.
    const check = tickler(dir, ['validate', '--today', TODAY]);
    expect([check.code, check.err]).toEqual([0, '']);
    expect(made).toBeLessThanOrEqual(16);
    for (let i = 1; i <= 16; i++) {
      if (existsSync(join(dir, 'clients', `client-${i}.yaml`))) continue;
      expect(tickler(dir, ['add', `Client ${i}`, '--next', '2026-12-01', '--today', TODAY]).code).toBe(0);
    }
    expect(readdirSync(join(dir, 'clients')).filter((n) => /^\.client-\d+\.yaml\.tmp$/.test(n))).toEqual([]);
  }, 120_000);
});
