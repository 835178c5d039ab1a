// The launcher (bin/tickler.js) and the built start-up bundle: the code cache the build made is
// one this node accepts, a bad one is ignored, and the bundle also runs without the launcher.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cli, copyBook } from '../helpers.js';

const TODAY = ['--today', '2026-11-23'];
const book = copyBook('basic');
afterAll(() => rmSync(book, { recursive: true, force: true }));

function node(script: string, args: string[]) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: book, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('launcher', () => {
  it('has code caches for dist/main.cjs and the lazily loaded modules that this node accepts', () => {
    const launcher = readFileSync(join(ROOT, 'bin', 'tickler.js'), 'utf8');
    // the wrapper the launcher compiles, taken from the launcher itself
    const wrapper = JSON.parse(`[${/const wrapper = \[(.*)\];/.exec(launcher)![1]!.replace(/'/g, '"')}]`) as [string, string];
    const caches = [join(ROOT, 'dist', 'main.v8cache'), ...readdirSync(join(ROOT, 'dist', 'lazy')).filter((n) => n.endsWith('.v8cache')).map((n) => join(ROOT, 'dist', 'lazy', n))];
    expect(caches.map((c) => c.replace(/^.*dist[\\/]/, ''))).toEqual(expect.arrayContaining(['main.v8cache', 'lazy/readers.v8cache']));
    for (const cache of caches) {
      const file = cache.replace(/\.v8cache$/, '.cjs');
      const script = new Script(wrapper[0] + readFileSync(file, 'utf8') + wrapper[1], { filename: file, cachedData: readFileSync(cache) });
      expect(script.cachedDataRejected, file).toBe(false);
    }
  });

  it('ignores a code cache V8 rejects, and lazily loaded commands still run', () => {
    const copy = mkdtempSync(join(tmpdir(), 'tickler-launcher-'));
    try {
      cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
      cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
      writeFileSync(join(copy, 'dist', 'main.v8cache'), 'not a code cache');
      writeFileSync(join(copy, 'dist', 'lazy', 'readers.v8cache'), 'not a code cache either');
      const today = node(join(copy, 'bin', 'tickler.js'), ['today', ...TODAY]);
      expect(today.err).toBe('');
      expect(today.out).toBe(cli(['today', ...TODAY], { cwd: book }).out);
      const show = node(join(copy, 'bin', 'tickler.js'), ['show', 'apex', ...TODAY]);
      expect(show.code).toBe(0);
      expect(show.out).toBe(cli(['show', 'apex', ...TODAY], { cwd: book }).out);
      rmSync(join(copy, 'dist', 'main.v8cache'));
      expect(node(join(copy, 'bin', 'tickler.js'), ['today', ...TODAY]).out).toBe(today.out);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('runs dist/main.cjs directly too, lazily loaded commands included', () => {
    for (const args of [['today', ...TODAY], ['show', 'apex', ...TODAY], ['validate']]) {
      const direct = node(join(ROOT, 'dist', 'main.cjs'), args);
      const launched = cli(args, { cwd: book });
      expect(direct.err).toBe(launched.err);
      expect([direct.code, direct.out]).toEqual([launched.code, launched.out]);
    }
  });
});
