// The book's write lock under a long queue, played on a fake clock: a writer waits as long as the
// lock keeps passing from holder to holder, and gives up only on one holder that keeps it too long.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, withBookLock } from '../../src/book/write/lock.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function bookDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'tickler-lock-'));
  made.push(root);
  mkdirSync(join(root, 'clients'));
  return root;
}

/** A lock held by a live process of this host (this one), under its own nonce. */
function holdAs(root: string, nonce: string): void {
  writeFileSync(join(root, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), nonce }));
}

describe('the write lock', () => {
  it('passed from holder to holder for ten minutes: the waiting writer stays in line and gets it', async () => {
    const root = bookDir();
    holdAs(root, 'holder-0');
    let clock = 0;
    let tries = 0;
    const pause = () => {
      tries++;
      clock += 5_000; // each try, five seconds later…
      if (tries % 2 === 0) holdAs(root, `holder-${tries}`); // …and every ten seconds a new holder
      if (tries === 120) rmSync(join(root, LOCK_FILE)); // ten minutes on, the last one lets go
    };
    let ran = false;
    await withBookLock(root, async () => void (ran = true), { now: () => clock, pause });
    expect(ran).toBe(true);
    expect(tries).toBe(120);
    // Released, and no ticket left behind.
    expect(readdirSync(join(root, 'clients'))).toEqual([]);
  });

  it('one holder that keeps it over 15 s: the writer gives up, naming it, and leaves nothing behind', async () => {
    const root = bookDir();
    holdAs(root, 'stuck');
    let clock = 0;
    const pause = () => void (clock += 5_000);
    let ran = false;
    await expect(withBookLock(root, async () => void (ran = true), { now: () => clock, pause })).rejects.toThrow(
      new RegExp(`another tickler process \\(pid ${process.pid}\\) has been writing to this book for over 15 s`),
    );
    expect(ran).toBe(false);
    expect(clock).toBe(20_000);
    // Only the holder's lock remains: the writer's ticket is gone.
    expect(readdirSync(join(root, 'clients'))).toEqual(['.tickler.lock']);
  });

  it('lives in clients/, which every writer of the book can write', async () => {
    const root = bookDir();
    let held = false;
    await withBookLock(root, async () => void (held = existsSync(join(root, 'clients', '.tickler.lock'))));
    expect(held).toBe(true);
    expect(existsSync(join(root, '.tickler'))).toBe(false);
  });
});
