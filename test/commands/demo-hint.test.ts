// The demo's closing hint works as printed: with tickler on the PATH, a cd and plain commands;
// run through npx (not on the PATH), npx lines that name the book.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers.js';

describe('demo hint', () => {
  it('plain commands after a cd when tickler is installed', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tickler-hint-'));
    const result = await run(['demo', 'my book', '--today', '2026-11-23'], { cwd: parent });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Try:\n {2}cd 'my book'\n {2}tickler show [a-z0-9-]+\n {2}tickler agenda --month\n/);
  });

  it('npx lines naming the book when run through npx', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tickler-hint-'));
    const result = await run(['demo', 'book', '--today', '2026-11-23'], { cwd: parent, env: { npm_command: 'exec' } });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Try:\n {2}npx tickler show [a-z0-9-]+ --book book\n {2}npx tickler agenda --month --book book\n/);
    expect(result.out).not.toMatch(/^ {2}cd /m);
  });
});
