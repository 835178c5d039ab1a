// Shell completion in a real bash (and fish when installed): the script from `tickler completion`
// completes commands, options, option values and client ids from the book.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOKS, CLI, run } from '../helpers.js';

// `tickler` on the PATH, as an installed one would be.
const bin = mkdtempSync(join(tmpdir(), 'tickler-bin-'));
writeFileSync(join(bin, 'tickler'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
chmodSync(join(bin, 'tickler'), 0o755);
const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' };
const BASIC = join(BOOKS, 'basic');

/** What bash completes for the words typed so far (the last one being completed). */
function bash(...words: string[]): string[] {
  const line = `source <(tickler completion bash); COMP_WORDS=(tickler ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}; _tickler; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const run = spawnSync('bash', ['-c', line], { cwd: BASIC, env, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').filter(Boolean);
}

/** What the scripts' `tickler __complete` answers, run in this process. */
async function words(...typed: string[]): Promise<string[]> {
  const { out } = await run(['__complete', String(typed.length), ...typed], { cwd: BASIC });
  return out.split('\n').filter(Boolean);
}

describe('completion', () => {
  it('in a real bash: commands and client ids from the book', () => {
    expect(bash('re')).toEqual(['rebalance', 'report', 'reschedule', 'resolve']);
    expect(bash('show', 'hur')).toEqual(['hurtownia-kowalski']);
  });

  it('options, option values and arguments from the command definitions and the book', async () => {
    expect(await words('log', 'hurtownia-kowalski', '--out')).toEqual(['--outcome']);
    expect(await words('log', 'hurtownia-kowalski', '--outcome', 'no')).toEqual(['no-answer', 'note']);
    expect(await words('today', '--owner', '')).toEqual(['alice', 'bob', 'carol']);
    expect(await words('list', '--stage', 'neg')).toEqual(['negotiation']);
    expect(await words('export', '')).toEqual(['csv', 'ics', 'json']);
    expect(await words('report', '--by', '')).toEqual(['day', 'outcome', 'owner', 'stage']);
    expect(await words('help', 'da')).toEqual(['dates']);
    expect(await words('help', 'lo')).toEqual(['log']);
    expect(await words('handover', '--from', 'a')).toEqual(['alice']);
    // (a date or a file: the shell's own completion)
    expect(await words('reschedule', 'hurtownia-kowalski', '')).toEqual([]);
    expect(await words('report', '--from', '')).toEqual([]);
  });

  it('outside a book: commands still, no clients', () => {
    const run = spawnSync('bash', ['-c', `source <(tickler completion bash); COMP_WORDS=(tickler show ''); COMP_CWORD=2; _tickler; echo "\${#COMPREPLY[@]}"`], { cwd: tmpdir(), env, encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('0');
  });

  it('prints the scripts for zsh and fish, and refuses another shell', () => {
    for (const shell of ['zsh', 'fish']) {
      const run = spawnSync('tickler', ['completion', shell], { env, encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('tickler __complete');
    }
    const other = spawnSync('tickler', ['completion', 'tcsh'], { env, encoding: 'utf8' });
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/^tickler: completion for which shell\? bash, zsh, fish/);
  });

  it.runIf(spawnSync('fish', ['--version']).status === 0)('fish completes client ids too', () => {
    const run = spawnSync('fish', ['-c', 'tickler completion fish | source; complete -C "tickler show hur"'], { cwd: BASIC, env, encoding: 'utf8' });
    expect(run.stdout.split('\n')[0]).toMatch(/^hurtownia-kowalski/);
  });
});
