// `validate --staged` as a one-line pre-commit hook, in a real git repository: it checks what is
// staged (the index's bytes, not the work tree's), and git refuses the commit when that is wrong.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, copyBook } from '../helpers.js';

describe('validate --staged', () => {
  it('checks the staged files as staged; as a pre-commit hook it stops a bad commit', () => {
    const dir = copyBook('basic');
    const bin = mkdtempSync(join(tmpdir(), 'tickler-bin-'));
    writeFileSync(join(bin, 'tickler'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'tickler'), 0o755);
    const config = join(bin, 'gitconfig');
    writeFileSync(config, '[user]\n\tname = T\n\temail = t@example.com\n[init]\n\tdefaultBranch = main\n');
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: bin, GIT_CONFIG_GLOBAL: config, GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1', TICKLER_TODAY: '2026-11-23' };
    const run = (command: string, ...args: string[]) => spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' });
    expect(run('git', 'init', '-q').status).toBe(0);
    expect(run('git', 'add', '-A').status).toBe(0);
    expect(run('git', 'commit', '-qm', 'book').status).toBe(0);

    // Nothing staged: nothing to check.
    const idle = run('tickler', 'validate', '--staged');
    expect(idle.status).toBe(0);
    expect(idle.stdout).toMatch(/^0 files checked: 0 errors, 0 warnings/m);

    // A bad stage staged; then the work tree fixed but not staged: the staged one counts.
    const path = join(dir, 'clients', 'zeta.yaml');
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, good.replace(/^stage: .*$/m, 'stage: negotiaton'));
    run('git', 'add', 'clients/zeta.yaml');
    writeFileSync(path, good);
    // An unstaged mistake elsewhere is not looked at.
    const other = join(dir, 'clients', 'apex.yaml');
    writeFileSync(other, readFileSync(other, 'utf8').replace(/^owner: .*$/m, 'owner: nobody'));
    const staged = run('tickler', 'validate', '--staged');
    expect(staged.status).toBe(1);
    expect(staged.stdout).toMatch(/clients\/zeta\.yaml:\d+:\d+: error: .*negotiaton/);
    expect(staged.stdout).not.toMatch(/apex/);
    expect(staged.stdout).toMatch(/1 file checked: 1 error/);

    // The one-line hook refuses the commit; staged right, it goes through.
    writeFileSync(join(dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\nexec tickler validate --staged\n');
    chmodSync(join(dir, '.git', 'hooks', 'pre-commit'), 0o755);
    const refused = run('git', 'commit', '-qm', 'bad stage');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/negotiaton/);
    writeFileSync(path, good.replace(/^stage: .*$/m, 'stage: negotiation'));
    run('git', 'add', 'clients/zeta.yaml');
    const fine = run('git', 'commit', '-qm', 'zeta in negotiation');
    expect(fine.status, fine.stdout + fine.stderr).toBe(0);

    expect(run('tickler', 'validate', '--staged', 'clients/zeta.yaml').status).toBe(2);
  });

  it('outside a git repository: a clear refusal', () => {
    const dir = copyBook('basic');
    const run = spawnSync(process.execPath, [CLI, 'validate', '--staged'], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, GIT_CEILING_DIRECTORIES: tmpdir() }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^tickler: validate --staged needs the book to be a git repository/);
  });
});
