// The package as a new user gets it: `npm pack`, installed into an empty folder without dev
// dependencies or a build step, runs `tickler demo` there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

describe('the packed package', () => {
  it('installs into an empty folder without dev dependencies and runs the demo', () => {
    const out = mkdtempSync(join(tmpdir(), 'tickler-pack-'));
    const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    // (--ignore-scripts: the build is the suite's own, already made; the package ships it)
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: ROOT, env, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const files = info.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/tickler.js', 'dist/main.cjs', 'LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'schemas/dossier.schema.json']));
    expect(files.filter((f) => /^(src|test|scripts)\//.test(f))).toEqual([]);

    const home = mkdtempSync(join(tmpdir(), 'tickler-user-'));
    const install = spawnSync('npm', ['install', '--prefix', home, '--omit=dev', '--prefer-offline', join(out, info.filename)], { cwd: home, env, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    expect(existsSync(join(home, 'node_modules', 'vitest'))).toBe(false);
    expect(existsSync(join(home, 'node_modules', 'typescript'))).toBe(false);

    const tickler = join(home, 'node_modules', '.bin', 'tickler');
    const version = spawnSync(tickler, ['--version'], { cwd: home, encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const demo = spawnSync(tickler, ['demo', 'book'], { cwd: home, env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', TICKLER_TODAY: '2026-11-23' }, encoding: 'utf8' });
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/A demo book of \d+ clients is in book/);
    expect(readdirSync(join(home, 'book', 'clients')).length).toBeGreaterThan(20);
    const today = spawnSync(tickler, ['today'], { cwd: join(home, 'book'), env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', TICKLER_TODAY: '2026-11-23' }, encoding: 'utf8' });
    expect(today.status).toBe(0);
    expect(today.stdout).toMatch(/^\w{3} 23 Nov 2026 — \d+ due/);
  });
});
