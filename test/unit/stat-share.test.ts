// The shared stamps of a big book: the chunks a failed worker left are not waited for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SLOTS, awaitChunks, hangAfter, sharedStamps, statChunks, workerChunks } from '../../src/book/stat-share.js';

const dir = mkdtempSync(join(tmpdir(), 'tickler-share-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stat share', () => {
  it('stamps every file of the listing, chunk by chunk, and marks missing ones', () => {
    const names = Array.from({ length: 2500 }, (_, i) => `c${i}.yaml`);
    for (const name of names.slice(0, 2499)) writeFileSync(join(dir, name), name);
    const shared = sharedStamps(names.length);
    expect(statChunks(shared, names, dir + sep)).toBe(3);
    expect(awaitChunks(shared.control, 0)).toBe(true);
    expect(shared.stamps[0]).toBe(1);
    expect(shared.stamps[1]).toBe('c0.yaml'.length);
    expect(shared.stamps[2498 * SLOTS + 1]).toBe('c2498.yaml'.length);
    expect(shared.stamps[2499 * SLOTS]).toBe(0);
  });

  it('does not wait for a chunk whose worker failed in it', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `c${i}.yaml`);
    // a listing that fails in the middle of the second chunk, as a worker might
    const failing = new Proxy(names, { get: (target, key) => (key === '1500' ? (() => { throw new Error('gone'); })() : Reflect.get(target, key)) });
    const shared = sharedStamps(names.length);
    expect(() => workerChunks(shared, failing, dir + sep)).toThrow('gone');
    const started = Date.now();
    expect(awaitChunks(shared.control, 5_000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits no longer than it is told for a worker that hangs', () => {
    const shared = sharedStamps(2000);
    Atomics.store(shared.control, 0, 2); // both chunks taken, neither done, the worker still on them
    const started = Date.now();
    expect(awaitChunks(shared.control, 200)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("gives a worker's chunk in hand twenty times what one took here, from 100 ms to 5 s", () => {
    expect(hangAfter(40, 8)).toBe(100); // 5 ms a chunk
    expect(hangAfter(300, 10)).toBe(600);
    expect(hangAfter(12, 0)).toBe(240); // (no chunk left for this thread: the time it took to find none)
    expect(hangAfter(60_000, 2)).toBe(5_000);
  });
});
